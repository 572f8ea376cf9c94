/**
 * @module The private-site password (`x-custom-auth`), required when PASSWORDS is set. A wrong
 * password counts as a failed login of the client IP; over the limit the answer is 429 with
 * Retry-After, without comparing (header-password-check.ts).
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import type { HeaderPasswordCheck } from '../header-password-check.js';
import { messageResponse } from '../respond-error.js';
import { tooManyAttempts } from './throttle-login.js';

/** `check` compares against PASSWORDS; `enabled` is false when PASSWORDS is empty. */
export function siteAuth(enabled: boolean, check: HeaderPasswordCheck): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!enabled) return next();
    const verdict = await check(c, c.req.header('x-custom-auth'));
    if (verdict.kind === 'right') return next();
    if (verdict.kind === 'limited') return tooManyAttempts(c, verdict.retryAfterMs);
    if (verdict.kind === 'wrong') await verdict.count();
    return messageResponse(c, 401, 'site_password_required', 'CustomAuthPasswordMsg');
  };
}
