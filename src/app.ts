/**
 * @module Composition root: wires config → store → domain services → HTTP app. It never listens
 * (main does) and never opens the database on its own, so tests build the same app with their
 * own store.
 */
import type { Hono } from 'hono';
import type { Redis } from 'ioredis';
import { createAddressTokens } from './auth/address-token.js';
import { hashPassword, verifyPassword } from './auth/password-hash.js';
import { sha256Hex } from './auth/secret-compare.js';
import { createTokenSigner } from './auth/token-signer.js';
import type { Config } from './config/config-schema.js';
import { createIpAccessControl } from './domain/access/ip-access-control.js';
import { createIpAccessSettings } from './domain/access/ip-access-settings.js';
import type { AddressPolicy } from './domain/address/address-policy.js';
import { createAddressService, type AddressService } from './domain/address/address-service.js';
import { createMailIntake, type IntakePolicy, type MailIntake } from './domain/mail/mail-intake.js';
import { createMailNotifier, type MailNotifier } from './domain/mail/mail-notifier.js';
import { createRedisMailNotifier } from './storage/redis-mail-notifier.js';
import { createMailbox, type Mailbox } from './domain/mail/mailbox-service.js';
import {
  createCleanupScheduler,
  type CleanupScheduler,
} from './domain/retention/cleanup-scheduler.js';
import {
  createRetentionService,
  type RetentionService,
} from './domain/retention/retention-service.js';
import { createAccountSettings } from './domain/settings/account-settings.js';
import type { VerifyCodeSender } from './domain/user/verify-codes.js';
import { createAdminConfig } from './domain/system/admin-config.js';
import { createDbStatus } from './domain/system/db-status.js';
import { buildWorkerConfigs } from './domain/system/worker-configs.js';
import { extractVerification } from './mail/extract-verification.js';
import { isJunk } from './mail/junk-check.js';
import { parseMessage } from './mail/parse-message.js';
import { shouldStripAttachments, stripAttachments } from './mail/strip-attachments.js';
import type { AppEnv } from './http/app-env.js';
import { createHttpApp } from './http/create-http-app.js';
import { httpOptionsFrom } from './http-options-from.js';
import { userServicesFrom } from './user-services-from.js';
import { createLoginThrottle } from './http/login-throttle.js';
import { createRateLimiter } from './http/rate-limiter.js';
import { createTurnstile } from './http/turnstile.js';
import { systemClock, type Clock } from './shared/clock.js';
import type { Logger } from './shared/logger.js';
import type { Store } from './storage/ports.js';
import { COMPATIBLE_API_VERSION } from './public-settings.js';

export interface AppDeps {
  config: Config;
  store: Store;
  jwtSecret: string;
  logger: Logger;
  clock?: Clock;
  redis?: Redis | undefined;
  /**
   * Sends registration verification codes. Outgoing mail is not built yet, so production
   * passes none and mail verification answers "unavailable"; tests pass one that captures.
   */
  verifyCodeSender?: VerifyCodeSender | undefined;
}

export interface App {
  http: Hono<AppEnv>;
  addresses: AddressService;
  mailbox: Mailbox;
  intake: MailIntake;
  notifier: MailNotifier;
  retention: RetentionService;
  /** Not started: startService starts and stops it; tests call tick() themselves. */
  cleanupScheduler: CleanupScheduler;
}

/** The intake rules as plain values, from the configuration. */
export function intakePolicyFrom(config: Config): IntakePolicy {
  return {
    domains: config.DOMAINS,
    // Comma-separated and, as in the reference, not trimmed.
    senderBlockList: config.BLACK_LIST.split(',').filter((entry) => entry !== ''),
    junk: {
      enabled: config.ENABLE_CHECK_JUNK_MAIL,
      checkList: config.JUNK_MAIL_CHECK_LIST,
      forcePassList: config.JUNK_MAIL_FORCE_PASS_LIST,
    },
    removeAllAttachments: config.REMOVE_ALL_ATTACHMENT,
    removeExceedSizeAttachments: config.REMOVE_EXCEED_SIZE_ATTACHMENT,
    gzip: config.ENABLE_MAIL_GZIP,
    extract: config.ENABLE_AI_EMAIL_EXTRACT,
  };
}

/** The address rules as plain values, from the configuration. */
export function addressPolicyFrom(config: Config): AddressPolicy {
  const lower = (list: readonly string[] | undefined) =>
    (list ?? []).map((d) => d.trim().toLowerCase()).filter(Boolean);
  return {
    domains: config.DOMAINS,
    defaultDomains: config.DEFAULT_DOMAINS.length > 0 ? config.DEFAULT_DOMAINS : config.DOMAINS,
    randomSubdomainDomains: config.RANDOM_SUBDOMAIN_DOMAINS,
    randomSubdomainLength: config.RANDOM_SUBDOMAIN_LENGTH,
    prefix: config.PREFIX.trim().toLowerCase(),
    stripPattern: config.ADDRESS_REGEX ?? '[^a-z0-9]',
    checkPattern: config.ADDRESS_CHECK_REGEX,
    minLength: config.MIN_ADDRESS_LEN,
    maxLength: config.MAX_ADDRESS_LEN,
    disableCustomName: config.DISABLE_CUSTOM_ADDRESS_NAME,
    defaultDomainFirst: config.CREATE_ADDRESS_DEFAULT_DOMAIN_FIRST,
    subdomainMatchEnv: config.ENABLE_CREATE_ADDRESS_SUBDOMAIN_MATCH,
    enableUserCreate: config.ENABLE_USER_CREATE_EMAIL,
    disableAnonymousCreate: config.DISABLE_ANONYMOUS_USER_CREATE_EMAIL,
    enableAddressPassword: config.ENABLE_ADDRESS_PASSWORD,
    roles: config.USER_ROLES.map((r) => ({
      role: r.role,
      domains: lower(r.domains),
      prefix: typeof r.prefix === 'string' ? r.prefix.trim().toLowerCase() : null,
    })),
    batchMax: config.ADDRESS_BATCH_MAX,
  };
}

