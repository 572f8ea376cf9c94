/**
 * @module The login throttle (http/login-throttle.ts) as middleware in front of a login route:
 * a 429 with Retry-After before the handler runs when the client IP or the account is over its
 * failure budget; afterwards the response status says how the attempt ended.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import type { ClientIpResolver } from '../client-ip.js';
import type { LoginOutcome, LoginThrottle } from '../login-throttle.js';
import { translate } from '../messages.js';
import { errorResponse } from '../respond-error.js';

/** Names the account a login body is for: a scope (`user`, `address`, ...) and a body field. */
export interface LoginAccount {
  scope: string;
  /** The identifier in the parsed JSON body, or undefined when there is none. */
  idOf(body: Record<string, unknown>): unknown;
}

/** Longest account identifier counted; anything longer is not a real account anyway. */
const MAX_ACCOUNT_ID = 512;

/**
 * 2xx: the credential was right. 400/401/404: wrong password, unknown account or passkey,
 * missing fields or a failed human check, all of which a guesser produces. Anything else
 * (403 feature off, 413, 5xx) says nothing about the credential and is not counted.
 */
function outcomeOf(status: number): LoginOutcome {
  if (status >= 200 && status < 300) return 'success';
  return status === 400 || status === 401 || status === 404 ? 'failure' : 'other';
}

/** The account id in the JSON body, without consuming it (Hono caches the text for the handler). */
async function accountIdOf(c: Context<AppEnv>, account: LoginAccount): Promise<string | undefined> {
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    return undefined;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const id = account.idOf(body as Record<string, unknown>);
  return typeof id === 'string' && id.trim() !== '' && id.length <= MAX_ACCOUNT_ID ? id : undefined;
}

/** 429 `Too many failed attempts` with Retry-After in whole seconds (at least 1). */
export function tooManyAttempts(c: Context<AppEnv>, retryAfterMs: number): Response {
  const retryAfter = String(Math.max(1, Math.ceil(retryAfterMs / 1000)));
  const text = translate(c.get('lang') ?? 'en', 'TooManyAttemptsMsg');
  return errorResponse(c, 429, 'too_many_attempts', text, { 'retry-after': retryAfter });
}

export function throttleLogin(
  throttle: LoginThrottle,
  clientIp: ClientIpResolver,
  account?: LoginAccount,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const id = account ? await accountIdOf(c, account) : undefined;
    const start = await throttle.begin({
      ip: clientIp(c),
      account: account && id !== undefined ? { scope: account.scope, id } : undefined,
    });
    if (!start.allowed) return tooManyAttempts(c, start.retryAfterMs);
    try {
      await next();
    } catch (err) {
      await start.settle('other');
      throw err;
    }
    await start.settle(outcomeOf(c.res.status));
  };
}

/** The account of `/api/address_login` and `/user_api/login`: the `email` field. */
const emailAccount = (scope: string): LoginAccount => ({
  scope,
  idOf: (body) => body['email'],
});

/** The account of `/user_api/passkey/authenticate_response`: the credential's id. */
const passkeyAccount: LoginAccount = {
  scope: 'passkey',
  idOf: (body) => {
    const credential = body['credential'];
    return credential !== null && typeof credential === 'object'
      ? (credential as Record<string, unknown>)['id']
      : undefined;
  },
};

/**
 * Puts the throttle in front of every password or credential login of the API, listed here in
 * one place. Call it on the root app before the areas that register the login handlers.
 * (`/open_api/credential_login` takes a signed token, which cannot be guessed.)
 */
export function throttleLogins(
  app: Hono<AppEnv>,
  throttle: LoginThrottle,
  clientIp: ClientIpResolver,
): void {
  const guard = (account?: LoginAccount) => throttleLogin(throttle, clientIp, account);
  app.post('/open_api/site_login', guard());
  app.post('/open_api/admin_login', guard());
  app.post('/api/address_login', guard(emailAccount('address')));
  app.post('/user_api/login', guard(emailAccount('user')));
  app.post('/user_api/passkey/authenticate_response', guard(passkeyAccount));
}
