/**
 * @module The public `/user_api` routes of accounts (reference §1.5 rows 1–4): the settings a
 * login page needs, the verification code, registration and password login.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { UserServices } from '../../../domain/user/user-service.js';
import type { AppEnv } from '../../app-env.js';
import type { ClientIpResolver } from '../../client-ip.js';
import { readJsonBody } from '../../read-json-body.js';
import type { Turnstile } from '../../turnstile.js';

export interface UserAccountRoutesDeps {
  users: Pick<UserServices, 'settings' | 'verifyCodes' | 'registration' | 'sessions'>;
  turnstile: Turnstile;
  clientIp: ClientIpResolver;
  /** The per-IP limit of the abuse-prone paths (verify code, register, login). */
  rateLimit: MiddlewareHandler<AppEnv>;
  /** IP access control (reference §6.3) of verify code and register, after the rate limit. */
  ipAccess: MiddlewareHandler<AppEnv>;
}

// RFC 5321 caps an address at 254 octets; a little slack, and nothing absurd reaches the rules.
const email = z.string().max(320).nullish();
// Clients send a 64-character SHA-256 hex; the 1–100 rule is the domain's, with its message.
const password = z.string().max(1000).nullish();
const cfToken = z.string().max(4096).nullish();

const verifyCodeBody = z.object({ email, cf_token: cfToken });
const registerBody = z.object({
  email,
  password,
  code: z.union([z.string().max(100), z.number().int().nonnegative()]).nullish(),
  cf_token: cfToken,
});
const loginBody = z.object({ email, password, cf_token: cfToken });

export function userAccountRoutes(deps: UserAccountRoutesDeps): Hono<AppEnv> {
  const { users, turnstile } = deps;
  const app = new Hono<AppEnv>();

  app.get('/open_settings', async (c) => c.json(await users.settings.open()));

  app.post('/verify_code', deps.rateLimit, deps.ipAccess, async (c) => {
    const body = await readJsonBody(c, verifyCodeBody);
    const ip = deps.clientIp(c);
    return c.json(
      await users.verifyCodes.send({
        email: body.email ?? '',
        humanCheck: turnstile.enabled ? () => turnstile.check(body.cf_token, ip) : undefined,
      }),
    );
  });

  app.post('/register', deps.rateLimit, deps.ipAccess, async (c) => {
    const body = await readJsonBody(c, registerBody);
    const ip = deps.clientIp(c);
    return c.json(
      await users.registration.register({
        email: body.email ?? '',
        password: body.password ?? '',
        code: body.code === undefined || body.code === null ? undefined : String(body.code),
        ip,
        humanCheck: turnstile.enabled ? () => turnstile.check(body.cf_token, ip) : undefined,
      }),
    );
  });

  app.post('/login', deps.rateLimit, async (c) => {
    const body = await readJsonBody(c, loginBody);
    return c.json(
      await users.sessions.login({
        email: body.email ?? '',
        password: body.password ?? '',
        humanCheck: turnstile.globalEnabled
          ? () => turnstile.check(body.cf_token, deps.clientIp(c))
          : undefined,
      }),
    );
  });

  return app;
}
