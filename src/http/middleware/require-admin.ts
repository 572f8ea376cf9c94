/**
 * @module Admin access (reference §0.1 ADMIN), in the reference's order: (1) `x-admin-auth` is one
 * of ADMIN_PASSWORDS, compared in constant time; (2) with ADMIN_USER_ROLE set, a role access
 * token (`x-user-access-token`) whose role is that one (an expired token or another role is a
 * 401 with its own message; a token with a bad signature falls through); (3)
 * DISABLE_ADMIN_PASSWORD_CHECK; else 401.
 *
 * Beyond the reference: a wrong `x-admin-auth` on a refused request counts as a failed login of
 * the client IP, and over the limit a refused request is a 429 with Retry-After, the header not
 * compared (header-password-check.ts). A wrong header on a request let in by (2) or (3) is not
 * counted: right or wrong, the answer is the same, so it tells a guesser nothing. A role token
 * also needs its user to hold the role now (one indexed lookup), so removing the role or the
 * user closes /admin at once rather than when the token expires within the hour. Expiry
 * follows the app clock.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { TokenSigner } from '../../auth/token-signer.js';
import type { Clock } from '../../shared/clock.js';
import { isTokenLiveAt } from '../../auth/token-lifetime.js';
import type { AppEnv } from '../app-env.js';
import type { HeaderPasswordCheck } from '../header-password-check.js';
import { messageResponse } from '../respond-error.js';
import { tooManyAttempts } from './throttle-login.js';

export interface AdminAuthOptions {
  /** `x-admin-auth` against ADMIN_PASSWORDS, under the login throttle. */
  passwordHeader: HeaderPasswordCheck;
  disablePasswordCheck: boolean;
  /** ADMIN_USER_ROLE: the role whose access tokens open /admin. */
  adminUserRole: string | undefined;
  signer: TokenSigner;
  clock: Clock;
  /** The role the user holds now; undefined for no role or no such user. */
  currentRoleOf(userId: number): Promise<string | undefined>;
}

/** What the checks after the password say: let in, or this refusal. */
type Decision = 'admit' | ((c: Context<AppEnv>) => Response);

const EXPIRED = (c: Context<AppEnv>) =>
  messageResponse(c, 401, 'access_token_expired', 'UserAcceesTokenExpiredMsg');
const NOT_ADMIN_ROLE = (c: Context<AppEnv>) =>
  messageResponse(c, 401, 'user_role_not_admin', 'UserRoleIsNotAdminMsg');
const NEED_PASSWORD = (c: Context<AppEnv>) =>
  messageResponse(c, 401, 'admin_password_required', 'NeedAdminPasswordMsg');

/** Checks (2) and (3). */
async function decideWithoutPassword(
  c: Context<AppEnv>,
  options: AdminAuthOptions,
): Promise<Decision> {
  const roleToken = c.req.header('x-user-access-token');
  if (options.adminUserRole && roleToken) {
    // A bad signature falls through to the next check; a good one decides here.
    const claims = options.signer.verifySignatureOnly(roleToken);
    if (claims) {
      const nowSeconds = Math.floor(options.clock.now().getTime() / 1000);
      if (typeof claims['exp'] !== 'number' || !isTokenLiveAt(claims, nowSeconds)) return EXPIRED;
      const userId = claims['user_id'];
      if (claims['user_role'] !== options.adminUserRole || typeof userId !== 'number') {
        return NOT_ADMIN_ROLE;
      }
      const current = await options.currentRoleOf(userId);
      return current === options.adminUserRole ? 'admit' : NOT_ADMIN_ROLE;
    }
  }
  return options.disablePasswordCheck ? 'admit' : NEED_PASSWORD;
}

export function requireAdmin(options: AdminAuthOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const password = await options.passwordHeader(c, c.req.header('x-admin-auth'));
    if (password.kind === 'right') return next();
    let decision: Decision;
    try {
      decision = await decideWithoutPassword(c, options);
    } catch (err) {
      // A failed lookup says nothing about the password.
      if (password.kind === 'wrong') await password.release();
      throw err;
    }
    if (decision === 'admit') {
      if (password.kind === 'wrong') await password.release();
      return next();
    }
    if (password.kind === 'limited') return tooManyAttempts(c, password.retryAfterMs);
    if (password.kind === 'wrong') await password.count();
    return decision(c);
  };
}
