/**
 * @module The address credential: a JWT with claims `{address, address_id}` (reference §0.6).
 * No expiry unless the operator sets a lifetime. Whether the address still exists is checked
 * by the caller against the store (decisions.md 2). Issue and expiry follow the app clock.
 */
import { systemClock, type Clock } from '../shared/clock.js';
import { isTokenLiveAt } from './token-lifetime.js';
import type { TokenSigner } from './token-signer.js';

export interface AddressClaims {
  address: string;
  /** A number when issued at creation/login; a numeric string when issued from a URL id. */
  address_id: number | string;
}

export interface AddressTokens {
  issue(claims: AddressClaims): Promise<string>;
  /**
   * The address and numeric id a valid token names, or null; `expiresAt` (seconds since the
   * epoch) when the token has an exp, so a long-lived stream can end when it does.
   */
  read(token: string): Promise<{ address: string; addressId: number; expiresAt?: number } | null>;
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
      if (
        !claims ||
        !isTokenLiveAt(claims, nowSeconds()) ||
        typeof claims['address'] !== 'string'
      ) {
        return Promise.resolve(null);
      }
      const rawId = claims['address_id'];
      const addressId = typeof rawId === 'string' && /^\d+$/.test(rawId) ? Number(rawId) : rawId;
      if (typeof addressId !== 'number' || !Number.isSafeInteger(addressId) || addressId <= 0) {
        return Promise.resolve(null);
      }
      const exp = claims['exp'];
      return Promise.resolve(
        typeof exp === 'number'
          ? { address: claims['address'], addressId, expiresAt: exp }
          : { address: claims['address'], addressId },
      );
    },
  };
}
