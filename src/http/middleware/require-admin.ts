/**
 * @module Admin access (reference §0.1 ADMIN), in the reference's order: (1) `x-admin-auth` is one
 * of ADMIN_PASSWORDS, compared in constant time; (2) with ADMIN_USER_ROLE set, a role access
 * token (`x-user-access-token`) whose role is that one (an expired token or another role is a
 * 401 with its own message; a token with a bad signature falls through); (3)
 * DISABLE_ADMIN_PASSWORD_CHECK; else 401.
 */
import type { MiddlewareHandler } from 'hono';
import { secretIn } from '../../auth/secret-compare.js';
import type { TokenSigner } from '../../auth/token-signer.js';
import type { AppEnv } from '../app-env.js';
import { messageResponse } from '../respond-error.js';

export interface AdminAuthOptions {
  adminPasswords: readonly string[];
  disablePasswordCheck: boolean;
  /** ADMIN_USER_ROLE: the role whose access tokens open /admin. */
  adminUserRole: string | undefined;
  signer: TokenSigner;
}

export function requireAdmin(options: AdminAuthOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const given = c.req.header('x-admin-auth');
    if (given !== undefined && secretIn(given, options.adminPasswords)) return next();
    const roleToken = c.req.header('x-user-access-token');
    if (options.adminUserRole && roleToken) {
      // A bad signature falls through to the next check; a good one decides here.
      const claims = options.signer.verifySignatureOnly(roleToken);
      if (claims) {
        const exp = claims['exp'];
        if (typeof exp !== 'number' || exp * 1000 < Date.now()) {
          return messageResponse(c, 401, 'access_token_expired', 'UserAcceesTokenExpiredMsg');
        }
        if (claims['user_role'] !== options.adminUserRole) {
          return messageResponse(c, 401, 'user_role_not_admin', 'UserRoleIsNotAdminMsg');
        }
        return next();
      }
    }
    if (options.disablePasswordCheck) return next();
    return messageResponse(c, 401, 'admin_password_required', 'NeedAdminPasswordMsg');
  };
}
