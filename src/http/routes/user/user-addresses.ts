/**
 * @module The `/user_api` routes behind the user token (reference §1.5 rows 5–12): the user's
 * settings, the mail of their addresses, and binding, unbinding and transferring addresses.
 * Everything acts for `c.get('user')` only.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AddressTokens } from '../../../auth/address-token.js';
import type { TokenSigner } from '../../../auth/token-signer.js';
import { readRoleToken } from '../../../auth/user-token.js';
import { DomainError } from '../../../domain/errors.js';
import type { UserServices } from '../../../domain/user/user-service.js';
import type { AppEnv } from '../../app-env.js';
import { bearerToken, type AddressLookup } from '../../middleware/require-address-token.js';
import { readJsonBody } from '../../read-json-body.js';
import { parseId, parsePage, parseWithRaw } from '../../request-schemas.js';

export interface UserAddressRoutesDeps {
  users: Pick<UserServices, 'sessions' | 'addresses'>;
  addressTokens: AddressTokens;
  findAddress: AddressLookup;
  signer: TokenSigner;
}

const idField = z.union([z.number(), z.string().max(20)]).nullish();
const unbindBody = z.object({ address_id: idField });
const transferBody = z.object({
  address_id: idField,
  target_user_email: z.string().max(320).nullish(),
});
/** The list's page when the client leaves it out (reference: 20 from 0). */
const DEFAULT_BIND_PAGE = { limit: '20', offset: '0' } as const;

/** A positive integer id from a body or the URL, else undefined. */
function toId(raw: unknown): number | undefined {
  const n = typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : raw;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/**
 * The role of the caller's role access token (`x-user-access-token`), honoured only when the
 * token was issued to this same user: another user's token must not lend its role's limit.
 * Invalid or expired tokens are ignored, as the reference does.
 */
async function callerRole(c: Context<AppEnv>, signer: TokenSigner): Promise<string | undefined> {
  const token = c.req.header('x-user-access-token');
  const claims = token ? await readRoleToken(signer, token) : null;
  return claims?.userId === c.get('user').userId ? claims.userRole : undefined;
}

/**
 * The address the Bearer token names, checked against its row (decisions.md 2). Failures are
 * 400s with the reference's binding messages (the reference answered 500 here).
 */
async function possessedAddress(c: Context<AppEnv>, deps: UserAddressRoutesDeps) {
  const token = bearerToken(c.req.header('authorization'));
  if (token === undefined) throw new DomainError('no_address_or_user_token');
  const claims = await deps.addressTokens.read(token);
  const row = claims ? await deps.findAddress(claims.addressId) : undefined;
  if (!claims || !row || row.name !== claims.address) {
    throw new DomainError('invalid_address_or_user_token');
  }
  return row;
}

export function userAddressRoutes(deps: UserAddressRoutesDeps): Hono<AppEnv> {
  const { sessions, addresses } = deps.users;
  const app = new Hono<AppEnv>();
  const userId = (c: Context<AppEnv>) => c.get('user').userId;

  app.get('/settings', async (c) => c.json(await sessions.settings(c.get('user'))));

  app.get('/mails', async (c) => {
    const query = (name: string) => c.req.query(name);
    const page = { ...parsePage(query), withRaw: parseWithRaw(query) };
    const address = c.req.query('address')?.trim().toLowerCase();
    if (address !== undefined && address.length > 1000) {
      throw new DomainError('invalid_input', { detail: 'address is too long' });
    }
    return c.json(await addresses.mails(userId(c), { ...page, address: address || undefined }));
  });

  app.delete('/mails/:id', async (c) => {
    const success = await addresses.deleteMail(userId(c), parseId(c.req.param('id')));
    return c.json({ success });
  });

  app.get('/bind_address', async (c) => {
    const page = parsePage(
      (name) => c.req.query(name) ?? DEFAULT_BIND_PAGE[name as keyof typeof DEFAULT_BIND_PAGE],
    );
    return c.json(await addresses.list(userId(c), page));
  });

  app.post('/bind_address', async (c) => {
    const address = await possessedAddress(c, deps);
    await addresses.bind(userId(c), address.id, await callerRole(c, deps.signer));
    return c.json({ success: true });
  });

  app.get('/bind_address_jwt/:address_id', async (c) => {
    const id = toId(c.req.param('address_id'));
    if (id === undefined) throw new DomainError('invalid_address_or_user_token');
    return c.json(await addresses.credential(userId(c), id));
  });

  app.post('/unbind_address', async (c) => {
    const id = toId((await readJsonBody(c, unbindBody)).address_id);
    if (id === undefined) throw new DomainError('invalid_address_or_user_token');
    await addresses.unbind(userId(c), id);
    return c.json({ success: true });
  });

  app.post('/transfer_address', async (c) => {
    const body = await readJsonBody(c, transferBody);
    const id = toId(body.address_id);
    if (id === undefined) throw new DomainError('address_not_found_400');
    if (!body.target_user_email) throw new DomainError('target_user_not_found');
    await addresses.transfer(userId(c), id, body.target_user_email);
    return c.json({ success: true });
  });

  return app;
}
