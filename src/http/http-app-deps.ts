/** @module What the HTTP app is built from: plain option values and the services it serves. */
import type { AddressTokens } from '../auth/address-token.js';
import type { TokenSigner } from '../auth/token-signer.js';
import type { IpAccessControl } from '../domain/access/ip-access-control.js';
import type { IpAccessSettingsService } from '../domain/access/ip-access-settings.js';
import type { AddressService } from '../domain/address/address-service.js';
import type { MailIntake } from '../domain/mail/mail-intake.js';
import type { MailNotifier } from '../domain/mail/mail-notifier.js';
import type { Mailbox } from '../domain/mail/mailbox-service.js';
import type { CleanupScheduler } from '../domain/retention/cleanup-scheduler.js';
import type { RetentionService } from '../domain/retention/retention-service.js';
import type { AccountSettings } from '../domain/settings/account-settings.js';
import type { Oauth2Login } from '../domain/user/oauth2-login.js';
import type { Oauth2Settings } from '../domain/user/oauth2-settings.js';
import type { PasskeyService } from '../domain/user/passkey-service.js';
import type { UserAdmin } from '../domain/user/user-admin.js';
import type { UserServices } from '../domain/user/user-service.js';
import type { MailHtmlLimits } from '../mail/sanitize-mail-html.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { LoginThrottle } from './login-throttle.js';
import type { AddressLookup } from './middleware/require-address-token.js';
import type { RateLimiter } from './rate-limiter.js';
import type { AdminSystemDeps } from './routes/admin/admin-system.js';
import type { PublicSettings } from './routes/open-api.js';
import type { Turnstile } from './turnstile.js';

export interface HttpOptions {
  sitePasswords: readonly string[];
  adminPasswords: readonly string[];
  disableAdminPasswordCheck: boolean;
  /** ADMIN_USER_ROLE */
  adminUserRole: string | undefined;
  defaultLang: string | undefined;
  maxBodyBytes: number;
  trustedProxies: readonly string[];
  domainsConfigured: boolean;
  batchMax: number;
  publicSettings: PublicSettings;
  longPollMaxSeconds: number;
  /** LIVE_DB_POLL_SECONDS: how often a live wait also reads the database. */
  liveDbPollSeconds: number;
  liveConnectionsMax: number;
  /** SMTP_MAX_MESSAGE_BYTES: the largest message HTTP ingest takes too. */
  maxMessageBytes: number;
  /** ENABLE_USER_DELETE_EMAIL */
  allowOwnerDelete: boolean;
  /** E2E_TEST_MODE: the reference's /admin/test/* routes. */
  e2eTestMode: boolean;
  /** MAIL_HTML_*: limits of the rendered mail HTML (GET …/mails/:id/html). */
  mailHtml: MailHtmlLimits;
  /** Directory of the built web UI (WEB_DIR), or null when WEB_UI is off. */
  webDir: string | null;
  /** IP_ASN_ORGANIZATION_HEADER: where a trusted proxy names the client's ASN organisation. */
  asnHeader: string | undefined;
}

export interface HttpAppDeps {
  options: HttpOptions;
  addresses: AddressService;
  accountSettings: AccountSettings;
  mailbox: Mailbox;
  intake: MailIntake;
  notifier: MailNotifier;
  addressTokens: AddressTokens;
  tokenSigner: TokenSigner;
  findAddress: AddressLookup;
  rateLimiter: RateLimiter;
  /** Failed-login counters of every password or credential login. */
  loginThrottle: LoginThrottle;
  ipAccessControl: IpAccessControl;
  ipAccessSettings: IpAccessSettingsService;
  turnstile: Turnstile;
  retention: RetentionService;
  cleanupScheduler: Pick<CleanupScheduler, 'runNow'>;
  /** Admin user management and the admin system pages (/admin/users*, db_*, config ...). */
  userAdmin: UserAdmin;
  adminSystem: AdminSystemDeps;
  oauth2Login: Oauth2Login;
  oauth2Settings: Oauth2Settings;
  passkeys: PasskeyService;
  /** User accounts: settings, roles, registration, sessions, bound addresses. */
  users: UserServices;
  /** The role a user holds now (ADMIN_USER_ROLE tokens are checked against it). */
  currentRoleOf(userId: number): Promise<string | undefined>;
  clock: Clock;
  logger: Logger;
}
