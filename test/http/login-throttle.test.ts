/**
 * Brute-force limits on every password and credential login, on every dialect: failures are
 * counted per client IP (over a real socket) and per account, a limited login is refused with
 * 429 and Retry-After before the credential is checked, a success clears the account's count,
 * parallel guesses cannot overshoot, and several nodes share the count through Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/auth/secret-compare.js';
import {
  adminHeaders,
  buildTestApp,
  listen,
  TEST_ADMIN_PASSWORD,
  type TestApp,
} from '../helpers/build-test-app.js';
import {
  callFrom,
  expectLimited,
  readReply as reply,
  type Reply,
} from '../helpers/limited-reply.js';
import { randomTestIp, useRedisNodes, type Served } from '../helpers/redis-nodes.js';
import { DIALECTS } from '../helpers/test-stores.js';

/** A POST over the socket, from `ip` as the trusted proxy reports it. */
const post = (server: Served, path: string, body: unknown, ip: string): Promise<Reply> =>
  callFrom(server, 'POST', path, ip, {}, body);

const statuses = async (replies: Promise<Reply>[]) =>
  (await Promise.all(replies)).map((r) => r.status);

const ENV = {
  TRUSTED_PROXIES: '["127.0.0.1"]',
  PASSWORDS: '["site-pass"]',
  ENABLE_ADDRESS_PASSWORD: 'true',
  LOGIN_MAX_FAILURES: '3',
  LOGIN_MAX_FAILURES_PER_IP: '6',
  LOGIN_FAILURE_WINDOW_SECONDS: '600',
  // The per-minute limit of /user_api/login has its own tests.
  RATE_LIMIT_PER_MINUTE: '0',
};
const site = { 'x-custom-auth': 'site-pass' };

