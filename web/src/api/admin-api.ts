/**
 * The `/admin` API (docs/api.md, reference §1.6): addresses, mails, users, settings, cleanup
 * and statistics. Every call carries the admin credential that the console's session hands
 * to `setAdminAuth` (the admin password, or a role access token); a 401 tells the session.
 */
import { ApiError, apiJson, type Auth, type RequestOptions } from './client';
import { sha256Hex } from './sha256';
import type { CreatedAddress, MailHtml, MailRow, MailSummary, Page } from './types';

type AuthSource = () => Promise<Auth>;
let authSource: AuthSource = () => Promise.resolve({});
let onUnauthorized: (error: ApiError) => void = () => undefined;

/** Installs where admin credentials come from, and what a 401 does (sign out). */
export function setAdminAuth(source: AuthSource, unauthorized: (error: ApiError) => void): void {
  authSource = source;
  onUnauthorized = unauthorized;
}

/** An admin API call with the session's credential. */
export async function admin<T>(
  path: string,
  options: Omit<RequestOptions, 'auth'> = {},
): Promise<T> {
  try {
    return await apiJson<T>(path, { ...options, auth: await authSource() });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) onUnauthorized(error);
    throw error;
  }
}

export const post = <T>(path: string, body: unknown) => admin<T>(path, { method: 'POST', body });
const remove = <T>(path: string) => admin<T>(path, { method: 'DELETE' });

/**
 * Checks an admin password with /open_api/admin_login (which takes its SHA-256 hex, and a
 * Turnstile token when the site checks every login).
 */
export async function checkAdminPassword(password: string, cfToken?: string): Promise<void> {
  await apiJson('/open_api/admin_login', {
    method: 'POST',
    body: { password: await sha256Hex(password), cf_token: cfToken },
  });
}

/** A user session token for an account (`/user_api/login`; `cfToken` as above). */
export async function loginUser(
  email: string,
  password: string,
  cfToken?: string,
): Promise<string> {
  const body = { email, password: await sha256Hex(password), cf_token: cfToken };
  return (await apiJson<{ jwt: string }>('/user_api/login', { method: 'POST', body })).jwt;
}

/** Whether the account holds the admin role, with its role access token (`/user_api/settings`). */
export function userAccess(userToken: string): Promise<{
  is_admin: boolean;
  access_token: string | null;
  new_user_token: string | null;
}> {
  return apiJson('/user_api/settings', { auth: { userToken } });
}

export interface Success {
  success: boolean;
}

export interface PageQuery {
  limit: number;
  offset: number;
}

// Addresses ------------------------------------------------------------------------------------

export interface AdminAddress {
  id: number;
  name: string;
  source_meta: string | null;
  created_at: string;
  updated_at: string;
  mail_count: number;
  send_count: number;
}

export const ADDRESS_SORT_COLUMNS = [
  'id',
  'name',
  'mail_count',
  'send_count',
  'created_at',
  'updated_at',
  'source_meta',
] as const;
export type AddressSortColumn = (typeof ADDRESS_SORT_COLUMNS)[number];

export interface AddressQuery extends PageQuery {
  query?: string | undefined;
  sortBy: AddressSortColumn;
  ascending: boolean;
}

export function listAddresses(q: AddressQuery): Promise<Page<AdminAddress>> {
  return admin('/admin/address', {
    query: {
      limit: q.limit,
      offset: q.offset,
      query: q.query || undefined,
      sort_by: q.sortBy,
      sort_order: q.ascending ? 'ascend' : 'descend',
    },
  });
}

export interface NewAddressOptions {
  domain?: string | undefined;
  enablePrefix: boolean;
  enableRandomSubdomain: boolean;
}

export function createAddress(name: string, options: NewAddressOptions): Promise<CreatedAddress> {
  return post('/admin/new_address', { name, ...options });
}

export interface BatchResult {
  results: CreatedAddress[];
  errors: { name: string; code: string; error: string }[];
}

