/**
 * OAuth2 sign-in (reference §3.5) from the browser's side: a random `state` is kept in this
 * tab's sessionStorage before leaving for the provider, and the callback page
 * (/account/oauth2/callback, or the reference UI's /user/oauth2/callback) accepts only a
 * redirect that brings the same state back, once, within a few minutes. That stops a link
 * made by someone else from signing this browser in to their account (login CSRF).
 */
import { oauth2Login, oauth2LoginUrl } from '../../api/user-api';
import { at } from './account-i18n';

const KEY = 'tmpmail.oauth2';
// Time to sign in at the provider (a password, a second factor) before the state lapses.
const STATE_LIFETIME_MS = 15 * 60_000;

interface Pending {
  state: string;
  clientID: string;
  at: number;
}

export const OAUTH2_CALLBACK_PATHS = ['/account/oauth2/callback', '/user/oauth2/callback'];

export function isOauth2Callback(path: string): boolean {
  return OAUTH2_CALLBACK_PATHS.includes(path.replace(/\/$/, ''));
}

function randomState(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function takePending(): Pending | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    sessionStorage.removeItem(KEY);
    const value = raw === null ? null : (JSON.parse(raw) as Partial<Pending>);
    if (typeof value?.state !== 'string' || typeof value.clientID !== 'string') return null;
    return { state: value.state, clientID: value.clientID, at: Number(value.at) };
  } catch {
    return null;
  }
}

/** Leaves for the provider's sign-in page. */
export async function startOauth2(clientID: string): Promise<void> {
  const pending: Pending = { state: randomState(), clientID, at: Date.now() };
  try {
    sessionStorage.setItem(KEY, JSON.stringify(pending));
  } catch {
    // Without storage the state cannot be checked on return: refuse rather than skip the check.
    throw new Error(at('account.oauth2.noStorage'));
  }
  const url = new URL(await oauth2LoginUrl(clientID, pending.state), window.location.href);
  // The URL comes from the admin's provider settings; only a web page is a place to go.
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(at('account.oauth2.badUrl'));
  }
  window.location.assign(url.href);
}

/** Checks the provider's redirect (`?code=&state=`) and trades the code for a user token. */
export async function finishOauth2(search: string): Promise<string> {
  const params = new URLSearchParams(search);
  const pending = takePending();
  const error = params.get('error');
  if (error) {
    throw new Error(
      at('account.oauth2.denied', { error: params.get('error_description') ?? error }),
    );
  }
  const fresh = pending !== null && Date.now() - pending.at < STATE_LIFETIME_MS;
  if (!fresh || pending.state !== params.get('state'))
    throw new Error(at('account.oauth2.badState'));
  const code = params.get('code');
  if (!code) throw new Error(at('account.oauth2.noCode'));
  return oauth2Login(pending.clientID, code);
}
