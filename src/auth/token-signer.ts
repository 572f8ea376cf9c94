/**
 * @module HS256 tokens with the one JWT_SECRET, as the reference issues them. Verification pins
 * the algorithm, so `alg: none` and asymmetric-algorithm confusion are refused.
 */
import { createHmac, createSecretKey } from 'node:crypto';
import { verify } from 'hono/jwt';

export type TokenClaims = Record<string, unknown>;

export interface TokenSigner {
  sign(claims: TokenClaims): Promise<string>;
  /** The claims of a valid token (signature, and exp/nbf when present), or null. */
  verify(token: string): Promise<TokenClaims | null>;
}

const encodePart = (part: unknown) =>
  Buffer.from(JSON.stringify(part), 'utf8').toString('base64url');
const HS256_HEADER = encodePart({ alg: 'HS256', typ: 'JWT' });

export function createTokenSigner(secret: string): TokenSigner {
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  return {
    // Signed with node:crypto rather than hono/jwt's WebCrypto path, which imports the key and
    // hops to the thread pool on every call: that was ~70% of the CPU of a batch creation
    // (bench/README.md). The bytes are the same as hono/jwt's sign (token-signer.test.ts).
    sign(claims) {
      const unsigned = `${HS256_HEADER}.${encodePart(claims)}`;
      const signature = createHmac('sha256', key).update(unsigned, 'utf8').digest('base64url');
      return Promise.resolve(`${unsigned}.${signature}`);
    },
    async verify(token) {
      try {
        return (await verify(token, secret, 'HS256')) as TokenClaims;
      } catch {
        return null;
      }
    },
  };
}
