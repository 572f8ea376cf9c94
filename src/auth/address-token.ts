/**
 * @module The address credential: a JWT with claims `{address, address_id}` (reference §0.6).
 * No expiry unless the operator sets a lifetime. Whether the address still exists is checked
 * by the caller against the store (decisions.md 2).
 */
import type { TokenSigner } from './token-signer.js';

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

export function createAddressTokens(signer: TokenSigner, ttlSeconds: number): AddressTokens {
  return {
    issue(claims) {
      if (ttlSeconds <= 0) return signer.sign({ ...claims });
      const now = Math.floor(Date.now() / 1000);
      return signer.sign({ ...claims, iat: now, exp: now + ttlSeconds });
    },
    async read(token) {
      const claims = await signer.verify(token);
      if (!claims || typeof claims['address'] !== 'string') return null;
      const rawId = claims['address_id'];
      const addressId = typeof rawId === 'string' && /^\d+$/.test(rawId) ? Number(rawId) : rawId;
      if (typeof addressId !== 'number' || !Number.isSafeInteger(addressId) || addressId <= 0) {
        return null;
      }
      return { address: claims['address'], addressId };
    },
  };
}
