/**
 * @module HS256 tokens with the one JWT_SECRET, as the reference issues them. Verification pins
 * the algorithm, so `alg: none` and asymmetric-algorithm confusion are refused, and checks the
 * time claims against the app clock.
 */
import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import { systemClock, type Clock } from '../shared/clock.js';
import { isTokenLiveAt } from './token-lifetime.js';

export type TokenClaims = Record<string, unknown>;

export interface TokenSigner {
  sign(claims: TokenClaims): Promise<string>;
  /**
   * The claims of a valid token: its signature, and its exp, nbf and iat (when present) by the
   * signer's clock; or null.
   */
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

export function createTokenSigner(secret: string, clock: Clock = systemClock): TokenSigner {
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  const verifySignatureOnly = (token: string): TokenClaims | null => {
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    const [header, payload, signature] = parts as [string, string, string];
    try {
      const head = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as {
        alg?: unknown;
        typ?: unknown;
      } | null;
      // As hono/jwt: the algorithm pinned, and a typ, when present, must say JWT.
      if (head?.alg !== 'HS256' || (head.typ !== undefined && head.typ !== 'JWT')) return null;
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
  };
  return {
    // Signed with node:crypto rather than hono/jwt's WebCrypto path, which imports the key and
    // hops to the thread pool on every call: that was ~70% of the CPU of a batch creation
    // (bench/README.md). The bytes are the same as hono/jwt's sign (token-signer.test.ts).
    sign(claims) {
      const unsigned = `${HS256_HEADER}.${encodePart(claims)}`;
      const signature = createHmac('sha256', key).update(unsigned, 'utf8').digest('base64url');
      return Promise.resolve(`${unsigned}.${signature}`);
    },
    verifySignatureOnly,
    verify(token) {
      const claims = verifySignatureOnly(token);
      const nowSeconds = Math.floor(clock.now().getTime() / 1000);
      return Promise.resolve(claims && isTokenLiveAt(claims, nowSeconds) ? claims : null);
    },
  };
}
