/**
 * Every route of the HTTP app, classified by the credential that guards it, for the security
 * sweep. The sweep reads the routes from the built app and fails on any route missing here
 * (and on any entry that no longer exists), so a new route cannot ship unclassified.
 */
import type { Hono } from 'hono';
import type { AppEnv } from '../../src/http/app-env.js';
import type { Victim } from './security-fixture.js';

/**
 * public: no credential (/open_api, health, the public /user_api routes, the web UI);
 * address: `Authorization: Bearer <address JWT>` (/api); user: `x-user-token` (/user_api
 * behind requireUser); admin: `x-admin-auth` or an ADMIN_USER_ROLE access token (/admin).
 */
export type RouteClass = 'public' | 'address' | 'user' | 'admin';

export interface RouteSpec {
  class: RouteClass;
  /** What `:id` names in this path. */
  id?: 'mail' | 'address';
  /** Query string sent with the request (paging, and A's address where a route reads one). */
  query?: string;
  /** The route deletes its caller: the attacker uses a spare address for it. */
  deletesCaller?: boolean;
  /** Also reads the address credential from `?token=` (EventSource). */
  queryToken?: boolean;
}

const PAGE = 'limit=100&offset=0';

export const ROUTE_TABLE: Readonly<Record<string, RouteSpec>> = {
  // Health and the web UI.
  'GET /': { class: 'public' },
  'GET /health_check': { class: 'public' },
  'GET /admin': { class: 'public' },
  'GET /*': { class: 'public' },
  // /open_api
  'GET /open_api/settings': { class: 'public' },
  'POST /open_api/site_login': { class: 'public' },
  'POST /open_api/admin_login': { class: 'public' },
  'POST /open_api/credential_login': { class: 'public' },
  // /api without a credential.
  'POST /api/new_address': { class: 'public' },
  'POST /api/address_login': { class: 'public' },
  // /api of one address.
  'GET /api/mails/events': { class: 'address', queryToken: true },
  'POST /api/address_change_password': { class: 'address' },
  'GET /api/settings': { class: 'address' },
  'GET /api/mails': { class: 'address', query: PAGE },
  'GET /api/parsed_mails': { class: 'address', query: PAGE },
  'GET /api/mail/:mail_id': { class: 'address' },
  'GET /api/parsed_mail/:mail_id': { class: 'address' },
  'DELETE /api/mails/:id': { class: 'address', id: 'mail' },
  'DELETE /api/clear_inbox': { class: 'address' },
  'DELETE /api/delete_address': { class: 'address', deletesCaller: true },
  'GET /api/mails/:id/raw': { class: 'address', id: 'mail' },
  'GET /api/mails/:id/attachments/:index': { class: 'address', id: 'mail' },
  'GET /api/mails/:id/cid/:contentId': { class: 'address', id: 'mail' },
  'GET /api/mails/:id/html': { class: 'address', id: 'mail' },
  'GET /api/mails/wait': { class: 'address', query: 'timeout=0' },
  // Public /user_api.
  'GET /user_api/open_settings': { class: 'public' },
  'POST /user_api/verify_code': { class: 'public' },
  'POST /user_api/register': { class: 'public' },
  'POST /user_api/login': { class: 'public' },
  'GET /user_api/oauth2/login_url': { class: 'public', query: 'clientID=x&state=y' },
  'POST /user_api/oauth2/callback': { class: 'public' },
  'POST /user_api/passkey/authenticate_request': { class: 'public' },
  'POST /user_api/passkey/authenticate_response': { class: 'public' },
  // /user_api behind the user token.
  'GET /user_api/settings': { class: 'user' },
  'GET /user_api/mails': { class: 'user', query: PAGE },
  'GET /user_api/mails/events': { class: 'user' },
  'DELETE /user_api/mails/:id': { class: 'user', id: 'mail' },
  'GET /user_api/bind_address': { class: 'user' },
  'POST /user_api/bind_address': { class: 'user' },
  'GET /user_api/bind_address_jwt/:address_id': { class: 'user' },
  'POST /user_api/unbind_address': { class: 'user' },
  'POST /user_api/transfer_address': { class: 'user' },
  'GET /user_api/passkey': { class: 'user' },
  'POST /user_api/passkey/rename': { class: 'user' },
  'DELETE /user_api/passkey/:passkey_id': { class: 'user' },
  'POST /user_api/passkey/register_request': { class: 'user' },
  'POST /user_api/passkey/register_response': { class: 'user' },
  // /admin
  'POST /admin/new_address': { class: 'admin' },
  'POST /admin/addresses/batch': { class: 'admin' },
  'GET /admin/address': { class: 'admin', query: PAGE },
  'DELETE /admin/delete_address/:id': { class: 'admin', id: 'address' },
  'GET /admin/show_password/:id': { class: 'admin', id: 'address' },
  'POST /admin/address/:id/reset_password': { class: 'admin', id: 'address' },
  'GET /admin/account_settings': { class: 'admin' },
  'POST /admin/account_settings': { class: 'admin' },
  'GET /admin/ip_blacklist/settings': { class: 'admin' },
  'POST /admin/ip_blacklist/settings': { class: 'admin' },
  'GET /admin/mails': { class: 'admin', query: PAGE },
  'GET /admin/mails_unknow': { class: 'admin', query: PAGE },
  'GET /admin/mails/:id': { class: 'admin', id: 'mail' },
  'DELETE /admin/mails/:id': { class: 'admin', id: 'mail' },
  'GET /admin/mails/:id/html': { class: 'admin', id: 'mail' },
  'DELETE /admin/clear_inbox/:id': { class: 'admin', id: 'address' },
  'POST /admin/inbound_mails': { class: 'admin' },
  'POST /admin/cleanup': { class: 'admin' },
  'GET /admin/auto_cleanup': { class: 'admin' },
  'POST /admin/auto_cleanup': { class: 'admin' },
  'POST /admin/auto_cleanup/run': { class: 'admin' },
  'GET /admin/statistics': { class: 'admin' },
  'POST /admin/test/seed_mail': { class: 'admin' },
  'POST /admin/test/receive_mail': { class: 'admin' },
  'GET /admin/users': { class: 'admin', query: PAGE },
  'POST /admin/users': { class: 'admin' },
  'DELETE /admin/users/:user_id': { class: 'admin' },
  'POST /admin/users/:user_id/reset_password': { class: 'admin' },
  'GET /admin/users/bind_address/:user_id': { class: 'admin' },
  'POST /admin/users/bind_address': { class: 'admin' },
  'GET /admin/user_settings': { class: 'admin' },
  'POST /admin/user_settings': { class: 'admin' },
  'GET /admin/user_roles': { class: 'admin' },
  'POST /admin/user_roles': { class: 'admin' },
  'GET /admin/role_address_config': { class: 'admin' },
  'POST /admin/role_address_config': { class: 'admin' },
  'GET /admin/worker/configs': { class: 'admin' },
  'GET /admin/db_version': { class: 'admin' },
  'POST /admin/db_initialize': { class: 'admin' },
  'POST /admin/db_migration': { class: 'admin' },
  'GET /admin/config/:key': { class: 'admin' },
  'POST /admin/config': { class: 'admin' },
  'GET /admin/user_oauth2_settings': { class: 'admin' },
  'POST /admin/user_oauth2_settings': { class: 'admin' },
};

