/** @module `GET/POST /admin/ip_blacklist/settings` (reference §1.6 rows 50-51, §6.3). */
import { Hono } from 'hono';
import { z } from 'zod';
import type { IpAccessSettingsService } from '../../../domain/access/ip-access-settings.js';
import type { AppEnv } from '../../app-env.js';
import { readJsonBody } from '../../read-json-body.js';

export function adminIpAccessRoutes(settings: Pick<IpAccessSettingsService, 'read' | 'save'>) {
  return new Hono<AppEnv>()
    .get('/ip_blacklist/settings', async (c) => c.json(await settings.read()))
    .post('/ip_blacklist/settings', async (c) => {
      // The domain validates field by field, with the reference's messages.
      await settings.save(await readJsonBody(c, z.unknown()));
      return c.json({ success: true });
    });
}
