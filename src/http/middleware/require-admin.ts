/**
 * @module Admin access (`x-admin-auth`): one of ADMIN_PASSWORDS, compared in constant time, or
 * DISABLE_ADMIN_PASSWORD_CHECK. (Admin role tokens arrive with user accounts.)
 */
import type { MiddlewareHandler } from 'hono';
import { secretIn } from '../../auth/secret-compare.js';
import type { AppEnv } from '../app-env.js';
import { messageResponse } from '../respond-error.js';

export interface AdminAuthOptions {
  adminPasswords: readonly string[];
  disablePasswordCheck: boolean;
}

export function requireAdmin(options: AdminAuthOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const given = c.req.header('x-admin-auth');
    if (given !== undefined && secretIn(given, options.adminPasswords)) return next();
    if (options.disablePasswordCheck) return next();
    return messageResponse(c, 401, 'admin_password_required', 'NeedAdminPasswordMsg');
  };
}
