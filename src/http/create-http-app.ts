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
import type { IpAccessControl } from '../domain/access/ip-access-control.js';
import type { IpAccessSettingsService } from '../domain/access/ip-access-settings.js';
import type { AddressService } from '../domain/address/address-service.js';
import { DomainError } from '../domain/errors.js';
import type { MailIntake } from '../domain/mail/mail-intake.js';
import type { MailNotifier } from '../domain/mail/mail-notifier.js';
import type { Mailbox } from '../domain/mail/mailbox-service.js';
import type { MailHtmlLimits } from '../mail/sanitize-mail-html.js';
import type { AccountSettings } from '../domain/settings/account-settings.js';
import type { CleanupScheduler } from '../domain/retention/cleanup-scheduler.js';
import type { RetentionService } from '../domain/retention/retention-service.js';
import type { Oauth2Login } from '../domain/user/oauth2-login.js';
import type { Oauth2Settings } from '../domain/user/oauth2-settings.js';
import type { UserAdmin } from '../domain/user/user-admin.js';
import type { PasskeyService } from '../domain/user/passkey-service.js';
import type { UserServices } from '../domain/user/user-service.js';
import type { Logger } from '../shared/logger.js';
import type { AppEnv } from './app-env.js';
import { createClientIpResolver } from './client-ip.js';
import type { LoginThrottle } from './login-throttle.js';
import { renderDomainError } from './error-table.js';
import { pickLang } from './messages.js';
import { ipAccess } from './middleware/ip-access.js';
import { optionalUserToken } from './middleware/optional-user-token.js';
import { rateLimit } from './middleware/rate-limit.js';
import { requireAddressToken, type AddressLookup } from './middleware/require-address-token.js';
import { requireAdmin } from './middleware/require-admin.js';
import { requireUser } from './middleware/require-user.js';
import { siteAuth } from './middleware/site-auth.js';
import { throttleLogins } from './middleware/throttle-login.js';
import type { RateLimiter } from './rate-limiter.js';
import { errorResponse, messageResponse } from './respond-error.js';
import { addressRoutes } from './routes/addresses.js';
import { adminRoutes } from './routes/admin/admin-routes.js';
import type { AdminSystemDeps } from './routes/admin/admin-system.js';
import { healthRoutes } from './routes/health.js';
import { mailHtmlRoutes } from './routes/mail-html.js';
import { mailEventRoutes, mailRoutes } from './routes/mails.js';
import { openApiRoutes, type PublicSettings } from './routes/open-api.js';
import { userApiRoutes } from './routes/user/user-api-routes.js';
import { userAccountRoutes } from './routes/user/user-accounts.js';
import { userAddressRoutes } from './routes/user/user-addresses.js';
import { createWebApp, WEB_PAGES_BEFORE_API } from './routes/web-app.js';
import { userOauth2Routes } from './routes/user/user-oauth2.js';
import { passkeySignInRoutes, passkeyUserRoutes } from './routes/user/user-passkeys.js';
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
  const web = options.webDir === null ? undefined : createWebApp({ dir: options.webDir, logger });
  app.use(
    '*',
    except(['/open_api/*', (c) => web?.isPageRequest(c) ?? false], siteAuth(options.sitePasswords)),
  );

  // Brute-force limits on every login; registered before the areas below, so they run first.
  throttleLogins(app, deps.loginThrottle, clientIp);

  // IP access control (reference §6.3) of the abuse-prone paths, after their per-IP rate
  // limit. /api/send_mail and /external/api/send_mail take [rateLimit, ipAccessGuard] too.
  const ipAccessGuard = ipAccess(deps.ipAccessControl, {
    clientIp,
    trustedProxies: options.trustedProxies,
    asnHeader: options.asnHeader,
  });

  // `/` and `/admin` are UI pages although health and the admin API would claim them.
  if (web) for (const page of WEB_PAGES_BEFORE_API) app.get(page, web.serve);
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
        ipAccessGuard,
        optionalUserToken(deps.tokenSigner),
      ],
      requireAddress: requireAddressToken(deps.addressTokens, deps.findAddress),
      beforeAuth: [
        mailEventRoutes(
          mailDeps,
          requireAddressToken(deps.addressTokens, deps.findAddress, { queryToken: true }),
        ),
      ],
      afterAuth: [mailRoutes(mailDeps), mailHtmlRoutes(deps.mailbox, options.mailHtml)],
    }),
  );
  app.route(
    '/user_api',
    userApiRoutes({
      publicRoutes: [
        ['/oauth2', userOauth2Routes(deps.oauth2Login)],
        ['/passkey', passkeySignInRoutes(deps.passkeys)],
        [
          '/',
          userAccountRoutes({
            users: deps.users,
            turnstile: deps.turnstile,
            clientIp,
            rateLimit: rateLimit(deps.rateLimiter, clientIp),
            ipAccess: ipAccessGuard,
          }),
        ],
      ],
      requireUser: requireUser(deps.tokenSigner),
      userRoutes: [
        ['/passkey', passkeyUserRoutes(deps.passkeys)],
        [
          '/',
          userAddressRoutes({
            users: deps.users,
            addressTokens: deps.addressTokens,
            findAddress: deps.findAddress,
            signer: deps.tokenSigner,
          }),
        ],
      ],
    }),
  );
  app.route(
    '/admin',
    adminRoutes({
      requireAdmin: requireAdmin({
        adminPasswords: options.adminPasswords,
        disablePasswordCheck: options.disableAdminPasswordCheck,
        adminUserRole: options.adminUserRole,
        signer: deps.tokenSigner,
      }),
      addresses: deps.addresses,
      accountSettings: deps.accountSettings,
      mailbox: deps.mailbox,
      intake: deps.intake,
      batchMax: options.batchMax,
      maxMessageBytes: options.maxMessageBytes,
      e2eTestMode: options.e2eTestMode,
      mailHtml: options.mailHtml,
      retention: deps.retention,
      cleanupScheduler: deps.cleanupScheduler,
      oauth2Settings: deps.oauth2Settings,
      userAdmin: deps.userAdmin,
      users: deps.users,
      system: deps.adminSystem,
      ipAccessSettings: deps.ipAccessSettings,
    }),
  );

  // Last, so every API route wins; only GETs outside the API prefixes reach the UI.
  if (web) app.get('*', web.serve);
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
