/**
 * The one way the UI talks to the tmpmail API: same-origin fetch with the site password
 * (`x-custom-auth`) and language (`x-lang`) on every request, the caller's credentials, and
 * errors turned into an ApiError whose message is the server's (localized) text.
 */
import { langStore, t } from '../i18n';
import { sitePasswordStore } from '../state/site-password';

/** Credentials a request may carry; each maps to the header the API reads. */
export interface Auth {
  /** Address credential (JWT) → `Authorization: Bearer`. */
  address?: string | undefined;
  /** User session token → `x-user-token`. */
  userToken?: string | undefined;
  /** Role access token → `x-user-access-token`. */
  userAccessToken?: string | undefined;
  /** Admin password → `x-admin-auth`. */
  adminPassword?: string | undefined;
}

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  auth?: Auth;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

export function apiHeaders(auth: Auth = {}): Record<string, string> {
  const headers: Record<string, string> = { 'x-lang': langStore.get() };
  const site = sitePasswordStore.get();
  if (site) headers['x-custom-auth'] = site;
  if (auth.address) headers['authorization'] = `Bearer ${auth.address}`;
  if (auth.userToken) headers['x-user-token'] = auth.userToken;
  if (auth.userAccessToken) headers['x-user-access-token'] = auth.userAccessToken;
  if (auth.adminPassword) headers['x-admin-auth'] = auth.adminPassword;
  return headers;
}

export function apiUrl(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined) params.set(name, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** The error text of a failed response: plain text, or `{"error": ...}` from a few routes. */
async function errorText(res: Response): Promise<string> {
  const text = (await res.text().catch(() => '')).trim();
  if (text.startsWith('{')) {
    try {
      const parsed = JSON.parse(text) as { error?: unknown; detail?: unknown };
      const message = parsed.error ?? parsed.detail;
      if (typeof message === 'string') return message;
    } catch {
      // Not JSON after all: show it as it is.
    }
  }
  return text.slice(0, 500) || `HTTP ${res.status} ${res.statusText}`;
}

/** Fetches `path`; resolves with the Response when it is a 2xx, else throws ApiError. */
export async function apiFetch(path: string, options: RequestOptions = {}): Promise<Response> {
  const headers = { ...apiHeaders(options.auth), ...options.headers };
  const init: RequestInit = { method: options.method ?? 'GET', headers, cache: 'no-store' };
  if (options.signal) init.signal = options.signal;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }
  let res: Response;
  try {
    res = await fetch(apiUrl(path, options.query), init);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, t('error.network'));
  }
  if (!res.ok) throw new ApiError(res.status, await errorText(res));
  return res;
}

export async function apiJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const res = await apiFetch(path, options);
  return (await res.json()) as T;
}

export async function apiBlob(path: string, options: RequestOptions = {}): Promise<Blob> {
  return (await apiFetch(path, options)).blob();
}

/** A message to show for any error (ApiError text, or the error's own message). */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
