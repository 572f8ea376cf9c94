/**
 * @module The system side of the admin console (reference §1.6 rows 42, 45–49): the effective
 * configuration, the database version page, and the generic key/value config.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AdminConfig } from '../../../domain/system/admin-config.js';
import type { DbStatus } from '../../../domain/system/db-status.js';
import type { AppEnv } from '../../app-env.js';
import { readJsonBody } from '../../read-json-body.js';

export interface AdminSystemDeps {
  dbStatus: DbStatus;
  adminConfig: AdminConfig;
  /** GET /admin/worker/configs, computed once at start-up. */
  workerConfigs: Readonly<Record<string, unknown>>;
}

// Any JSON values: the service answers wrong ones with the reference's texts.
const configBody = z.object({ key: z.unknown().optional(), value: z.unknown().optional() });

export function adminSystemRoutes({ dbStatus, adminConfig, workerConfigs }: AdminSystemDeps) {
  return new Hono<AppEnv>()
    .get('/worker/configs', (c) => c.json(workerConfigs))
    .get('/db_version', async (c) => c.json(await dbStatus.version()))
    .post('/db_initialize', async (c) => c.json(await dbStatus.initialize()))
    .post('/db_migration', async (c) => c.json(await dbStatus.migrate()))
    .get('/config/:key', async (c) => c.json(await adminConfig.get(c.req.param('key'))))
    .post('/config', async (c) => {
      const body = await readJsonBody(c, configBody);
      return c.json(await adminConfig.set(body.key, body.value));
    });
}
