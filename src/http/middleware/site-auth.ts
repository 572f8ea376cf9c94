/** @module The private-site password (`x-custom-auth`), required when PASSWORDS is set. */
import type { MiddlewareHandler } from 'hono';
import { secretIn } from '../../auth/secret-compare.js';
import type { AppEnv } from '../app-env.js';
import { messageResponse } from '../respond-error.js';

export function siteAuth(passwords: readonly string[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (passwords.length === 0) return next();
    const given = c.req.header('x-custom-auth');
    if (given === undefined || !secretIn(given, passwords)) {
      return messageResponse(c, 401, 'site_password_required', 'CustomAuthPasswordMsg');
    }
    return next();
  };
}
