/**
 * `/user_api` (docs/api.md "User accounts", reference §1.5): registration and sign-in (password,
 * passkey, OAuth2), the user's settings, bound addresses, their mail, and passkeys. Plain calls:
 * the session (state/user-session.ts) decides which token they carry and what a 401 means.
 * Typed passwords leave the browser only as their SHA-256 hex (reference §0.1).
 */
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import { apiJson, type Auth } from './client';
import { sha256Hex } from './sha256';
import type { MailSummary, Page } from './types';

export interface Oauth2Provider {
  clientID: string;
  name: string;
  /** An image URL or SVG markup, as the admin entered it. */
  icon?: string;
}

/** `GET /user_api/open_settings`; unset flags are left out. */
export interface UserOpenSettings {
  enable?: boolean;
  enableMailVerify?: boolean;
  oauth2ClientIDs: Oauth2Provider[];
}

/** A role of USER_ROLES: `domains` (empty: the default ones) and `prefix` (null: PREFIX). */
export interface UserRole {
  role: string;
  domains?: string[];
  prefix?: string | null;
}

/** `GET /user_api/settings`. */
export interface UserProfile {
  user_email: string;
  user_id: number;
  exp: number;
  is_admin: boolean;
  /** Role access token (`x-user-access-token`), one hour; null without a role. */
  access_token: string | null;
  /** A fresh user token when the current one ends soon, else null. */
  new_user_token: string | null;
  user_role: UserRole | null;
}

/** A bound address (`GET /user_api/bind_address`). */
export interface BoundAddress {
  id: number;
  name: string;
  created_at: string;
  updated_at: string;
  mail_count: number;
  send_count: number;
}

export interface Passkey {
  passkey_id: string;
  passkey_name: string;
  created_at: string;
  updated_at: string;
}

export interface Success {
  success: boolean;
}

const user = (userToken: string, extra: Auth = {}): Auth => ({ userToken, ...extra });

export function fetchUserOpenSettings(): Promise<UserOpenSettings> {
  return apiJson<UserOpenSettings>('/user_api/open_settings');
}

// Sign-up and sign-in ---------------------------------------------------------------------------

/** `cfToken` here and below: the Turnstile token, for a site that checks the endpoint. */
export function sendVerifyCode(
  email: string,
  cfToken?: string,
): Promise<{ success: boolean; expirationTtl: number }> {
  return apiJson('/user_api/verify_code', { method: 'POST', body: { email, cf_token: cfToken } });
}

export async function registerUser(input: {
  email: string;
  password: string;
  code?: string | undefined;
  cfToken?: string | undefined;
}): Promise<Success> {
  const body = {
    email: input.email,
    password: await sha256Hex(input.password),
    code: input.code,
    cf_token: input.cfToken,
  };
  return apiJson('/user_api/register', { method: 'POST', body });
}

/** A user token for e-mail and password (`POST /user_api/login`). */
export async function passwordLogin(
  email: string,
  password: string,
  cfToken?: string,
): Promise<string> {
  const body = { email, password: await sha256Hex(password), cf_token: cfToken };
  return (await apiJson<{ jwt: string }>('/user_api/login', { method: 'POST', body })).jwt;
}

export function passkeyLoginOptions(
  domain: string,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return apiJson('/user_api/passkey/authenticate_request', { method: 'POST', body: { domain } });
}

export async function passkeyLogin(input: {
  domain: string;
  origin: string;
  credential: AuthenticationResponseJSON;
}): Promise<string> {
  const path = '/user_api/passkey/authenticate_response';
  return (await apiJson<{ jwt: string }>(path, { method: 'POST', body: input })).jwt;
}

export async function oauth2LoginUrl(clientID: string, state: string): Promise<string> {
  const path = '/user_api/oauth2/login_url';
  return (await apiJson<{ url: string }>(path, { query: { clientID, state } })).url;
}

export async function oauth2Login(clientID: string, code: string): Promise<string> {
  const body = { clientID, code };
  return (await apiJson<{ jwt: string }>('/user_api/oauth2/callback', { method: 'POST', body }))
    .jwt;
}

// The signed-in user ----------------------------------------------------------------------------

export function fetchProfile(token: string): Promise<UserProfile> {
  return apiJson('/user_api/settings', { auth: user(token) });
}

export function listBoundAddresses(
  token: string,
  page: { limit: number; offset: number },
): Promise<Page<BoundAddress>> {
  return apiJson('/user_api/bind_address', { auth: user(token), query: page });
}

/** Binds the address `addressJwt` opens; a role token may lift the address limit. */
export function bindAddress(
  token: string,
  addressJwt: string,
  accessToken: string | null,
): Promise<Success> {
  const auth = user(token, { address: addressJwt, userAccessToken: accessToken ?? undefined });
  return apiJson('/user_api/bind_address', { method: 'POST', auth });
}

export async function boundAddressJwt(token: string, id: number): Promise<string> {
  const path = `/user_api/bind_address_jwt/${id}`;
  return (await apiJson<{ jwt: string }>(path, { auth: user(token) })).jwt;
}

export function unbindAddress(token: string, id: number): Promise<Success> {
  const body = { address_id: id };
  return apiJson('/user_api/unbind_address', { method: 'POST', auth: user(token), body });
}

export function transferAddress(token: string, id: number, email: string): Promise<Success> {
  const body = { address_id: id, target_user_email: email };
  return apiJson('/user_api/transfer_address', { method: 'POST', auth: user(token), body });
}

/** Mail of every bound address (or of `address`), newest first, without the raw text. */
export function listUserMails(
  token: string,
  query: { limit: number; offset: number; address?: string | undefined },
): Promise<Page<MailSummary>> {
  return apiJson<Page<MailSummary>>('/user_api/mails', {
    auth: user(token),
    query: { ...query, raw: 'false' },
  });
}

export function deleteUserMail(token: string, id: number): Promise<Success> {
  return apiJson(`/user_api/mails/${id}`, { method: 'DELETE', auth: user(token) });
}

// Passkeys of the signed-in user ----------------------------------------------------------------

export function listPasskeys(token: string): Promise<Passkey[]> {
  return apiJson('/user_api/passkey', { auth: user(token) });
}

export function passkeyRegistrationOptions(
  token: string,
  domain: string,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const path = '/user_api/passkey/register_request';
  return apiJson(path, { method: 'POST', auth: user(token), body: { domain } });
}

export function registerPasskey(
  token: string,
  body: { credential: RegistrationResponseJSON; origin: string; passkey_name: string },
): Promise<Success> {
  return apiJson('/user_api/passkey/register_response', {
    method: 'POST',
    auth: user(token),
    body,
  });
}

export function renamePasskey(token: string, id: string, name: string): Promise<Success> {
  const body = { passkey_id: id, passkey_name: name };
  return apiJson('/user_api/passkey/rename', { method: 'POST', auth: user(token), body });
}

export function deletePasskey(token: string, id: string): Promise<Success> {
  const path = `/user_api/passkey/${encodeURIComponent(id)}`;
  return apiJson(path, { method: 'DELETE', auth: user(token) });
}
