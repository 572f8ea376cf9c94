/**
 * @module HS256 tokens with the one JWT_SECRET, as the reference issues them. Verification pins
 * the algorithm, so `alg: none` and asymmetric-algorithm confusion are refused.
 */
import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import { verify } from 'hono/jwt';

export type TokenClaims = Record<string, unknown>;

export interface TokenSigner {
  sign(claims: TokenClaims): Promise<string>;
  /** The claims of a valid token (signature, and exp/nbf when present), or null. */
  verify(token: string): Promise<TokenClaims | null>;
  /**
   * The claims of a token whose HS256 signature is valid, whatever its exp/nbf say; only for
   * telling an expired token from a forged one (the admin role check answers them differently).
   */
  verifySignatureOnly(token: string): TokenClaims | null;
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
    verifySignatureOnly(token) {
      const parts = token.split('.');
      if (parts.length !== 3) return null;
      const [header, payload, signature] = parts as [string, string, string];
      try {
        const head = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as unknown;
        if ((head as { alg?: unknown } | null)?.alg !== 'HS256') return null;
        const expected = createHmac('sha256', key).update(`${header}.${payload}`).digest();
        const given = Buffer.from(signature, 'base64url');
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
        return typeof claims === 'object' && claims !== null && !Array.isArray(claims)
          ? (claims as TokenClaims)
          : null;
      } catch {
        return null;
      }
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
