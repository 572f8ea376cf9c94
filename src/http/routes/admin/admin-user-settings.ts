/**
 * @module `/admin/user_settings`, `/admin/user_roles` and `/admin/role_address_config`
 * (reference §1.6 rows 23–24, 29–32): who may register and how, the configured roles and each
 * user's role, and the per-role maximum of bound addresses.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { UserServices } from '../../../domain/user/user-service.js';
import { userSettingsUpdateSchema } from '../../../domain/user/user-settings.js';
import type { AppEnv } from '../../app-env.js';
import { readJsonBody } from '../../read-json-body.js';

const userRoleBody = z.object({
  user_id: z.unknown().optional(),
  role_text: z.unknown().optional(),
});
const roleAddressConfigBody = z.object({ configs: z.unknown().optional() });

/** A user id as clients send it: a number, or a numeric string. */
const asUserId = (raw: unknown): unknown =>
  typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : raw;

export function adminUserSettingsRoutes(users: Pick<UserServices, 'settings' | 'roles'>) {
  return new Hono<AppEnv>()
    .get('/user_settings', async (c) => c.json(await users.settings.get()))
    .post('/user_settings', async (c) => {
      await users.settings.update(await readJsonBody(c, userSettingsUpdateSchema));
      return c.json({ success: true });
    })
    .get('/user_roles', (c) => c.json(users.roles.list()))
    .post('/user_roles', async (c) => {
      const body = await readJsonBody(c, userRoleBody);
      await users.roles.setUserRole(asUserId(body.user_id), body.role_text);
      return c.json({ success: true });
    })
    .get('/role_address_config', async (c) =>
      c.json({ configs: await users.roles.addressConfig() }),
    )
    .post('/role_address_config', async (c) => {
      const body = await readJsonBody(c, roleAddressConfigBody);
      await users.roles.setAddressConfig(body.configs);
      return c.json({ success: true });
    });
}
