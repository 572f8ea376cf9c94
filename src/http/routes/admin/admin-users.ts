/**
 * @module Admin user management (reference §1.6 rows 25–28, 33–34): list/search, create,
 * delete, reset a password, a user's addresses, bind an address to a user.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { DomainError } from '../../../domain/errors.js';
import type { UserAdmin } from '../../../domain/user/user-admin.js';
import type { AppEnv } from '../../app-env.js';
import { readJsonBody } from '../../read-json-body.js';
import { parsePage } from '../../request-schemas.js';

// Caps only keep absurd inputs out; the service applies the real rules (lengths 1–100 ...).
const text = z.string().max(1000).nullish();
const credentialsBody = z.object({ email: text, password: text });
const passwordBody = z.object({ password: text });

/** A positive whole number, as JSON number or digit string (clients send either). */
const idField = z
  .union([z.number(), z.string().max(20)])
  .nullish()
  .transform((v, ctx) => {
    if (v === null || v === undefined || v === '') return undefined;
    const id = typeof v === 'number' ? v : /^\d+$/.test(v) ? Number(v) : NaN;
    if (Number.isSafeInteger(id) && id > 0) return id;
    ctx.addIssue({ code: 'custom', message: 'expected a positive integer id' });
    return z.NEVER;
  });

const bindBody = z.object({
  user_id: idField,
  user_email: text,
  address_id: idField,
  address: text,
});

/** A user id from the URL, else 400 InvalidUserIdMsg. */
function parseUserId(raw: string | undefined): number {
  const id = raw !== undefined && /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!(Number.isSafeInteger(id) && id > 0)) throw new DomainError('invalid_user_id');
  return id;
}

export function adminUserRoutes(users: UserAdmin) {
  return new Hono<AppEnv>()
    .get('/users', async (c) =>
      c.json(
        await users.list({ ...parsePage((n) => c.req.query(n)), query: c.req.query('query') }),
      ),
    )
    .post('/users', async (c) => {
      const body = await readJsonBody(c, credentialsBody);
      await users.create(body.email ?? '', body.password ?? '');
      return c.json({ success: true });
    })
    .delete('/users/:user_id', async (c) => {
      await users.remove(parseUserId(c.req.param('user_id')));
      return c.json({ success: true });
    })
    .post('/users/:user_id/reset_password', async (c) => {
      const userId = parseUserId(c.req.param('user_id'));
      const body = await readJsonBody(c, passwordBody);
      await users.resetPassword(userId, body.password ?? '');
      return c.json({ success: true });
    })
    .get('/users/bind_address/:user_id', async (c) =>
      c.json(await users.boundAddresses(parseUserId(c.req.param('user_id')))),
    )
    .post('/users/bind_address', async (c) => {
      const body = await readJsonBody(c, bindBody);
      await users.bind({
        userId: body.user_id,
        userEmail: body.user_email ?? undefined,
        addressId: body.address_id,
        address: body.address ?? undefined,
      });
      return c.json({ success: true });
    });
}
