/**
 * @module OAuth2 login for user accounts (reference §1.5 rows 13-14, §3.5): the provider's
 * authorization URL, and the callback that trades the code for an access token, reads the
 * user's e-mail from the user-info endpoint, creates the user when new (without a password),
 * gives them the default role and signs them in.
 */
import type { TokenSigner } from '../../auth/token-signer.js';
import { issueUserToken } from '../../auth/user-token.js';
import { formatSqlTimestamp, type Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { SettingsStore, UserRecord, UserStore } from '../../storage/ports.js';
import { DomainError } from '../errors.js';
import type { OutboundLimits } from './oauth2-http.js';
import { exchangeCode, fetchUserInfo } from './oauth2-provider-client.js';
import { readOauth2Providers, type Oauth2Provider } from './oauth2-settings.js';
import { emailDomain, extractUserEmail } from './oauth2-user-email.js';

export interface Oauth2LoginDeps {
  settings: SettingsStore;
  users: UserStore;
  signer: TokenSigner;
  clock: Clock;
  /**
   * USER_DEFAULT_ROLE, given on every OAuth2 login (reference §3.2): the rule of user-roles.ts,
   * whose check throws invalid_user_default_role for a role USER_ROLES does not list.
   */
  defaultRole: { checkDefaultRole(): void; assignDefaultRole(userId: number): Promise<void> };
  limits: OutboundLimits;
  logger: Logger;
}

/** `?` or `&`, so an authorization URL that already has a query keeps it. */
const querySeparator = (url: string) => (url.includes('?') ? '&' : '?');

/** The provider's allow-list of e-mail domains, compared case-insensitively. */
function checkAllowList(provider: Oauth2Provider, email: string): void {
  if (!provider.enableMailAllowList) return;
  const list = provider.mailAllowList ?? [];
  const domain = emailDomain(email);
  if (!list.some((entry) => entry.trim().toLowerCase() === domain)) {
    throw new DomainError('user_mail_domain_not_allowed', { list: JSON.stringify(list, null, 2) });
  }
}

export function createOauth2Login(deps: Oauth2LoginDeps) {
  async function providerFor(clientID: string): Promise<Oauth2Provider> {
    const providers = await readOauth2Providers(deps.settings);
    const provider = providers.find((p) => p.clientID === clientID);
    if (!provider) throw new DomainError('oauth2_client_not_found');
    return provider;
  }

  /** The user with this e-mail, created without a password when new; existing users are kept. */
  async function signUpOrIn(email: string, userInfo: unknown): Promise<UserRecord> {
    // Checked before any write, so a misconfigured role leaves no half-made user behind.
    deps.defaultRole.checkDefaultRole();
    const now = formatSqlTimestamp(deps.clock.now());
    let user: UserRecord;
    try {
      user = await deps.users.insertIfAbsent(
        { email, passwordHash: '', userInfo: JSON.stringify(userInfo) },
        now,
      );
    } catch (error) {
      deps.logger.error({ err: error }, 'oauth2 user creation failed');
      throw new DomainError('register_failed');
    }
    await deps.defaultRole.assignDefaultRole(user.id);
    return user;
  }

  return {
    /** Where the browser goes to sign in; the values are URL-encoded (a fix, see compatibility.md). */
    async loginUrl(clientID: string, state: string | undefined): Promise<string> {
      const provider = await providerFor(clientID);
      const params: [string, string][] = [
        ['client_id', provider.clientID],
        ['response_type', 'code'],
        ['redirect_uri', provider.redirectURL],
        ['scope', provider.scope],
      ];
      if (state !== undefined) params.push(['state', state]);
      const query = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
      return `${provider.authorizationURL}${querySeparator(provider.authorizationURL)}${query}`;
    },

    /** Completes the sign-in: the user JWT (30 days). */
    async callback(clientID: string, code: string): Promise<{ jwt: string }> {
      const provider = await providerFor(clientID);
      const token = await exchangeCode(provider, code, deps);
      const userInfo = await fetchUserInfo(provider, token, deps);
      const email = extractUserEmail(userInfo, provider);
      if (email === undefined) throw new DomainError('oauth2_user_email_failed');
      checkAllowList(provider, email);
      const user = await signUpOrIn(email, userInfo);
      const jwt = await issueUserToken(
        deps.signer,
        { userId: user.id, userEmail: user.user_email },
        deps.clock.now(),
      );
      return { jwt };
    },
  };
}

export type Oauth2Login = ReturnType<typeof createOauth2Login>;
