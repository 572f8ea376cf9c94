/**
 * @module `/user_api` (reference §1.5): the public routes (open settings, register, login,
 * verify code, passkey authentication, OAuth2) first, then the user credential for the rest.
 * Hono runs handlers in the order they are registered, so a public route answers before
 * requireUser is reached, and an unknown path without a token is a 401, as in the reference.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../app-env.js';

export interface UserApiRouteDeps {
  /** Routes that need no user token, each mounted at its path under /user_api. */
  publicRoutes: readonly (readonly [string, Hono<AppEnv>])[];
  requireUser: MiddlewareHandler<AppEnv>;
  /** Routes behind the user token. */
  userRoutes: readonly (readonly [string, Hono<AppEnv>])[];
}

export function userApiRoutes(deps: UserApiRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const [path, routes] of deps.publicRoutes) app.route(path, routes);
  app.use('*', deps.requireUser);
  for (const [path, routes] of deps.userRoutes) app.route(path, routes);
  return app;
}
