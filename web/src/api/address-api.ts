/** Creating an address and getting back into one (`/api/new_address`, login, settings). */
import { apiJson, type Auth } from './client';
import { sha256Hex } from './sha256';
import type { CreatedAddress } from './types';

export interface NewAddressRequest {
  name?: string | undefined;
  domain?: string | undefined;
  enableRandomSubdomain?: boolean;
  /** Turnstile token, when the site checks one (CF_TURNSTILE_*). */
  cf_token?: string | undefined;
}

/** `auth.userToken` makes the address the signed-in user's (and applies the user's role). */
export function createAddress(
  request: NewAddressRequest,
  auth: Auth = {},
): Promise<CreatedAddress> {
  return apiJson<CreatedAddress>('/api/new_address', { method: 'POST', body: request, auth });
}

/** The address a credential opens; throws ApiError (401) when the credential is not valid. */
export async function addressOfCredential(jwt: string): Promise<string> {
  const settings = await apiJson<{ address: string }>('/api/settings', { auth: { address: jwt } });
  return settings.address;
}

/**
 * Address + password login (ENABLE_ADDRESS_PASSWORD); the password goes as SHA-256 hex, with a
 * Turnstile token when the site checks every login (ENABLE_GLOBAL_TURNSTILE_CHECK).
 */
export async function loginWithPassword(
  email: string,
  password: string,
  cfToken?: string,
): Promise<{ jwt: string; address: string }> {
  return apiJson('/api/address_login', {
    method: 'POST',
    body: { email, password: await sha256Hex(password), cf_token: cfToken },
  });
}