/** The address service alone, for the CLI's local-store mode. */
export function createAddressServiceFrom(deps: Omit<AppDeps, 'logger' | 'redis'>): AddressService {
  const signer = createTokenSigner(deps.jwtSecret, deps.clock ?? systemClock);
  return createAddressService({
    store: deps.store,
    policy: addressPolicyFrom(deps.config),
    tokens: createAddressTokens(
      signer,
      deps.config.ADDRESS_JWT_TTL_SECONDS,
      deps.clock ?? systemClock,
    ),
    passwords: { hash: hashPassword, verify: verifyPassword, clientDigest: sha256Hex },
    clock: deps.clock ?? systemClock,
  });
}

/** Failed-login limits and the admin's IP access control, from the configuration. */
function abuseProtectionFrom({ config, store, redis, logger }: AppDeps, clock: Clock) {
  const ipAccessSettings = createIpAccessSettings({ settings: store.settings, clock });
  return {
    loginThrottle: createLoginThrottle({
      maxFailuresPerAccount: config.LOGIN_MAX_FAILURES,
      maxFailuresPerIp: config.LOGIN_MAX_FAILURES_PER_IP,
      windowSeconds: config.LOGIN_FAILURE_WINDOW_SECONDS,
      redis,
      logger,
    }),
    ipAccessSettings,
    ipAccessControl: createIpAccessControl({
      settings: ipAccessSettings,
      kv: store.kv,
      clock,
      logger,
    }),
  };
}

/** Mail in: the intake pipeline (parse, junk check, attachments, extraction) and the notifier. */
function mailIntakeFrom(deps: AppDeps, clock: Clock) {
  const notifier = deps.redis
    ? createRedisMailNotifier({ redis: deps.redis, logger: deps.logger })
    : createMailNotifier();
  const intake = createMailIntake({
    store: deps.store,
    policy: intakePolicyFrom(deps.config),
    mail: {
      parse: parseMessage,
      isJunk,
      shouldStripAttachments,
      stripAttachments,
      extract: extractVerification,
    },
    notifier,
    clock,
  });
  return { notifier, intake };
}

/** The automatic cleanups and the scheduler that runs them (startService starts it). */
function retentionFrom({ config, store, logger }: AppDeps, clock: Clock) {
  const retention = createRetentionService({
    store,
    clock,
    batchSize: config.CLEANUP_BATCH_SIZE,
    logger,
  });
  const cleanupScheduler = createCleanupScheduler({
    store,
    run: retention.runScheduled,
    clock,
    intervalSeconds: config.CLEANUP_INTERVAL_SECONDS,
    logger,
  });
  return { retention, cleanupScheduler };
}

/** The admin console's system views: database status, key/value config, effective config. */
function adminSystemFrom({ config, store, jwtSecret }: AppDeps, clock: Clock) {
  return {
    dbStatus: createDbStatus(store),
    adminConfig: createAdminConfig({ settings: store.settings, clock }),
    workerConfigs: buildWorkerConfigs(config, {
      version: COMPATIBLE_API_VERSION,
      hasJwtSecret: jwtSecret !== '',
    }),
  };
}

export function createApp(deps: AppDeps): App {
  const { config, store } = deps;
  const clock = deps.clock ?? systemClock;
  const signer = createTokenSigner(deps.jwtSecret, clock);
  const addressTokens = createAddressTokens(signer, config.ADDRESS_JWT_TTL_SECONDS, clock);
  const addresses = createAddressServiceFrom({ ...deps, clock });
  const { notifier, intake } = mailIntakeFrom(deps, clock);
  const mailbox = createMailbox({
    store,
    parse: parseMessage,
    allowOwnerDelete: config.ENABLE_USER_DELETE_EMAIL,
  });
  const { retention, cleanupScheduler } = retentionFrom(deps, clock);
  const http = createHttpApp({
    options: httpOptionsFrom(config),
    ...abuseProtectionFrom(deps, clock),
    addresses,
    accountSettings: createAccountSettings({
      settings: store.settings,
      clock,
      subdomainMatchEnv: config.ENABLE_CREATE_ADDRESS_SUBDOMAIN_MATCH,
      verifiedSendChannel: false,
    }),
    mailbox,
    intake,
    notifier,
    addressTokens,
    tokenSigner: signer,
    findAddress: (id) => store.addresses.findById(id),
    rateLimiter: createRateLimiter({
      pointsPerMinute: config.RATE_LIMIT_PER_MINUTE,
      redis: deps.redis,
    }),
    turnstile: createTurnstile({
      siteKey: config.CF_TURNSTILE_SITE_KEY,
      secretKey: config.CF_TURNSTILE_SECRET_KEY,
      verifyUrl: config.TURNSTILE_VERIFY_URL,
      global: config.ENABLE_GLOBAL_TURNSTILE_CHECK,
    }),
    retention,
    cleanupScheduler,
    adminSystem: adminSystemFrom(deps, clock),
    ...userServicesFrom(deps, {
      signer,
      addressTokens,
      clock,
      roles: addressPolicyFrom(config).roles,
    }),
    currentRoleOf: (userId) => store.users.findRoleName(userId),
    clock,
    logger: deps.logger,
  });
  return { http, addresses, mailbox, intake, notifier, retention, cleanupScheduler };
}
