/**
 * @module The user JWT (`x-user-token`) and the role access token (`x-user-access-token`), with
 * the reference's claims (§0.6). All tokens share JWT_SECRET, so the type is told by claims: a
 * user token needs `exp`, `user_id` and `user_email` (which keeps address JWTs out); a role
 * token needs those plus a string `user_role`.
 */
import type { TokenSigner } from './token-signer.js';

export const USER_TOKEN_TTL_SECONDS = 30 * 24 * 3600;
export const ROLE_TOKEN_TTL_SECONDS = 3600;
/** `/user_api/settings` hands out a fresh user token when the current one ends within this. */
export const USER_TOKEN_REFRESH_WITHIN_SECONDS = 7 * 24 * 3600;

export interface UserClaims {
  userEmail: string;
  userId: number;
  /** Seconds since the epoch. */
  exp: number;
  iat: number | undefined;
}

export interface RoleClaims extends UserClaims {
  userRole: string;
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

export function issueUserToken(
  signer: TokenSigner,
  user: { userId: number; userEmail: string },
  now: Date,
): Promise<string> {
  const iat = seconds(now);
  return signer.sign({
    user_email: user.userEmail,
    user_id: user.userId,
    exp: iat + USER_TOKEN_TTL_SECONDS,
    iat,
  });
}

export function issueRoleToken(
  signer: TokenSigner,
  user: { userId: number; userEmail: string; userRole: string },
  now: Date,
): Promise<string> {
  const iat = seconds(now);
  return signer.sign({
    user_email: user.userEmail,
    user_id: user.userId,
    user_role: user.userRole,
    iat,
    exp: iat + ROLE_TOKEN_TTL_SECONDS,
  });
}

function userClaimsOf(claims: Record<string, unknown>): UserClaims | null {
  const { exp, iat } = claims;
  const userId = claims['user_id'];
  const userEmail = claims['user_email'];
  if (typeof exp !== 'number' || typeof userId !== 'number' || typeof userEmail !== 'string') {
    return null;
  }
  return { userId, userEmail, exp, iat: typeof iat === 'number' ? iat : undefined };
}

/** The claims of a valid, unexpired user token, or null. */
export async function readUserToken(
  signer: TokenSigner,
  token: string,
): Promise<UserClaims | null> {
  const claims = await signer.verify(token);
  return claims ? userClaimsOf(claims) : null;
}

/** The claims of a valid, unexpired role access token, or null. */
export async function readRoleToken(
  signer: TokenSigner,
  token: string,
): Promise<RoleClaims | null> {
  const claims = await signer.verify(token);
  const user = claims ? userClaimsOf(claims) : null;
  const role = claims?.['user_role'];
  if (!user || typeof role !== 'string') return null;
  return { ...user, userRole: role };
}
