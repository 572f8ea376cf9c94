/**
 * @module The address credential (`Authorization: Bearer <jwt>`). Beyond the signature, the
 * token's `address_id` must still exist and carry the token's name (decisions.md 2), so a
 * deleted address's token reads nothing, not a later address of the same name.
 */
import type { MiddlewareHandler } from 'hono';
import type { AddressTokens } from '../../auth/address-token.js';
import type { AppEnv } from '../app-env.js';
import { messageResponse } from '../respond-error.js';

export type AddressLookup = (id: number) => Promise<{ id: number; name: string } | undefined>;

/** The token of an `Authorization` header: exactly two parts, scheme "bearer" in any case. */
export function bearerToken(header: string | undefined): string | undefined {
  const parts = header?.trim().split(/\s+/);
  if (parts?.length !== 2 || parts[0]?.toLowerCase() !== 'bearer') return undefined;
  return parts[1];
}

export interface AddressTokenOptions {
  /**
   * Also accept `?token=` (only for GET routes a browser EventSource opens, since it cannot
   * send headers).
   */
  queryToken?: boolean;
}

export function requireAddressToken(
  tokens: AddressTokens,
  lookup: AddressLookup,
  options: AddressTokenOptions = {},
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token =
      bearerToken(c.req.header('authorization')) ??
      (options.queryToken ? c.req.query('token') : undefined);
    const claims = token === undefined ? null : await tokens.read(token);
    const row = claims ? await lookup(claims.addressId) : undefined;
    if (!claims || !row || row.name !== claims.address) {
      return messageResponse(c, 401, 'invalid_address_credential', 'InvalidAddressCredentialMsg');
    }
    c.set(
      'address',
      claims.expiresAt === undefined
        ? { id: row.id, name: row.name }
        : { id: row.id, name: row.name, expiresAt: claims.expiresAt },
    );
    return next();
  };
}
