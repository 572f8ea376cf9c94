/**
 * @module `/open_api`: the public settings the web UI starts from, and the three login checks
 * (site, admin, credential). No site password here, as in the reference.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AddressTokens } from '../../auth/address-token.js';
import { secretIn, sha256Hex } from '../../auth/secret-compare.js';
import type { AppEnv } from '../app-env.js';
import type { ClientIpResolver } from '../client-ip.js';
import type { HeaderPasswordCheck } from '../header-password-check.js';
import type { AddressLookup } from '../middleware/require-address-token.js';
import { readJsonBody } from '../read-json-body.js';
import { messageResponse } from '../respond-error.js';
import type { Turnstile } from '../turnstile.js';

/** Every field of `GET /open_api/settings` except `needAuth`, which depends on the request. */
export type PublicSettings = Record<string, unknown>;

export interface OpenApiDeps {
  publicSettings: PublicSettings;
  sitePasswords: readonly string[];
  /** x-custom-auth against PASSWORDS, under the login throttle (needAuth is an answer too). */
  sitePasswordHeader: HeaderPasswordCheck;
  adminPasswords: readonly string[];
  addressTokens: AddressTokens;
  findAddress: AddressLookup;
  turnstile: Turnstile;
  clientIp: ClientIpResolver;
}

const loginBody = z.object({
  password: z.string().max(1000).nullish(),
  cf_token: z.string().nullish(),
});
const credentialBody = z.object({
  credential: z.string().max(10_000).nullish(),
  cf_token: z.string().nullish(),
});

export function openApiRoutes(deps: OpenApiDeps) {
  // Login bodies carry SHA-256 hex of the configured passwords; hash those once, not per request.
  const siteHashes = deps.sitePasswords.map(sha256Hex);
  const adminHashes = deps.adminPasswords.map(sha256Hex);
  const app = new Hono<AppEnv>();

  app.get('/settings', async (c) => {
    let needAuth = false;
    if (deps.sitePasswords.length > 0) {
      // A wrong password counts as a failed login; over the limit needAuth is true unchecked.
      const verdict = await deps.sitePasswordHeader(c, c.req.header('x-custom-auth'));
      if (verdict.kind === 'wrong') await verdict.count();
      needAuth = verdict.kind !== 'right';
    }
    return c.json({ ...deps.publicSettings, needAuth });
  });

  app.post('/site_login', async (c) => {
    const body = await readJsonBody(c, loginBody);
    if (deps.turnstile.globalEnabled) await deps.turnstile.check(body.cf_token, deps.clientIp(c));
    if (siteHashes.length === 0 || !body.password || !secretIn(body.password, siteHashes)) {
      return messageResponse(c, 401, 'site_password_required', 'CustomAuthPasswordMsg');
    }
    return c.json({ success: true });
  });

  app.post('/admin_login', async (c) => {
    const body = await readJsonBody(c, loginBody);
    if (deps.turnstile.globalEnabled) await deps.turnstile.check(body.cf_token, deps.clientIp(c));
    if (!body.password || !secretIn(body.password, adminHashes)) {
      return messageResponse(c, 401, 'admin_password_required', 'NeedAdminPasswordMsg');
    }
    return c.json({ success: true });
  });

  app.post('/credential_login', async (c) => {
    const body = await readJsonBody(c, credentialBody);
    if (deps.turnstile.globalEnabled) await deps.turnstile.check(body.cf_token, deps.clientIp(c));
    const claims = body.credential ? await deps.addressTokens.read(body.credential) : null;
    const row = claims ? await deps.findAddress(claims.addressId) : undefined;
    if (!claims || row?.name !== claims.address)
      return messageResponse(c, 401, 'invalid_address_credential', 'InvalidAddressCredentialMsg');
    return c.json({ success: true });
  });

  return app;
}
