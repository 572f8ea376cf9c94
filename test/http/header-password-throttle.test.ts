/**
 * Password headers under the login throttle, on every dialect: a wrong `x-admin-auth` or
 * `x-custom-auth` counts as a failed login of the client IP (over a real socket), on the IP's
 * budget over all logins and on the header's own per-IP budget (LOGIN_MAX_FAILURES); over either
 * limit the header is answered 429 with Retry-After without being compared, so the right
 * password gets a 429 too. Right headers never count, and a client that has not been failing
 * gets its right header through without a counter lookup. Several nodes share the count
 * through Redis.
 */
import type { Context } from 'hono';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/auth/secret-compare.js';
import { createTokenSigner } from '../../src/auth/token-signer.js';
import { issueRoleToken } from '../../src/auth/user-token.js';
import type { AppEnv } from '../../src/http/app-env.js';
import { createHeaderPasswordCheck } from '../../src/http/header-password-check.js';
import { createLoginThrottle, type LoginThrottle } from '../../src/http/login-throttle.js';
import { formatSqlTimestamp } from '../../src/shared/clock.js';
import { silentLogger } from '../../src/shared/logger.js';
import {
  buildTestApp,
  listen,
  TEST_ADMIN_PASSWORD,
  TEST_JWT_SECRET,
  type TestApp,
} from '../helpers/build-test-app.js';
import { callFrom as call, expectLimited } from '../helpers/limited-reply.js';
import { randomTestIp, useRedisNodes, type Served } from '../helpers/redis-nodes.js';
import { DIALECTS } from '../helpers/test-stores.js';

const NEED_ADMIN = 'You need to provide the admin password to access this page';
const NEED_SITE = 'You have enabled the private site password, please provide the password';
const NOT_ADMIN_ROLE = 'Your user role is not admin, no access to visit this page';

const SITE = 'site-pass';
const ENV = {
  TRUSTED_PROXIES: '["127.0.0.1"]',
  PASSWORDS: JSON.stringify([SITE]),
  LOGIN_MAX_FAILURES: '3',
  LOGIN_MAX_FAILURES_PER_IP: '6',
  LOGIN_FAILURE_WINDOW_SECONDS: '600',
  USER_ROLES: JSON.stringify([{ role: 'boss' }, { role: 'vip' }]),
  ADMIN_USER_ROLE: 'boss',
  RATE_LIMIT_PER_MINUTE: '0',
};
const site = { 'x-custom-auth': SITE };
const signer = createTokenSigner(TEST_JWT_SECRET);
const rightAdmin = { ...site, 'x-admin-auth': TEST_ADMIN_PASSWORD };
const wrongAdmin = { ...site, 'x-admin-auth': 'guess' };

