/**
 * Security sweep (issue #4 item 7): every route the app registers, read from the built app and
 * classified in test/helpers/security-routes.ts (an unclassified route fails the suite), is
 * called with every bad credential of its class and with the attacker's real credentials
 * aimed at the victim's ids. Two users, A (victim) and B (attacker), each own an address with
 * mail; A also has a passkey.
 *
 * - /api: no, forged, `alg: none`, expired, deleted-address and wrong-kind tokens are 401
 *   `Invalid address credential`. A user JWT as Bearer is a 401 too, on every route (the
 *   reference let it through to the handler, and `/api/mails` answered 400 `{"error":"No
 *   address"}`): the credential must name a live address row before any handler runs
 *   (decisions.md 2), and a token without `address` names none.
 * - /user_api (behind requireUser): the same forgeries, plus a string `user_id`, a missing exp or
 *   e-mail and an address JWT, are 401 `UserTokenExpiredMsg`. A role access token is accepted as
 *   a user token, as the reference does: it carries the same user claims, is issued only to
 *   that user and is shorter-lived, so it grants nothing the user token does not.
 * - /admin: anything but an admin password or a valid token of ADMIN_USER_ROLE is a 401; an
 *   expired role token says so (`UserAcceesTokenExpiredMsg`).
 * - A deleted user's token (still validly signed; user ids are never reused) reaches the user
 *   routes, as in the reference, and must fail cleanly there.
 * - Public routes ignore forged credentials (an invalid x-user-token on /api/new_address does not
 *   lend its user's role).
 * - HEAD and other spellings of a guarded path (case, double or encoded slashes, dot segments,
 *   `;` parameters) meet the same guard or no handler.
 * After each route, A's stored data (address row, mail, user row, bindings, role, passkeys) must
 * be unchanged; no reply to anyone but A may show A's data or credentials (JWT payloads in replies
 * are decoded for the check); no reply may be a 500, carry a stack trace, or show SQL.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSqlTimestamp } from '../../src/shared/clock.js';
import type { TestApp } from '../helpers/build-test-app.js';
import { bodyOf, call, internals, leaks, type Secrets } from '../helpers/security-client.js';
import {
  adminRoleHeaders,
  attackerUserCredentials,
  badAddressCredentials,
  badAdminCredentials,
  badUserCredentials,
  deletedUserCredentials,
  forgedEverywhere,
} from '../helpers/security-credentials.js';
import {
  ADMIN_ROLE,
  buildSweepApp,
  buildWorld,
  victimSecrets,
  type SweepWorld,
} from '../helpers/security-fixture.js';
import { appRoutes, ROUTE_TABLE, victimPath, type Route } from '../helpers/security-routes.js';
import { admitted, anyStatus, refused, Sweeper } from '../helpers/security-sweeper.js';
import { DIALECTS } from '../helpers/test-stores.js';
import { newUser } from '../helpers/user-client.js';

const ADDRESS_401 = 'Invalid address credential';
const USER_401 = 'Your token has expired, please login again';
const ACCESS_EXPIRED = 'Your access token has expired, please refresh the page';
const NOT_ADMIN_ROLE = 'Your user role is not admin, no access to visit this page';

describe.each(DIALECTS)('security sweep (%s)', (dialect) => {
  let app: TestApp;
  let world: SweepWorld;
  let routes: Route[];
  let secrets: Secrets;
  let sweeper: Sweeper;

  beforeAll(async () => {
    app = await buildSweepApp(dialect);
    world = await buildWorld(app);
    routes = appRoutes(app.http);
    const { victim } = world;
    secrets = {
      marker: victim.marker,
      exact: [
        victim.address.jwt,
        victim.user.jwt,
        victim.passkeyId,
        victim.address.password,
        ...(await victimSecrets(world)),
      ],
    };
    sweeper = new Sweeper(world, secrets, routes);
    await sweeper.rebase();
  });
  afterAll(() => app?.close());

  const inVictimAddress = () => `address=${encodeURIComponent(world.victim.address.name)}`;

  it('has every route of the app classified, and no stale entry', () => {
    const keys = new Set(routes.map((r) => r.key));
    expect(routes.length).toBeGreaterThan(80);
    expect(routes.filter((r) => !ROUTE_TABLE[r.key]).map((r) => r.key)).toEqual([]);
    expect(Object.keys(ROUTE_TABLE).filter((k) => !keys.has(k))).toEqual([]);
    for (const route of routes) {
      const cls = ROUTE_TABLE[route.key]?.class;
      if (route.path.startsWith('/admin/')) expect(cls, route.key).toBe('admin');
      if (route.path.startsWith('/open_api/')) expect(cls, route.key).toBe('public');
      if (cls === 'address') expect(route.path, route.key).toMatch(/^\/api\//);
      if (cls === 'user') expect(route.path, route.key).toMatch(/^\/user_api\//);
    }
  });

  // The control: with A's own credentials every GET shows A's data, so the ids the sweep aims
  // at are A's real resources and the leak check recognises them.
  it("shows A's data to A on every GET of /api and /user_api (the leak check works)", async () => {
    const own = {
      address: { authorization: `Bearer ${world.victim.address.jwt}` },
      user: { 'x-user-token': world.victim.user.jwt },
    } as const;
    const blind: string[] = [];
    for (const cls of ['address', 'user'] as const) {
      for (const { route, spec } of sweeper.routesOf(cls)) {
        if (route.method !== 'GET') continue;
        const reply = await call(app, 'GET', victimPath(route, spec, world.victim), own[cls]);
        if (reply.status !== 200 || leaks(reply, secrets).length === 0) {
          blind.push(`${route.key}: ${reply.status} ${bodyOf(reply).slice(0, 80)}`);
        }
      }
    }
    expect(blind).toEqual([]);
    await sweeper.rebase();
  });

  it('/api refuses every bad address credential with 401', async () => {
    const problems = await sweeper.run(
      'address',
      badAddressCredentials(world),
      refused(401, () => ADDRESS_401),
    );
    expect(problems).toEqual([]);
  });

  it("/api with B's credential and A's ids shows and changes nothing of A's", async () => {
    const problems = await sweeper.run(
      'address',
      { "B's address token": { authorization: `Bearer ${world.attacker.address.jwt}` } },
      admitted,
      { extraQuery: inVictimAddress() },
    );
    expect(problems).toEqual([]);
  });

  it('/user_api refuses every bad user token with 401', async () => {
    const problems = await sweeper.run(
      'user',
      badUserCredentials(world),
      refused(401, () => USER_401),
    );
    expect(problems).toEqual([]);
  });

  it("/user_api with B's tokens and A's ids shows and changes nothing of A's", async () => {
    const problems = await sweeper.run('user', attackerUserCredentials(world), admitted, {
      extraQuery: inVictimAddress(),
    });
    expect(problems).toEqual([]);
  });

  it("/user_api with a deleted user's token shows nothing of A's and fails cleanly", async () => {
    const problems = await sweeper.run('user', deletedUserCredentials(world), anyStatus, {
      extraQuery: inVictimAddress(),
    });
    expect(problems).toEqual([]);
  });

  it('/admin refuses everything but the admin password and the admin role', async () => {
    const textOf = (kind: string) =>
      kind.startsWith('expired') || kind.includes('without exp')
        ? ACCESS_EXPIRED
        : kind.includes('non-admin role') || kind.includes('no role')
          ? NOT_ADMIN_ROLE
          : undefined;
    const problems = await sweeper.run('admin', badAdminCredentials(world), refused(401, textOf));
    expect(problems).toEqual([]);
  });

  it('public routes ignore forged credentials and show nothing of A', async () => {
    const problems = await sweeper.run(
      'public',
      { none: {}, ...forgedEverywhere(world) },
      anyStatus,
    );
    expect(problems).toEqual([]);
  });

  // Another spelling of a guarded path must reach the same guard or no handler: a 2xx is
  // allowed only from the web UI's page (GETs outside the API prefixes load the app).
  it('keeps the guard on HEAD and on other spellings of every guarded path', async () => {
    const spellings = (path: string): [string, string][] => {
      const [, first = '', ...rest] = path.split('/');
      const tail = rest.join('/');
      return [
        ['upper-case prefix', `/${first.toUpperCase()}/${tail}`],
        ['leading double slash', `//${first}/${tail}`],
        ['inner double slash', `/${first}//${tail}`],
        ['trailing slash', path.includes('?') ? path.replace('?', '/?') : `${path}/`],
        ['encoded prefix letter', `/%${first.charCodeAt(0).toString(16)}${first.slice(1)}/${tail}`],
        ['encoded slash', `/${first}%2F${tail}`],
        ['dot segment', `/${first}/%2e%2e/${first}/${tail}`],
        ['matrix parameter', `/${first};x=1/${tail}`],
      ];
    };
    const problems: string[] = [];
    for (const cls of ['address', 'user', 'admin'] as const) {
      for (const { route, spec } of sweeper.routesOf(cls)) {
        const path = victimPath(route, spec, world.victim);
        const tries: [string, string, string][] = spellings(path).map(([what, p]) => [
          what,
          route.method,
          p,
        ]);
        if (route.method === 'GET') tries.push(['HEAD', 'HEAD', path]);
        for (const [what, method, p] of tries) {
          const reply = await call(app, method, p, {}, {});
          const page = reply.text.includes('<title>tmpmail</title>');
          const found = [...internals(reply), ...leaks(reply, secrets)];
          if (reply.status < 300 && !page) found.push(`status ${reply.status}: ${bodyOf(reply)}`);
          if (what === 'HEAD' && reply.status !== 401) found.push(`HEAD: ${reply.status}`);
          for (const f of found) problems.push(`${route.key} [${what} ${method} ${p}]: ${f}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(await sweeper.victimUnchanged()).toBe(true);
  });

  // /api/new_address reads an optional user token (its role picks prefix and domains): a bad
  // one must count as no token, so A's role prefix stays A's.
  it("ignores a bad x-user-token on /api/new_address (A's role prefix is not lent)", async () => {
    const create = async (headers: Record<string, string>) => {
      const name = `n${Math.random().toString(36).slice(2, 10)}`;
      const res = await app.request('POST', '/api/new_address', {
        body: { name, domain: 'example.com' },
        headers,
      });
      expect(res.status).toBe(200);
      return { name, address: ((await res.json()) as { address: string }).address };
    };
    const own = await create({ 'x-user-token': world.victim.user.jwt });
    expect(own.address).toBe(`vip${own.name}@example.com`);
    const kinds = Object.entries(badUserCredentials(world));
    const made = await Promise.all(kinds.map(([, headers]) => create(headers)));
    made.forEach((m, i) => expect(m.address, kinds[i]?.[0]).toBe(`tmp${m.name}@example.com`));
    expect(await sweeper.victimUnchanged()).toBe(true);
  });

  it('refuses every forged address credential on /open_api/credential_login', async () => {
    for (const [kind, headers] of Object.entries(badAddressCredentials(world))) {
      const credential = headers['authorization']?.split(' ')[1];
      if (!credential) continue;
      const reply = await call(app, 'POST', '/open_api/credential_login', {}, { credential });
      expect(reply.status, kind).toBe(401);
    }
  });

  // Last: it runs every admin handler for real, which changes (and deletes) A's data.
  it('/admin opens to a valid ADMIN_USER_ROLE access token', async () => {
    // A third user holding the admin role: the handlers below change A's data, not theirs.
    const email = `role-admin-${randomBytes(6).toString('hex')}@users.example`;
    const holder = await newUser(app, email);
    await app.store.users.setRole(holder.id, ADMIN_ROLE, formatSqlTimestamp(new Date()));
    const problems = await sweeper.run(
      'admin',
      { 'admin role token': adminRoleHeaders({ id: holder.id, email }) },
      (reply) => (reply.status === 401 ? ['refused a valid admin role token'] : []),
      { checkLeaks: false, checkVictim: false },
    );
    expect(problems).toEqual([]);
    // The control: the handlers really ran (and, with A's ids, changed A's data).
    expect(await sweeper.victimUnchanged()).toBe(false);
  });
});
