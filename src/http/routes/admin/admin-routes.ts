/** @module Everything under `/admin`, behind admin authentication. */
import { Hono, type MiddlewareHandler } from 'hono';
import type { IpAccessSettingsService } from '../../../domain/access/ip-access-settings.js';
import type { AddressService } from '../../../domain/address/address-service.js';
import type { MailIntake } from '../../../domain/mail/mail-intake.js';
import type { Mailbox } from '../../../domain/mail/mailbox-service.js';
import type { CleanupScheduler } from '../../../domain/retention/cleanup-scheduler.js';
import type { RetentionService } from '../../../domain/retention/retention-service.js';
import type { AccountSettings } from '../../../domain/settings/account-settings.js';
import type { MailHtmlLimits } from '../../../mail/sanitize-mail-html.js';
import type { Oauth2Settings } from '../../../domain/user/oauth2-settings.js';
import type { UserAdmin } from '../../../domain/user/user-admin.js';
import type { UserServices } from '../../../domain/user/user-service.js';
import type { AppEnv } from '../../app-env.js';
import { adminMailHtmlRoutes } from '../mail-html.js';
import { adminAccountSettingsRoutes } from './admin-account-settings.js';
import { adminAddressRoutes } from './admin-addresses.js';
import { adminIpAccessRoutes } from './admin-ip-access.js';
import { adminMailRoutes } from './admin-mails.js';
import { adminOauth2SettingsRoutes } from './admin-oauth2-settings.js';
import { adminRetentionRoutes } from './admin-retention.js';
import { adminSystemRoutes, type AdminSystemDeps } from './admin-system.js';
import { adminTestMailRoutes } from './admin-test-mail.js';
import { adminUserRoutes } from './admin-users.js';
import { adminUserSettingsRoutes } from './admin-user-settings.js';

export interface AdminRoutesDeps {
  requireAdmin: MiddlewareHandler<AppEnv>;
  addresses: AddressService;
  accountSettings: AccountSettings;
  mailbox: Mailbox;
  intake: MailIntake;
  batchMax: number;
  /** SMTP_MAX_MESSAGE_BYTES, also the limit of HTTP ingest. */
  maxMessageBytes: number;
  /** E2E_TEST_MODE: serve /admin/test/seed_mail and /admin/test/receive_mail. */
  e2eTestMode: boolean;
  /** MAIL_HTML_*: limits of GET /admin/mails/:id/html. */
  mailHtml: MailHtmlLimits;
  retention: RetentionService;
  cleanupScheduler: Pick<CleanupScheduler, 'runNow'>;
  userAdmin: UserAdmin;
  /** User settings, roles and per-role address limits. */
  users: Pick<UserServices, 'settings' | 'roles'>;
  system: AdminSystemDeps;
  oauth2Settings: Oauth2Settings;
  ipAccessSettings: Pick<IpAccessSettingsService, 'read' | 'save'>;
}

export function adminRoutes(deps: AdminRoutesDeps) {
  return new Hono<AppEnv>()
    .use('*', deps.requireAdmin)
    .route('/', adminAddressRoutes(deps.addresses, deps.batchMax))
    .route('/', adminAccountSettingsRoutes(deps.accountSettings))
    .route('/', adminIpAccessRoutes(deps.ipAccessSettings))
    .route('/', adminMailRoutes(deps.mailbox, deps.intake, deps.maxMessageBytes))
    .route('/', adminMailHtmlRoutes(deps.mailbox, deps.mailHtml))
    .route('/', adminRetentionRoutes(deps.retention, deps.cleanupScheduler))
    .route('/', adminTestMailRoutes(deps.intake, deps.e2eTestMode))
    .route('/', adminUserRoutes(deps.userAdmin))
    .route('/', adminUserSettingsRoutes(deps.users))
    .route('/', adminSystemRoutes(deps.system))
    .route('/', adminOauth2SettingsRoutes(deps.oauth2Settings));
}
