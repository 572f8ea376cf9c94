/**
 * @module The HTTP API: mounts each area at its prefix, applies the cross-cutting middleware
 * (CORS, language, body limit, site password) and turns errors into responses in one place.
 * It never listens; main does.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { except } from 'hono/combine';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import type { AddressTokens } from '../auth/address-token.js';
import type { TokenSigner } from '../auth/token-signer.js';
import type { AddressService } from '../domain/address/address-service.js';
import { DomainError } from '../domain/errors.js';
import type { MailIntake } from '../domain/mail/mail-intake.js';
import type { MailNotifier } from '../domain/mail/mail-notifier.js';
import type { Mailbox } from '../domain/mail/mailbox-service.js';
import type { AccountSettings } from '../domain/settings/account-settings.js';
import type { CleanupScheduler } from '../domain/retention/cleanup-scheduler.js';
import type { RetentionService } from '../domain/retention/retention-service.js';
import type { Logger } from '../shared/logger.js';
import type { AppEnv } from './app-env.js';
import { createClientIpResolver } from './client-ip.js';
import { renderDomainError } from './error-table.js';
import { pickLang } from './messages.js';
import { optionalUserToken } from './middleware/optional-user-token.js';
import { rateLimit } from './middleware/rate-limit.js';
import { requireAddressToken, type AddressLookup } from './middleware/require-address-token.js';
import { requireAdmin } from './middleware/require-admin.js';
import { siteAuth } from './middleware/site-auth.js';
import type { RateLimiter } from './rate-limiter.js';
import { errorResponse, messageResponse } from './respond-error.js';
import { addressRoutes } from './routes/addresses.js';
import { adminRoutes } from './routes/admin/admin-routes.js';
import { healthRoutes } from './routes/health.js';
import { mailEventRoutes, mailRoutes } from './routes/mails.js';
import { openApiRoutes, type PublicSettings } from './routes/open-api.js';
import type { Turnstile } from './turnstile.js';

export interface HttpOptions {
  sitePasswords: readonly string[];
  adminPasswords: readonly string[];
  disableAdminPasswordCheck: boolean;
  defaultLang: string | undefined;
  maxBodyBytes: number;
  trustedProxies: readonly string[];
  domainsConfigured: boolean;
  batchMax: number;
  publicSettings: PublicSettings;
  longPollMaxSeconds: number;
  liveConnectionsMax: number;
  /** SMTP_MAX_MESSAGE_BYTES: the largest message HTTP ingest takes too. */
  maxMessageBytes: number;
  /** ENABLE_USER_DELETE_EMAIL */
  allowOwnerDelete: boolean;
  /** E2E_TEST_MODE: the reference's /admin/test/* routes. */
  e2eTestMode: boolean;
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
  turnstile: Turnstile;
  retention: RetentionService;
  cleanupScheduler: Pick<CleanupScheduler, 'runNow'>;
  logger: Logger;
}

/** True when the request declares a body length within `max` and is not chunked. */
function declaredWithin(
  contentLength: string | undefined,
  transferEncoding: string | undefined,
  max: number,
): boolean {
  return (
    transferEncoding === undefined &&
    contentLength !== undefined &&
    /^\d{1,15}$/.test(contentLength) &&
    Number(contentLength) <= max
  );
}

export function createHttpApp(deps: HttpAppDeps): Hono<AppEnv> {
  const { options, logger } = deps;
  const clientIp = createClientIpResolver(options.trustedProxies);
  const mailDeps = {
    mailbox: deps.mailbox,
    addresses: deps.addresses,
    notifier: deps.notifier,
    longPollMaxSeconds: options.longPollMaxSeconds,
    liveConnectionsMax: options.liveConnectionsMax,
    allowOwnerDelete: options.allowOwnerDelete,
  };
  const app = new Hono<AppEnv>();

  // CORS first: any origin, preflight answered before any auth (reference §0.2).
  app.use('*', cors());
  app.use('*', async (c, next) => {
    c.set('lang', pickLang(c.req.header('x-lang'), options.defaultLang));
    const started = performance.now();
    await next();
    logger.debug(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: performance.now() - started,
      },
      'request',
    );
  });
  app.use(
    '*',
    // Raw mail handed over HTTP has its own, larger limit (the SMTP one), set on its route.
    // GET and HEAD skip it: no route reads their body, and bodyLimit's look at `c.req.raw.body`
    // makes @hono/node-server build a full Request (with an AbortSignal) for every poll of the
    // mailbox, ~8% of the CPU of a list request (bench/README.md).
    // Likewise a body whose declared Content-Length is within the limit: Node's HTTP parser
    // never delivers more than the declared length, so only chunked bodies need counting.
    except(
      [
        '/admin/inbound_mails',
        (c) => c.req.method === 'GET' || c.req.method === 'HEAD',
        (c) =>
          declaredWithin(
            c.req.header('content-length'),
            c.req.header('transfer-encoding'),
            options.maxBodyBytes,
          ),
      ],
      bodyLimit({
        maxSize: options.maxBodyBytes,
        onError: (c) => messageResponse(c, 413, 'payload_too_large', 'PayloadTooLargeMsg'),
      }),
    ),
  );
  app.use('*', except('/open_api/*', siteAuth(options.sitePasswords)));

  app.route('/', healthRoutes(options.domainsConfigured));
  app.route(
    '/open_api',
    openApiRoutes({
      ...deps,
      sitePasswords: options.sitePasswords,
      adminPasswords: options.adminPasswords,
      clientIp,
      publicSettings: options.publicSettings,
    }),
  );
  app.route(
    '/api',
    addressRoutes({
      addresses: deps.addresses,
      clientIp,
      turnstile: deps.turnstile,
      newAddressGuards: [
        rateLimit(deps.rateLimiter, clientIp),
        optionalUserToken(deps.tokenSigner),
      ],
      requireAddress: requireAddressToken(deps.addressTokens, deps.findAddress),
      beforeAuth: [
        mailEventRoutes(
          mailDeps,
          requireAddressToken(deps.addressTokens, deps.findAddress, { queryToken: true }),
        ),
      ],
      afterAuth: [mailRoutes(mailDeps)],
    }),
  );
  app.route(
    '/admin',
    adminRoutes({
      requireAdmin: requireAdmin({
        adminPasswords: options.adminPasswords,
        disablePasswordCheck: options.disableAdminPasswordCheck,
      }),
      addresses: deps.addresses,
      accountSettings: deps.accountSettings,
      mailbox: deps.mailbox,
      intake: deps.intake,
      batchMax: options.batchMax,
      maxMessageBytes: options.maxMessageBytes,
      e2eTestMode: options.e2eTestMode,
      retention: deps.retention,
      cleanupScheduler: deps.cleanupScheduler,
    }),
  );

  app.notFound((c) => messageResponse(c, 404, 'not_found', 'NotFoundMsg'));
  app.onError((error, c) => {
    if (error instanceof DomainError) {
      const rendered = renderDomainError(error, c.get('lang') ?? 'en');
      return errorResponse(c, rendered.status, rendered.code, rendered.text);
    }
    if (error instanceof HTTPException) return error.getResponse();
    logger.error({ err: error, method: c.req.method, path: c.req.path }, 'request failed');
    return messageResponse(c, 500, 'internal_error', 'InternalErrorMsg');
  });
  return app;
}
