/**
 * @module Signing in and the signed-in user's view (reference §3.2–3.3): password login to a
 * 30-day user token, and `/user_api/settings` with the role access token, a refreshed user
 * token near expiry and the user's role.
 */
import { randomUUID } from 'node:crypto';
import type { TokenSigner } from '../../auth/token-signer.js';
import {
  issueRoleToken,
  issueUserToken,
  USER_TOKEN_REFRESH_WITHIN_SECONDS,
  type UserClaims,
} from '../../auth/user-token.js';
import { formatSqlTimestamp, type Clock } from '../../shared/clock.js';
import type { UserStore } from '../../storage/ports.js';
import type { RoleDefinition } from '../address/address-policy.js';
import { DomainError } from '../errors.js';
import type { UserRoles } from './user-roles.js';
import { normalizeUserEmail } from './user-settings.js';

// Activity of bound addresses is recorded at most once a day (reference §4.5).
const ACTIVITY_GRANULARITY_MS = 86_400_000;

export interface UserSessionDeps {
  users: UserStore;
  roles: UserRoles;
  signer: TokenSigner;
  hashPassword(secret: string): Promise<string>;
  verifyPassword(secret: string, stored: string): Promise<boolean>;
  clock: Clock;
}

/** The body of GET /user_api/settings: exactly the reference's fields. */
export interface UserSettingsView {
  user_email: string;
  user_id: number;
  exp: number;
  iat: number | undefined;
  is_admin: boolean;
  access_token: string | null;
  new_user_token: string | null;
  user_role: RoleDefinition | null;
}

export function createUserSessions(deps: UserSessionDeps) {
  const { users, roles, clock } = deps;
  /**
   * A hash of a random secret, verified when the e-mail is unknown, so a login costs one
   * scrypt whether or not the account exists and its timing reveals nothing. Made up front so
   * the first unknown e-mail does not pay for it either.
   */
  const dummyHash = deps.hashPassword(randomUUID());

  return {
    /** POST /user_api/login → `{jwt}`. Unknown e-mail and wrong password read the same. */
    async login(input: {
      email: string;
      password: string;
      humanCheck?: (() => Promise<void>) | undefined;
    }): Promise<{ jwt: string }> {
      const email = normalizeUserEmail(input.email);
      if (!email || !input.password) throw new DomainError('user_login_failed');
      await input.humanCheck?.();
      const row = await users.findByEmail(email);
      const matches = await deps.verifyPassword(input.password, row?.password || (await dummyHash));
      // An OAuth2-only user has no password to check (the reference's answer).
      if (row?.password === '') throw new DomainError('user_not_found');
      if (!row || !matches) throw new DomainError('user_login_failed');
      const jwt = await issueUserToken(
        deps.signer,
        { userId: row.id, userEmail: row.user_email },
        clock.now(),
      );
      return { jwt };
    },

    /** GET /user_api/settings; counts as activity of every bound address. */
    async settings(claims: UserClaims): Promise<UserSettingsView> {
      if (!(await users.exists(claims.userId))) throw new DomainError('user_not_found');
      const now = clock.now();
      const held = await roles.ofUser(claims.userId);
      const role = held?.role;
      const user = { userId: claims.userId, userEmail: claims.userEmail };
      const nowSeconds = Math.floor(now.getTime() / 1000);
      const refresh = claims.exp - nowSeconds < USER_TOKEN_REFRESH_WITHIN_SECONDS;
      await users.touchBoundAddresses(
        claims.userId,
        formatSqlTimestamp(now),
        formatSqlTimestamp(new Date(now.getTime() - ACTIVITY_GRANULARITY_MS)),
      );
      return {
        user_email: claims.userEmail,
        user_id: claims.userId,
        exp: claims.exp,
        iat: claims.iat,
        is_admin: role !== undefined && roles.isAdminRole(role.role),
        access_token: role
          ? await issueRoleToken(deps.signer, { ...user, userRole: role.role }, now)
          : null,
        new_user_token: refresh ? await issueUserToken(deps.signer, user, now) : null,
        user_role: role ? { ...role, domains: [...role.domains] } : null,
      };
    },
  };
}

export type UserSessions = ReturnType<typeof createUserSessions>;