/** Either the given names, or `count` random ones. */
export function createAddressBatch(
  names: string[] | { count: number },
  options: NewAddressOptions,
): Promise<BatchResult> {
  return post('/admin/addresses/batch', {
    ...(Array.isArray(names) ? { names } : names),
    ...options,
  });
}

export const deleteAddress = (id: number) => remove<Success>(`/admin/delete_address/${id}`);
export const clearAddressInbox = (id: number) => remove<Success>(`/admin/clear_inbox/${id}`);
export const showCredential = (id: number) => admin<{ jwt: string }>(`/admin/show_password/${id}`);

/** Sets the address password; the API receives its SHA-256 hex, as from every client. */
export async function resetAddressPassword(id: number, password: string): Promise<void> {
  await post(`/admin/address/${id}/reset_password`, { password: await sha256Hex(password) });
}

// Mails ----------------------------------------------------------------------------------------

// Lists leave the raw message out (`raw=false`); the mail view fetches the one it shows.
export function listMails(
  q: PageQuery & { address?: string | undefined },
): Promise<Page<MailSummary>> {
  return admin('/admin/mails', {
    query: { limit: q.limit, offset: q.offset, address: q.address || undefined, raw: 'false' },
  });
}

export const listUnknownMails = (q: PageQuery) =>
  admin<Page<MailSummary>>('/admin/mails_unknow', {
    query: { limit: q.limit, offset: q.offset, raw: 'false' },
  });
export const getMail = (id: number) => admin<MailRow | null>(`/admin/mails/${id}`);
export const deleteMail = (id: number) => remove<Success>(`/admin/mails/${id}`);

/** The sanitised document of a mail for a sandboxed frame; remote images only when asked. */
export function getAdminMailHtml(id: number, remoteImages: boolean): Promise<MailHtml> {
  return admin(`/admin/mails/${id}/html`, {
    query: { remote_images: remoteImages ? 1 : undefined },
  });
}

// Users ----------------------------------------------------------------------------------------

export interface AdminUser {
  id: number;
  user_email: string;
  created_at: string;
  updated_at: string;
  role_text: string | null;
  address_count: number;
}

export interface RoleDefinition {
  role: string;
  domains?: string[];
  prefix?: string | null;
}

export const listUsers = (q: PageQuery & { query?: string | undefined }) =>
  admin<Page<AdminUser>>('/admin/users', {
    query: { limit: q.limit, offset: q.offset, query: q.query || undefined },
  });

export async function createUser(email: string, password: string): Promise<void> {
  await post('/admin/users', { email, password: await sha256Hex(password) });
}

export const deleteUser = (id: number) => remove<Success>(`/admin/users/${id}`);

export async function resetUserPassword(id: number, password: string): Promise<void> {
  await post(`/admin/users/${id}/reset_password`, { password: await sha256Hex(password) });
}

export const userAddresses = (id: number) =>
  admin<{ results: AdminAddress[] }>(`/admin/users/bind_address/${id}`);

/** Binds an address (its full name, or its id when all digits) to the user. */
export function bindUserAddress(userId: number, address: string): Promise<Success> {
  const value = address.trim();
  const target = /^\d+$/.test(value) ? { address_id: Number(value) } : { address: value };
  return post('/admin/users/bind_address', { user_id: userId, ...target });
}

export const listRoles = () => admin<RoleDefinition[]>('/admin/user_roles');
/** An empty role removes the user's role. */
export const setUserRole = (userId: number, role: string) =>
  post<Success>('/admin/user_roles', { user_id: userId, role_text: role });

export type RoleAddressConfig = Record<string, { maxAddressCount?: number }>;
export const getRoleAddressConfig = () =>
  admin<{ configs: RoleAddressConfig }>('/admin/role_address_config');
export const saveRoleAddressConfig = (configs: RoleAddressConfig) =>
  post<Success>('/admin/role_address_config', { configs });
