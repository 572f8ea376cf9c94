/**
 * @module The address credential: a JWT with claims `{address, address_id}` (reference §0.6).
 * No expiry unless the operator sets a lifetime. Whether the address still exists is checked
 * by the caller against the store (decisions.md 2). Issue and expiry follow the app clock.
 */
import { systemClock, type Clock } from '../shared/clock.js';
import type { TokenClaims, TokenSigner } from './token-signer.js';

export interface AddressClaims {
  address: string;
  /** A number when issued at creation/login; a numeric string when issued from a URL id. */
  address_id: number | string;
}

export interface AddressTokens {
  issue(claims: AddressClaims): Promise<string>;
  /** The address and numeric id a valid token names, or null. */
  read(token: string): Promise<{ address: string; addressId: number } | null>;
}

const finiteNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/**
 * The time rules of hono/jwt's verify (nbf and iat not after now, exp after now, each a finite
 * number when present), against the app clock rather than Date.now.
 */
function liveAt(claims: TokenClaims, nowSeconds: number): boolean {
  const { nbf, exp, iat } = claims;
  if (nbf !== undefined && !(finiteNumber(nbf) && nbf <= nowSeconds)) return false;
  if (exp !== undefined && !(finiteNumber(exp) && exp > nowSeconds)) return false;
  return iat === undefined || (finiteNumber(iat) && iat <= nowSeconds);
}

export function createAddressTokens(
  signer: TokenSigner,
  ttlSeconds: number,
  clock: Clock = systemClock,
): AddressTokens {
  const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);
  return {
    issue(claims) {
      if (ttlSeconds <= 0) return signer.sign({ ...claims });
      const now = nowSeconds();
      return signer.sign({ ...claims, iat: now, exp: now + ttlSeconds });
    },
    read(token) {
      const claims = signer.verifySignatureOnly(token);
      if (!claims || !liveAt(claims, nowSeconds()) || typeof claims['address'] !== 'string') {
        return Promise.resolve(null);
      }
      const rawId = claims['address_id'];
      const addressId = typeof rawId === 'string' && /^\d+$/.test(rawId) ? Number(rawId) : rawId;
      if (typeof addressId !== 'number' || !Number.isSafeInteger(addressId) || addressId <= 0) {
        return Promise.resolve(null);
      }
      return Promise.resolve({ address: claims['address'], addressId });
    },
  };
}
