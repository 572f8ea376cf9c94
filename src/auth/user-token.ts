/**
 * @module The user JWT (`x-user-token`): claims `user_email`, `user_id`, `exp` (30 days) and
 * `iat`. A token without `exp` is refused, which also keeps address JWTs out (reference §0.6).
 */
import type { TokenSigner } from './token-signer.js';

export interface UserClaims {
  userEmail: string;
  userId: number;
}

export async function readUserToken(
  signer: TokenSigner,
  token: string,
): Promise<UserClaims | null> {
  const claims = await signer.verify(token);
  if (!claims || typeof claims['exp'] !== 'number') return null;
  const userId = claims['user_id'];
  const userEmail = claims['user_email'];
  if (typeof userId !== 'number' || typeof userEmail !== 'string') return null;
  return { userId, userEmail };
}
