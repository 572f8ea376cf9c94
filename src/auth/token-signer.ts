/**
 * @module HS256 tokens with the one JWT_SECRET, as the reference issues them. Verification pins
 * the algorithm, so `alg: none` and asymmetric-algorithm confusion are refused.
 */
import { sign, verify } from 'hono/jwt';

export type TokenClaims = Record<string, unknown>;

export interface TokenSigner {
  sign(claims: TokenClaims): Promise<string>;
  /** The claims of a valid token (signature, and exp/nbf when present), or null. */
  verify(token: string): Promise<TokenClaims | null>;
}

export function createTokenSigner(secret: string): TokenSigner {
  return {
    sign: (claims) => sign(claims, secret, 'HS256'),
    async verify(token) {
      try {
        return (await verify(token, secret, 'HS256')) as TokenClaims;
      } catch {
        return null;
      }
    },
  };
}
