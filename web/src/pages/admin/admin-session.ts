/**
 * Who the console acts as: the admin password (sent as `x-admin-auth`), or a user account whose
 * role is ADMIN_USER_ROLE (its one-hour role token, `x-user-access-token`, fetched again from
 * /user_api/settings before it runs out) — either signed in here for this tab only, or the
 * account already signed in on this site (state/user-session.ts). Kept in sessionStorage: this
 * tab only, gone when the tab closes, never in localStorage where it would outlive the visit.
 */
import { setAdminAuth, checkAdminPassword, loginUser, userAccess } from '../../api/admin-api';
import { ApiError, type Auth } from '../../api/client';
import { notify } from '../../state/notices';
import { createStore } from '../../state/store';
import { currentAccessToken, loadProfile, profileStore } from '../../state/user-session';
import { at } from './admin-i18n';

export type AdminSession =
  | { kind: 'password'; password: string }
  | { kind: 'account'; email: string; userToken: string }
  /** The account signed in on this site. */
  | { kind: 'user' };

const KEY = 'tmpmail.admin';

function parse(raw: unknown): AdminSession | null {
  if (raw === null || typeof raw !== 'object') return null;
  const value = raw as Record<string, unknown>;
  if (value['kind'] === 'user') return { kind: 'user' };
  if (value['kind'] === 'password' && typeof value['password'] === 'string') {
    return { kind: 'password', password: value['password'] };
  }
  if (
    value['kind'] === 'account' &&
    typeof value['email'] === 'string' &&
    typeof value['userToken'] === 'string'
  ) {
    return { kind: 'account', email: value['email'], userToken: value['userToken'] };
  }
  return null;
}

function read(): AdminSession | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw === null ? null : parse(JSON.parse(raw));
  } catch {
    return null;
  }
}

function write(session: AdminSession | null): void {
  try {
    if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
    else sessionStorage.removeItem(KEY);
  } catch {
    // Storage disabled: the session lasts until the page is left.
  }
}

export const adminSessionStore = createStore<AdminSession | null>(read());
adminSessionStore.subscribe(() => write(adminSessionStore.get()));

// Role tokens last an hour; one is reused until a minute before that.
const ROLE_TOKEN_REUSE_MS = 59 * 60_000;
let roleToken: { token: string; userToken: string; until: number } | null = null;

async function roleAccessToken(session: { email: string; userToken: string }): Promise<string> {
  if (roleToken?.userToken === session.userToken && roleToken.until > Date.now()) {
    return roleToken.token;
  }
  const access = await userAccess(session.userToken);
  if (!access.is_admin || !access.access_token) {
    throw new ApiError(403, at('admin.login.notAdmin'));
  }
  const userToken = access.new_user_token ?? session.userToken;
  roleToken = { token: access.access_token, userToken, until: Date.now() + ROLE_TOKEN_REUSE_MS };
  if (userToken !== session.userToken) {
    adminSessionStore.set({ kind: 'account', email: session.email, userToken });
  }
  return access.access_token;
}

async function currentAuth(): Promise<Auth> {
  const session = adminSessionStore.get();
  if (!session) return {};
  if (session.kind === 'password') return { adminPassword: session.password };
  if (session.kind === 'account') return { userAccessToken: await roleAccessToken(session) };
  const token = await currentAccessToken();
  // Signed out of the site, or the role is gone: as a 401 would, this ends the admin session.
  if (!token) throw new ApiError(401, at('admin.login.notAdmin'));
  return { userAccessToken: token };
}

export function signOut(): void {
  roleToken = null;
  adminSessionStore.set(null);
}

// A 401 means the password was changed or the role removed: back to the sign-in form.
setAdminAuth(currentAuth, (error) => {
  if (!adminSessionStore.get()) return;
  signOut();
  notify(error.message, 'error');
});

export async function signInWithPassword(password: string, cfToken?: string): Promise<void> {
  await checkAdminPassword(password, cfToken);
  adminSessionStore.set({ kind: 'password', password });
}

export async function signInWithAccount(
  email: string,
  password: string,
  cfToken?: string,
): Promise<void> {
  const userToken = await loginUser(email, password, cfToken);
  roleToken = null;
  const session = { email: email.trim().toLowerCase(), userToken };
  await roleAccessToken(session);
  adminSessionStore.set({ kind: 'account', ...session });
}

/** Uses the account signed in on this site, when its role is the admin role. */
export async function signInWithSiteUser(): Promise<void> {
  await loadProfile();
  const state = profileStore.get();
  if (state.status !== 'ready' || !state.profile.is_admin || !(await currentAccessToken())) {
    throw new ApiError(403, at('admin.login.notAdmin'));
  }
  adminSessionStore.set({ kind: 'user' });
}
