/** @module `GET/POST /admin/account_settings` (reference §6.2). */
import { Hono } from 'hono';
import {
  accountSettingsUpdateSchema,
  type AccountSettings,
} from '../../../domain/settings/account-settings.js';
import type { AppEnv } from '../../app-env.js';
import { readJsonBody } from '../../read-json-body.js';

export function adminAccountSettingsRoutes(accountSettings: AccountSettings) {
  return new Hono<AppEnv>()
    .get('/account_settings', async (c) => c.json(await accountSettings.get()))
    .post('/account_settings', async (c) => {
      await accountSettings.update(await readJsonBody(c, accountSettingsUpdateSchema));
      return c.json({ success: true });
    });
}
