/**
 * @module `/api`: anonymous address creation and password login, then the routes of one
 * address (its credential in `Authorization: Bearer`).
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AddressService } from '../../domain/address/address-service.js';
import type { AppEnv } from '../app-env.js';
import type { ClientIpResolver } from '../client-ip.js';
import { readJsonBody } from '../read-json-body.js';
import { domainField, flag, nameField } from '../request-schemas.js';
import type { Turnstile } from '../turnstile.js';

export interface AddressRoutesDeps {
  addresses: AddressService;
  clientIp: ClientIpResolver;
  turnstile: Turnstile;
  /** Rate limit and optional user token, applied to /new_address only. */
  newAddressGuards: MiddlewareHandler<AppEnv>[];
  requireAddress: MiddlewareHandler<AppEnv>;
  /** Areas mounted before the credential check (they authenticate on their own). */
  beforeAuth?: Hono<AppEnv>[];
  /** Areas that act for the credential's address (mailbox routes). */
  afterAuth?: Hono<AppEnv>[];
}

const newAddressBody = z.object({
  name: nameField.nullish(),
  domain: domainField.nullish(),
  cf_token: z.string().max(4096).nullish(),
  enableRandomSubdomain: flag,
});
const loginBody = z.object({
  email: z.string().max(1000).nullish(),
  password: z.string().max(1000).nullish(),
  cf_token: z.string().max(4096).nullish(),
});
const changePasswordBody = z.object({ new_password: z.string().max(1000).nullish() });

export function addressRoutes(deps: AddressRoutesDeps) {
  const app = new Hono<AppEnv>();

  app.use('/new_address', ...deps.newAddressGuards);
  app.post('/new_address', async (c) => {
    const body = await readJsonBody(c, newAddressBody);
    const ip = deps.clientIp(c);
    const created = await deps.addresses.createPublic({
      name: body.name ?? undefined,
      domain: body.domain ?? undefined,
      enableRandomSubdomain: body.enableRandomSubdomain,
      sourceMeta: ip ?? 'web:unknown',
      userId: c.get('userId'),
      ...(deps.turnstile.enabled
        ? { humanCheck: () => deps.turnstile.check(body.cf_token, ip) }
        : {}),
    });
    return c.json(created);
  });

  app.post('/address_login', async (c) => {
    const body = await readJsonBody(c, loginBody);
    const check = deps.turnstile.globalEnabled
      ? () => deps.turnstile.check(body.cf_token, deps.clientIp(c))
      : undefined;
    return c.json(await deps.addresses.login(body.email ?? '', body.password ?? '', check));
  });

  for (const area of deps.beforeAuth ?? []) app.route('/', area);

  // Every route below acts for the address named by the credential.
  app.use('*', deps.requireAddress);

  app.post('/address_change_password', async (c) => {
    const body = await readJsonBody(c, changePasswordBody);
    await deps.addresses.setPassword(c.get('address').id, body.new_password ?? '');
    return c.json({ success: true });
  });

  app.get('/settings', async (c) => {
    const { id, name } = c.get('address');
    return c.json(await deps.addresses.settings(id, name));
  });

  for (const area of deps.afterAuth ?? []) app.route('/', area);
  return app;
}
