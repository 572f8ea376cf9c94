/**
 * The signed-in user account: its user token (state/user-token.ts, sent as `x-user-token`),
 * the profile from /user_api/settings with the role access token, and fresh address
 * credentials of bound addresses. A 401 on a user call means the token ran out or was
 * revoked: the session ends and the page shows the sign-in forms again.
 */
import { ApiError } from '../api/client';
import { bindAddress, boundAddressJwt, fetchProfile, type UserProfile } from '../api/user-api';
import { notify } from './notices';
import { createStore } from './store';
import { userTokenStore } from './user-token';

export type ProfileState =
  | { status: 'signedOut' }
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; profile: UserProfile };

export const profileStore = createStore<ProfileState>(
  userTokenStore.get() ? { status: 'loading' } : { status: 'signedOut' },
);

// Role access tokens last an hour; one is used until a minute before that, then fetched again.
const ACCESS_TOKEN_REUSE_MS = 59 * 60_000;
let accessToken: { token: string | null; until: number } | null = null;
// Address credentials handed out for bound addresses, by address id, for this session only.
let credentials = new Map<number, string>();

function clearSessionCaches(): void {
  accessToken = null;
  credentials = new Map();
}

export function signOutUser(): void {
  clearSessionCaches();
  userTokenStore.set(null);
  profileStore.set({ status: 'signedOut' });
}

/**
 * Runs `call` with the current user token. A 401 while that token is still the current one
 * ends the session (with the server's reason as a notice); the error is thrown on either way.
 */
export async function userCall<T>(call: (token: string) => Promise<T>): Promise<T> {
  const token = userTokenStore.get() ?? '';
  try {
    return await call(token);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401 && userTokenStore.get() === token) {
      signOutUser();
      notify(error.message, 'error');
    }
    throw error;
  }
}

/** Loads the profile; replaces the stored token when the server hands out a fresher one. */
export async function loadProfile(): Promise<void> {
  if (!userTokenStore.get()) {
    profileStore.set({ status: 'signedOut' });
    return;
  }
  if (profileStore.get().status !== 'ready') profileStore.set({ status: 'loading' });
  try {
    const profile = await userCall(fetchProfile);
    if (profile.new_user_token) userTokenStore.set(profile.new_user_token);
    accessToken = { token: profile.access_token, until: Date.now() + ACCESS_TOKEN_REUSE_MS };
    profileStore.set({ status: 'ready', profile });
  } catch (error) {
    if (!userTokenStore.get()) return;
    profileStore.set({ status: 'error', message: error instanceof Error ? error.message : '' });
  }
}

/**
 * Starts a session with a token from any sign-in (password, passkey, OAuth2); the account
 * page loads the profile when it shows.
 */
export function signIn(token: string): void {
  clearSessionCaches();
  profileStore.set({ status: 'loading' });
  userTokenStore.set(token);
}

/** The role access token (null without a role), fetched again when it is about to expire. */
export async function currentAccessToken(): Promise<string | null> {
  if (!accessToken || accessToken.until <= Date.now()) await loadProfile();
  return accessToken?.token ?? null;
}

/** An address credential for a bound address, asked for once per session. */
export async function boundCredential(addressId: number): Promise<string> {
  const known = credentials.get(addressId);
  if (known) return known;
  const jwt = await userCall((token) => boundAddressJwt(token, addressId));
  credentials.set(addressId, jwt);
  return jwt;
}

/** Forgets a credential that stopped working (the address was unbound or moved). */
export function forgetBoundCredential(addressId: number): void {
  credentials.delete(addressId);
}

/** Binds the address `addressJwt` opens to the signed-in user; a role may lift the limit. */
export async function bindToUser(addressJwt: string): Promise<void> {
  const access = await currentAccessToken();
  await userCall((token) => bindAddress(token, addressJwt, access));
}
