/**
 * @module `/user_api` (reference §1.5): the public routes (open settings, register, login,
 * verify code, passkey authentication, OAuth2) first, then the user credential for the rest.
 * Hono runs handlers in the order they are registered, so a public route answers before
 * requireUser is reached, and an unknown path without a token is a 401, as in the reference.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../app-env.js';
import type { ClientIpResolver } from '../../client-ip.js';
import type { HttpAppDeps } from '../../http-app-deps.js';
import { requireUser } from '../../middleware/require-user.js';
import { userAccountRoutes } from './user-accounts.js';
import { userAddressRoutes } from './user-addresses.js';
import { userMailEventRoutes } from './user-mail-events.js';
import { userOauth2Routes } from './user-oauth2.js';
import { passkeySignInRoutes, passkeyUserRoutes } from './user-passkeys.js';

export type UserApiRouteDeps = Pick<
  HttpAppDeps,
  | 'users'
  | 'turnstile'
  | 'oauth2Login'
  | 'passkeys'
  | 'addressTokens'
  | 'findAddress'
  | 'tokenSigner'
  | 'notifier'
  | 'options'
  | 'clock'
> & {
  clientIp: ClientIpResolver;
  /** The per-IP rate limit and the IP access control of register and verify_code. */
  rateLimit: MiddlewareHandler<AppEnv>;
  ipAccess: MiddlewareHandler<AppEnv>;
};

export function userApiRoutes(deps: UserApiRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.route('/oauth2', userOauth2Routes(deps.oauth2Login));
  app.route('/passkey', passkeySignInRoutes(deps.passkeys));
  app.route(
    '/',
    userAccountRoutes({
      users: deps.users,
      turnstile: deps.turnstile,
      clientIp: deps.clientIp,
      rateLimit: deps.rateLimit,
      ipAccess: deps.ipAccess,
    }),
  );
  app.use('*', requireUser(deps.tokenSigner));
  app.route('/passkey', passkeyUserRoutes(deps.passkeys));
  app.route(
    '/',
    userMailEventRoutes({
      addresses: deps.users.addresses,
      notifier: deps.notifier,
      livePollMs: deps.options.liveDbPollSeconds * 1000,
      liveConnectionsMax: deps.options.liveConnectionsMax,
      clock: deps.clock,
    }),
  );
  app.route(
    '/',
    userAddressRoutes({
      users: deps.users,
      addressTokens: deps.addressTokens,
      findAddress: deps.findAddress,
      signer: deps.tokenSigner,
    }),
  );
  return app;
}