describe.each(DIALECTS)('password headers under the login throttle on %s', (dialect) => {
  let app: TestApp;
  let server: Served;
  let ipCounter = 0;
  /** A fresh client IP per test, so tests do not share budgets. */
  const freshIp = () => `198.51.100.${++ipCounter}`;
  const admin = (ip: string, headers: Record<string, string>) =>
    call(server, 'GET', '/admin/user_settings', ip, headers);

  beforeAll(async () => {
    app = await buildTestApp({ dialect, env: ENV });
    server = await listen(app);
  });
  afterAll(async () => {
    await server.close();
    await app.close();
  });

  it('x-admin-auth: wrong headers count; over the limit even the right one is a 429', async () => {
    const ip = freshIp();
    for (let i = 0; i < 3; i++) {
      expect(await admin(ip, wrongAdmin)).toMatchObject({ status: 401, text: NEED_ADMIN });
    }
    expectLimited(await admin(ip, rightAdmin), 600);
    expectLimited(await admin(ip, wrongAdmin), 600);
    // In Chinese or as problem+json like any 429 of the throttle.
    const problem = await admin(ip, { ...rightAdmin, accept: 'application/problem+json' });
    expect(problem.status).toBe(429);
    expect(JSON.parse(problem.text)).toMatchObject({ code: 'too_many_attempts' });
    // Other clients are unaffected.
    expect((await admin(freshIp(), rightAdmin)).status).toBe(200);
  });

  it('right headers never use up the budget', async () => {
    const ip = freshIp();
    for (let i = 0; i < 20; i++) expect((await admin(ip, rightAdmin)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await admin(ip, wrongAdmin)).status).toBe(401);
    expectLimited(await admin(ip, rightAdmin), 600);
  });

  it('a missing header is not a guess and is not counted', async () => {
    const ip = freshIp();
    for (let i = 0; i < 8; i++) {
      expect(await admin(ip, site)).toMatchObject({ status: 401, text: NEED_ADMIN });
    }
    expect((await admin(ip, rightAdmin)).status).toBe(200);
  });

  it('header failures and login failures share the IP budget, both ways', async () => {
    const ip = freshIp();
    for (let i = 0; i < 3; i++) expect((await admin(ip, wrongAdmin)).status).toBe(401);
    for (let i = 0; i < 3; i++) {
      const r = await call(server, 'POST', '/open_api/site_login', ip, {}, { password: 'x' });
      expect(r.status).toBe(401);
    }
    const login = await call(
      server,
      'POST',
      '/open_api/admin_login',
      ip,
      {},
      { password: sha256Hex(TEST_ADMIN_PASSWORD) },
    );
    expectLimited(login, 600);

    // Six failed logins, then the right header: refused without comparing.
    const other = freshIp();
    for (let i = 0; i < 6; i++) {
      const r = await call(server, 'POST', '/open_api/admin_login', other, {}, { password: 'x' });
      expect(r.status).toBe(401);
    }
    expectLimited(await admin(other, rightAdmin), 600);
  });

  it('x-custom-auth: counted the same way on every guarded path', async () => {
    const ip = freshIp();
    const wrongSite = { 'x-custom-auth': 'guess' };
    for (let i = 0; i < 3; i++) {
      const r = await call(server, 'GET', '/api/settings', ip, wrongSite);
      expect(r).toMatchObject({ status: 401, text: NEED_SITE });
    }
    expectLimited(await call(server, 'GET', '/api/settings', ip, site), 600);
    // The site password is checked first, and it is over its limit.
    expectLimited(await admin(ip, rightAdmin), 600);
  });

  it('/open_api/settings counts a wrong x-custom-auth and, over the limit, says needAuth unchecked', async () => {
    const ip = freshIp();
    const settings = async (headers: Record<string, string>) => {
      const r = await call(server, 'GET', '/open_api/settings', ip, headers);
      expect(r.status).toBe(200);
      return (JSON.parse(r.text) as { needAuth: boolean }).needAuth;
    };
    expect(await settings(site)).toBe(false);
    expect(await settings({})).toBe(true);
    for (let i = 0; i < 3; i++) expect(await settings({ 'x-custom-auth': 'guess' })).toBe(true);
    expect(await settings(site)).toBe(true);
    expectLimited(await call(server, 'GET', '/api/settings', ip, site), 600);
  });

  it('parallel wrong headers cannot overshoot the limit', async () => {
    const ip = freshIp();
    const all = await Promise.all(Array.from({ length: 20 }, () => admin(ip, wrongAdmin)));
    expect(all.filter((r) => r.status === 401)).toHaveLength(3);
    expect(all.filter((r) => r.status === 429)).toHaveLength(17);
  });

  /** A user holding `role` and a role access token for them, as /user_api/settings issues. */
  async function roleToken(email: string, role: string): Promise<string> {
    const now = new Date();
    const user = await app.store.users.insert(
      { email, passwordHash: '', userInfo: null },
      formatSqlTimestamp(now),
    );
    await app.store.users.setRole(user.id, role, formatSqlTimestamp(now));
    return issueRoleToken(signer, { userId: user.id, userEmail: email, userRole: role }, now);
  }

  it('a wrong x-admin-auth on a request let in by an admin role token is not counted', async () => {
    const token = await roleToken('boss@x.org', 'boss');
    const ip = freshIp();
    const withToken = { ...wrongAdmin, 'x-user-access-token': token };
    for (let i = 0; i < 10; i++) expect((await admin(ip, withToken)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await admin(ip, wrongAdmin)).status).toBe(401);
    expectLimited(await admin(ip, rightAdmin), 600);
    // Over the limit the role token still opens /admin: it does not depend on the password.
    expect((await admin(ip, withToken)).status).toBe(200);
  });

  it('a wrong x-admin-auth beside a token that does not open /admin is counted', async () => {
    const token = await roleToken('vip@x.org', 'vip');
    const ip = freshIp();
    const withToken = { ...wrongAdmin, 'x-user-access-token': token };
    for (let i = 0; i < 3; i++) {
      expect(await admin(ip, withToken)).toMatchObject({ status: 401, text: NOT_ADMIN_ROLE });
    }
    expectLimited(await admin(ip, withToken), 600);
    expectLimited(await admin(ip, { ...rightAdmin, 'x-user-access-token': token }), 600);
  });

  it('in-process requests (no client IP) are not counted', async () => {
    for (let i = 0; i < 8; i++) {
      const r = await app.request('GET', '/admin/user_settings', { headers: wrongAdmin });
      expect(r.status).toBe(401);
    }
    const r = await app.request('GET', '/admin/user_settings', { headers: rightAdmin });
    expect(r.status).toBe(200);
  });
});

