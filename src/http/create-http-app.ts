/**
 * @module The HTTP API: mounts each area at its prefix, applies the cross-cutting middleware
 * (CORS, language, body limit, site password) and turns errors into responses in one place.
 * It never listens; main does.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { except } from 'hono/combine';
import { HTTPException } from 'hono/http-exception';
import { DomainError } from '../domain/errors.js';
import type { AppEnv } from './app-env.js';
import type { HttpAppDeps } from './http-app-deps.js';
import { corsAnyOrigin } from './middleware/cors-any-origin.js';
import { languageAndRequestLog } from './middleware/language-and-request-log.js';
import { requestBodyLimit } from './middleware/request-body-limit.js';
import { createClientIpResolver, type ClientIpResolver } from './client-ip.js';
import { createHeaderPasswordCheck } from './header-password-check.js';
import { renderDomainError } from './error-table.js';
import { ipAccess } from './middleware/ip-access.js';
import { optionalUserToken } from './middleware/optional-user-token.js';
import { rateLimit } from './middleware/rate-limit.js';
import { requireAddressToken } from './middleware/require-address-token.js';
import { requireAdmin } from './middleware/require-admin.js';
import { siteAuth } from './middleware/site-auth.js';
import { throttleLogins } from './middleware/throttle-login.js';
import { errorResponse, messageResponse } from './respond-error.js';
import { addressRoutes } from './routes/addresses.js';
import { adminRoutes } from './routes/admin/admin-routes.js';
import { healthRoutes } from './routes/health.js';
import { mailHtmlRoutes } from './routes/mail-html.js';
import { mailEventRoutes, mailRoutes, type MailRoutesDeps } from './routes/mails.js';
import { openApiRoutes } from './routes/open-api.js';
import { userApiRoutes } from './routes/user/user-api-routes.js';
import { createWebApp, WEB_PAGES_BEFORE_API, webCsp } from './routes/web-app.js';

type HeaderCheck = ReturnType<typeof createHeaderPasswordCheck>;

/** What the area mounts share: the client-IP resolver and the abuse-prone paths' IP guard. */
interface MountContext {
  clientIp: ClientIpResolver;
  ipAccessGuard: MiddlewareHandler<AppEnv>;
}

function mailRouteDeps(deps: HttpAppDeps): MailRoutesDeps {
  const { options } = deps;
  return {
    mailbox: deps.mailbox,
    addresses: deps.addresses,
    notifier: deps.notifier,
    longPollMaxSeconds: options.longPollMaxSeconds,
    livePollMs: options.liveDbPollSeconds * 1000,
    findAddress: deps.findAddress,
    clock: deps.clock,
    liveConnectionsMax: options.liveConnectionsMax,
    allowOwnerDelete: options.allowOwnerDelete,
  };
}

/** `/api`: address creation and login, then everything behind the address credential. */
function addressApi(deps: HttpAppDeps, { clientIp, ipAccessGuard }: MountContext) {
  const mailDeps = mailRouteDeps(deps);
  return addressRoutes({
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
    afterAuth: [mailRoutes(mailDeps), mailHtmlRoutes(deps.mailbox, deps.options.mailHtml)],
  });
}

/** `/admin`: the admin password header or an ADMIN_USER_ROLE token, then the console's API. */
function adminApi(deps: HttpAppDeps, headerCheck: HeaderCheck) {
  const { options } = deps;
  return adminRoutes({
    requireAdmin: requireAdmin({
      passwordHeader: headerCheck,
      disablePasswordCheck: options.disableAdminPasswordCheck,
      adminUserRole: options.adminUserRole,
      signer: deps.tokenSigner,
      clock: deps.clock,
      currentRoleOf: deps.currentRoleOf,
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
  });
}

/** Domain errors become their table's status and text; anything else is a logged 500. */
function handleErrors(app: Hono<AppEnv>, logger: HttpAppDeps['logger']): void {
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
}

export function createHttpApp(deps: HttpAppDeps): Hono<AppEnv> {
  const { options, logger } = deps;
  const clientIp = createClientIpResolver(options.trustedProxies);
  const app = new Hono<AppEnv>();

  // CORS first: any origin, preflight answered before any auth (reference §0.2).
  app.use('*', corsAnyOrigin());
  app.use('*', languageAndRequestLog(options.defaultLang, logger));
  app.use('*', requestBodyLimit(options.maxBodyBytes));
  // The page admits Turnstile's script only when the API asks for its tokens.
  const csp = webCsp({ turnstile: deps.turnstile.enabled });
  const web =
    options.webDir === null ? undefined : createWebApp({ dir: options.webDir, logger, csp });
  // Wrong password headers count as failed logins (header-password-check.ts).
  const headerCheck = (passwords: readonly string[], scope: string) =>
    createHeaderPasswordCheck({ passwords, scope, throttle: deps.loginThrottle, clientIp });
  const sitePasswordHeader = headerCheck(options.sitePasswords, 'site-header');
  // Without PASSWORDS the check admits everything, so it is not mounted at all: except()
  // would still match a router and build a middleware chain on every request.
  if (options.sitePasswords.length > 0) {
    app.use(
      '*',
      except(
        ['/open_api/*', (c) => web?.isPageRequest(c) ?? false],
        siteAuth(options.sitePasswords.length > 0, sitePasswordHeader),
      ),
    );
  }

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
      sitePasswordHeader,
      adminPasswords: options.adminPasswords,
      clientIp,
      publicSettings: options.publicSettings,
    }),
  );
  app.route('/api', addressApi(deps, { clientIp, ipAccessGuard }));
  app.route(
    '/user_api',
    userApiRoutes({
      ...deps,
      clientIp,
      rateLimit: rateLimit(deps.rateLimiter, clientIp),
      ipAccess: ipAccessGuard,
    }),
  );
  app.route('/admin', adminApi(deps, headerCheck(options.adminPasswords, 'admin-header')));

  // Last, so every API route wins; only GETs outside the API prefixes reach the UI.
  if (web) app.get('*', web.serve);
  handleErrors(app, logger);
  return app;
}

export type { HttpAppDeps, HttpOptions } from './http-app-deps.js';