export interface Route {
  method: string;
  path: string;
  key: string;
}

/** The app's handlers, once each (`ALL` entries are middleware: CORS, auth, body limit). */
export function appRoutes(http: Hono<AppEnv>): Route[] {
  const seen = new Map<string, Route>();
  for (const { method, path } of http.routes) {
    if (method === 'ALL') continue;
    const key = `${method} ${path}`;
    if (!seen.has(key)) seen.set(key, { method, path, key });
  }
  return [...seen.values()];
}

/** The route's path with each parameter replaced by the id of A's resource it names. */
export function victimPath(route: Route, spec: RouteSpec, victim: Victim): string {
  const [mailId] = victim.mailIds;
  const value = (param: string): string => {
    switch (param) {
      case 'mail_id':
        return String(mailId);
      case 'id':
        if (!spec.id) throw new Error(`${route.key}: say what :id names (id: 'mail' | 'address')`);
        return String(spec.id === 'mail' ? mailId : victim.address.id);
      case 'address_id':
        return String(victim.address.id);
      case 'user_id':
        return String(victim.user.id);
      case 'passkey_id':
        return encodeURIComponent(victim.passkeyId);
      case 'contentId':
        return encodeURIComponent(victim.contentId);
      case 'index':
        return '0';
      case 'key':
        return 'sweep-key';
      default:
        throw new Error(
          `${route.key}: no victim value for :${param}; add one in security-routes.ts`,
        );
    }
  };
  const path = route.path
    .replace(/:(\w+)/g, (_, param: string) => value(param))
    .replace(/\/\*$/, '/some/page');
  return spec.query ? `${path}?${spec.query}` : path;
}

/**
 * One body for every POST: each field a route reads, filled with A's ids and names, so a route
 * that trusted the body over the credential would act on A.
 */
export function victimBody(victim: Victim, attackerEmail: string): Record<string, unknown> {
  return {
    address_id: victim.address.id,
    address: victim.address.name,
    id: victim.mailIds[0],
    user_id: victim.user.id,
    user_email: victim.user.email,
    email: victim.user.email,
    passkey_id: victim.passkeyId,
    passkey_name: 'renamed by the sweep',
    target_user_email: attackerEmail,
    new_password: 'f'.repeat(64),
    password: 'f'.repeat(64),
    credential: { id: victim.passkeyId, rawId: victim.passkeyId, type: 'public-key', response: {} },
    domain: 'localhost',
    origin: 'http://localhost:5173',
  };
}