describe('password headers with DISABLE_ADMIN_PASSWORD_CHECK', () => {
  it('does not count a wrong x-admin-auth: the answer does not depend on it', async () => {
    const app = await buildTestApp({ env: { ...ENV, DISABLE_ADMIN_PASSWORD_CHECK: 'true' } });
    const server = await listen(app);
    try {
      for (let i = 0; i < 10; i++) {
        const r = await call(server, 'GET', '/admin/user_settings', '198.51.100.200', wrongAdmin);
        expect(r.status).toBe(200);
      }
      const login = await call(
        server,
        'POST',
        '/open_api/admin_login',
        '198.51.100.200',
        {},
        { password: sha256Hex(TEST_ADMIN_PASSWORD) },
      );
      expect(login.status).toBe(200);
    } finally {
      await server.close();
      await app.close();
    }
  });
});

describe('header password check: counter lookups', () => {
  /** The real memory throttle, counting its lookups. */
  function countingThrottle(): LoginThrottle & { lookups: number } {
    const inner = createLoginThrottle({
      maxFailuresPerAccount: 3,
      maxFailuresPerIp: 6,
      windowSeconds: 600,
      logger: silentLogger(),
    });
    const counting = {
      lookups: 0,
      mayBeLimited: (ip: string) => inner.mayBeLimited(ip),
      begin: (keys: Parameters<LoginThrottle['begin']>[0]) => {
        counting.lookups += 1;
        return inner.begin(keys);
      },
    };
    return counting;
  }
  const context = {} as Context<AppEnv>;

  it('compares a right header from a client without failures with no lookup', async () => {
    const throttle = countingThrottle();
    let ip = '203.0.113.1';
    const check = createHeaderPasswordCheck({
      passwords: ['secret'],
      scope: 'admin-header',
      throttle,
      clientIp: () => ip,
    });
    for (let i = 0; i < 5; i++) expect((await check(context, 'secret')).kind).toBe('right');
    expect(throttle.lookups).toBe(0);

    // A wrong one is counted (one lookup) ...
    const wrong = await check(context, 'nope');
    expect(wrong.kind).toBe('wrong');
    if (wrong.kind === 'wrong') await wrong.count();
    expect(throttle.lookups).toBe(1);
    // ... and from then on this client's headers are looked up before they are compared,
    expect((await check(context, 'secret')).kind).toBe('right');
    expect(throttle.lookups).toBe(2);
    // while other clients still cost nothing.
    ip = '203.0.113.2';
    expect((await check(context, 'secret')).kind).toBe('right');
    expect(throttle.lookups).toBe(2);
  });

  it('is limited without comparing once the client is over the limit', async () => {
    const throttle = countingThrottle();
    const check = createHeaderPasswordCheck({
      passwords: ['secret'],
      scope: 'site-header',
      throttle,
      clientIp: () => '203.0.113.3',
    });
    for (let i = 0; i < 3; i++) {
      const verdict = await check(context, 'nope');
      expect(verdict.kind).toBe('wrong');
      if (verdict.kind === 'wrong') await verdict.count();
    }
    expect(await check(context, 'secret')).toMatchObject({ kind: 'limited' });
    expect(await check(context, undefined)).toEqual({ kind: 'absent' });
  });
});

describe('password headers shared through Redis (REDIS_URL)', () => {
  const clientIp = randomTestIp();
  const keys = [
    `tmpmail-login-ip:${clientIp}`,
    `tmpmail-login-account:admin-header:${createHash('sha256').update(clientIp).digest('base64url')}`,
  ];
  const cluster = useRedisNodes(
    { LOGIN_MAX_FAILURES_PER_IP: '4', LOGIN_FAILURE_WINDOW_SECONDS: '120' },
    keys,
  );

  it('counts wrong headers on two nodes against one budget', async () => {
    const { redis, nodes } = cluster;
    const [a, b] = nodes;
    const get = (server: Served, password: string) =>
      call(server, 'GET', '/admin/user_settings', clientIp, { 'x-admin-auth': password });
    for (const server of [a, b, a, b]) expect((await get(server, 'guess')).status).toBe(401);
    expectLimited(await get(a, TEST_ADMIN_PASSWORD), 120);
    expectLimited(await get(b, 'guess'), 120);
    expectLimited(await get(b, TEST_ADMIN_PASSWORD), 120);
    expect(await redis.pttl(keys[0] ?? '')).toBeGreaterThan(0);
  });
});
