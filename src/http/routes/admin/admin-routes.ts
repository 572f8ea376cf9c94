/** @module Everything under `/admin`, behind admin authentication. */
import { Hono, type MiddlewareHandler } from 'hono';
import type { AddressService } from '../../../domain/address/address-service.js';
import type { MailIntake } from '../../../domain/mail/mail-intake.js';
import type { Mailbox } from '../../../domain/mail/mailbox-service.js';
import type { CleanupScheduler } from '../../../domain/retention/cleanup-scheduler.js';
import type { RetentionService } from '../../../domain/retention/retention-service.js';
import type { AccountSettings } from '../../../domain/settings/account-settings.js';
import type { AppEnv } from '../../app-env.js';
import { adminAccountSettingsRoutes } from './admin-account-settings.js';
import { adminAddressRoutes } from './admin-addresses.js';
import { adminMailRoutes } from './admin-mails.js';
import { adminRetentionRoutes } from './admin-retention.js';
import { adminTestMailRoutes } from './admin-test-mail.js';

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
  retention: RetentionService;
  cleanupScheduler: Pick<CleanupScheduler, 'runNow'>;
}

export function adminRoutes(deps: AdminRoutesDeps) {
  return new Hono<AppEnv>()
    .use('*', deps.requireAdmin)
    .route('/', adminAddressRoutes(deps.addresses, deps.batchMax))
    .route('/', adminAccountSettingsRoutes(deps.accountSettings))
    .route('/', adminMailRoutes(deps.mailbox, deps.intake, deps.maxMessageBytes))
    .route('/', adminRetentionRoutes(deps.retention, deps.cleanupScheduler))
    .route('/', adminTestMailRoutes(deps.intake, deps.e2eTestMode));
}