describe.each(DIALECTS)('login throttle on %s', (dialect) => {
  let app: TestApp;
  let server: Served;
  let address: { address: string; password: string };
  const userEmail = 'throttled@example.com';

  beforeAll(async () => {
    app = await buildTestApp({ dialect, env: ENV });
    server = await listen(app);
    const created = await app.request('POST', '/admin/new_address', {
      headers: { ...adminHeaders, ...site },
      body: { name: 'locked', domain: 'example.com' },
    });
    address = (await created.json()) as typeof address;
    const user = await app.request('POST', '/admin/users', {
      headers: { ...adminHeaders, ...site },
      body: { email: userEmail, password: sha256Hex('right') },
    });
    expect(user.status, await user.text()).toBe(200);
  });
  afterAll(async () => {
    await server.close();
    await app.close();
  });

  const addressLogin = (email: string, password: string) =>
    reply(
      app.request('POST', '/api/address_login', {
        headers: site,
        body: { email, password: sha256Hex(password) },
      }),
    );
  const userLogin = (email: string, password: string) =>
    reply(
      app.request('POST', '/user_api/login', {
        headers: site,
        body: { email, password: sha256Hex(password) },
      }),
    );

  it('admin_login: an IP over its failures gets 429 without a password check', async () => {
    const ip = '198.51.100.1';
    const wrong = { password: sha256Hex('nope') };
    const right = { password: sha256Hex(TEST_ADMIN_PASSWORD) };
    // Successes are not failures: they never use up the budget.
    for (let i = 0; i < 8; i++)
      expect((await post(server, '/open_api/admin_login', right, ip)).status).toBe(200);
    for (let i = 0; i < 6; i++)
      expect((await post(server, '/open_api/admin_login', wrong, ip)).status).toBe(401);
    expectLimited(await post(server, '/open_api/admin_login', right, ip), 600);
    // The budget is the IP's, over every login endpoint.
    const siteLogin = await post(
      server,
      '/open_api/site_login',
      { password: sha256Hex('site-pass') },
      ip,
    );
    expectLimited(siteLogin, 600);
    // Other clients are unaffected.
    expect((await post(server, '/open_api/admin_login', right, '198.51.100.2')).status).toBe(200);
  });

  it('site_login: counted the same way', async () => {
    const ip = '198.51.100.3';
    for (let i = 0; i < 6; i++) {
      expect((await post(server, '/open_api/site_login', { password: 'x' }, ip)).status).toBe(401);
    }
    expectLimited(
      await post(server, '/open_api/site_login', { password: sha256Hex('site-pass') }, ip),
      600,
    );
  });

  it('address_login: an account over its failures is refused from anywhere', async () => {
    for (let i = 0; i < 3; i++)
      expect((await addressLogin(address.address, 'bad')).status).toBe(401);
    // Right password, no IP at all (an in-process call): still refused, unchecked.
    expectLimited(await addressLogin(address.address, address.password), 600);
    // The same account, however the client spells it.
    expectLimited(await addressLogin(` ${address.address.toUpperCase()} `, address.password), 600);
    // Unknown addresses count as failures too (404), per account.
    for (let i = 0; i < 3; i++)
      expect((await addressLogin('ghost@example.com', 'x')).status).toBe(404);
    expect((await addressLogin('ghost@example.com', 'x')).status).toBe(429);
    expect((await addressLogin('ghost2@example.com', 'x')).status).toBe(404);
  });

  it('user login: a success clears the account count', async () => {
    for (let i = 0; i < 2; i++) expect((await userLogin(userEmail, 'bad')).status).toBe(400);
    expect((await userLogin(userEmail, 'right')).status).toBe(200);
    // Three more failures are allowed again, then the account is limited.
    for (let i = 0; i < 3; i++) expect((await userLogin(userEmail, 'bad')).status).toBe(400);
    expectLimited(await userLogin(userEmail, 'right'), 600);
  });

  it('answers problem+json with code too_many_attempts when asked', async () => {
    const res = await app.request('POST', '/user_api/login', {
      headers: { ...site, accept: 'application/problem+json' },
      body: { email: userEmail, password: sha256Hex('right') },
    });
    expect(res.status).toBe(429);
    expect(((await res.json()) as { code: string }).code).toBe('too_many_attempts');
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('passkey sign-in: failures per credential id', async () => {
    const body = {
      domain: 'localhost',
      origin: 'http://localhost',
      credential: { id: 'no-such-key' },
    };
    const path = '/user_api/passkey/authenticate_response';
    for (let i = 0; i < 3; i++) {
      expect((await reply(app.request('POST', path, { headers: site, body }))).status).toBe(404);
    }
    expectLimited(await reply(app.request('POST', path, { headers: site, body })), 600);
  });

  it('parallel guesses cannot overshoot the limit', async () => {
    const ip = '198.51.100.4';
    const wrong = { password: sha256Hex('nope') };
    const all = await statuses(
      Array.from({ length: 20 }, () => post(server, '/open_api/admin_login', wrong, ip)),
    );
    expect(all.filter((s) => s === 401)).toHaveLength(6);
    expect(all.filter((s) => s === 429)).toHaveLength(14);
  });

  it('answers that say nothing about the credential are not counted', async () => {
    const ip = '198.51.100.5';
    // A disabled feature (403) says nothing about the password: ten of them use up nothing.
    const noPasswordLogin = await buildTestApp({
      dialect,
      env: { ...ENV, ENABLE_ADDRESS_PASSWORD: 'false', PASSWORDS: '[]' },
    });
    const other = await listen(noPasswordLogin);
    try {
      for (let i = 0; i < 10; i++) {
        const r = await post(
          other,
          '/api/address_login',
          { email: 'a@example.com', password: 'x' },
          ip,
        );
        expect(r.status).toBe(403);
      }
    } finally {
      await other.close();
      await noPasswordLogin.close();
    }
  });
});

describe('login throttle switched off', () => {
  it('LOGIN_MAX_FAILURES=0 and LOGIN_MAX_FAILURES_PER_IP=0 count nothing', async () => {
    const app = await buildTestApp({
      env: { ...ENV, LOGIN_MAX_FAILURES: '0', LOGIN_MAX_FAILURES_PER_IP: '0' },
    });
    const server = await listen(app);
    try {
      const wrong = { password: sha256Hex('nope') };
      for (let i = 0; i < 12; i++) {
        expect((await post(server, '/open_api/admin_login', wrong, '198.51.100.6')).status).toBe(
          401,
        );
      }
    } finally {
      await server.close();
      await app.close();
    }
  });
});

describe('login throttle shared through Redis (REDIS_URL)', () => {
  const clientIp = randomTestIp();
  const key = `tmpmail-login-ip:${clientIp}`;
  const cluster = useRedisNodes(
    { LOGIN_MAX_FAILURES_PER_IP: '4', LOGIN_FAILURE_WINDOW_SECONDS: '120' },
    [key],
  );

  it('counts failures on two nodes against one budget, for the window', async () => {
    const { redis, nodes } = cluster;
    const [a, b] = nodes;
    const wrong = { password: sha256Hex('nope') };
    for (const server of [a, b, a, b]) {
      expect((await post(server, '/open_api/admin_login', wrong, clientIp)).status).toBe(401);
    }
    expectLimited(await post(a, '/open_api/admin_login', wrong, clientIp), 120);
    expectLimited(await post(b, '/open_api/admin_login', wrong, clientIp), 120);
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(120_000);
  });
});
