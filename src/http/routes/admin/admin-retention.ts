/**
 * @module Retention under `/admin` (reference §1.6 rows 17, 20–22, §7.2, §7.3): one-off
 * cleanups, the automatic cleanup settings, a manual run of the scheduled cleanup, statistics.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { CleanupScheduler } from '../../../domain/retention/cleanup-scheduler.js';
import { cleanupSettingsSchema } from '../../../domain/retention/cleanup-settings.js';
import type { RetentionService } from '../../../domain/retention/retention-service.js';
import type { AppEnv } from '../../app-env.js';
import { readJsonBody } from '../../read-json-body.js';

// Any JSON values: the service checks them and answers with the reference's texts.
const cleanupBody = z.object({
  cleanType: z.unknown().optional(),
  cleanDays: z.unknown().optional(),
});

export function adminRetentionRoutes(
  retention: RetentionService,
  scheduler: Pick<CleanupScheduler, 'runNow'>,
) {
  return (
    new Hono<AppEnv>()
      .post('/cleanup', async (c) => {
        const body = await readJsonBody(c, cleanupBody);
        await retention.cleanup(body.cleanType, body.cleanDays);
        return c.json({ success: true });
      })
      .get('/auto_cleanup', async (c) => c.json(await retention.getSettings()))
      .post('/auto_cleanup', async (c) => {
        await retention.saveSettings(await readJsonBody(c, cleanupSettingsSchema));
        return c.json({ success: true });
      })
      // New: run the enabled cleanups now instead of waiting for the next tick.
      .post('/auto_cleanup/run', async (c) =>
        c.json({ success: true, ...(await scheduler.runNow()) }),
      )
      .get('/statistics', async (c) => c.json(await retention.statistics()))
  );
}
