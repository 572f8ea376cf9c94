/**
 * User accounts through the HTTP API (reference §1.5 rows 1–5, §3.1–3.3) on every dialect:
 * open settings, registration (gates, e-mail rules, duplicates, password length), password
 * login, and the signed-in user's settings (role token, admin flag, refreshed token, activity).
 * Mail verification is in user-verification.test.ts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/auth/password-hash.js';
import { readRoleToken, readUserToken } from '../../src/auth/user-token.js';
import { createTokenSigner } from '../../src/auth/token-signer.js';
import { formatSqlTimestamp, type Clock } from '../../src/shared/clock.js';
import { buildTestApp, listen, TEST_JWT_SECRET, type TestApp } from '../helpers/build-test-app.js';
import { bearer, createAddress } from '../helpers/mailbox-client.js';
import { DIALECTS } from '../helpers/test-stores.js';
import {
  digest,
  login,
  newUser,
  ok,
  register,
  send,
  setUserSettings,
  userHeaders,
} from '../helpers/user-client.js';

const DAY = 86_400_000;
const signer = createTokenSigner(TEST_JWT_SECRET);
const ROLES = JSON.stringify([
  { role: 'vip', domains: ['Test.org'], prefix: 'vip' },
  { role: 'boss' },
]);

/** Real time plus an offset the test moves, so tokens stay valid for the real verifier. */
function shiftingClock(): Clock & { shift(ms: number): void } {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), shift: (ms) => (offset += ms) };
}

describe.each(DIALECTS)('user accounts on %s', (dialect) => {
  let app: TestApp;
  const clock = shiftingClock();

  beforeAll(async () => {
    app = await buildTestApp({
      dialect,
      clock,
      env: { USER_ROLES: ROLES, ADMIN_USER_ROLE: 'boss', USER_DEFAULT_ROLE: 'vip' },
    });
  });
  afterAll(() => app.close());

  it('open_settings leaves unset flags out, then reports them and the public OAuth2 view', async () => {
    expect(await ok(send(app, 'GET', '/user_api/open_settings'))).toEqual({ oauth2ClientIDs: [] });
    await app.store.settings.set(
      'oauth2_settings',
      [
        {
          name: 'Git',
          icon: 'https://icon.example/git.svg',
          clientID: 'cid-1',
          clientSecret: 'never-shown',
          authorizationURL: 'https://auth.example/authorize',
          accessTokenURL: 'https://auth.example/token',
          accessTokenFormat: 'json',
          userInfoURL: 'https://auth.example/user',
          redirectURL: 'https://mail.example/callback',
          userEmailKey: 'email',
          scope: 'user:email',
        },
      ],
      formatSqlTimestamp(new Date()),
    );
    await ok(send(app, 'POST', '/admin/user_settings', { body: { enable: false } }));
    expect(await ok(send(app, 'GET', '/user_api/open_settings'))).toEqual({
      enable: false,
      oauth2ClientIDs: [{ clientID: 'cid-1', name: 'Git', icon: 'https://icon.example/git.svg' }],
    });
  });

  it('refuses registration until the admin opens it (login is not gated)', async () => {
    await ok(send(app, 'POST', '/admin/user_settings', { body: { enable: false } }));
    const closed = await send(app, 'POST', '/user_api/register', {
      body: { email: 'early@x.org', password: digest('pw') },
    });
    expect(closed).toEqual({
      status: 403,
      text: 'User registration is disabled, please contact the administrator',
    });
    await setUserSettings(app);
    await register(app, 'early@x.org', 'pw');
    await ok(send(app, 'POST', '/admin/user_settings', { body: { enable: false } }));
    expect(await login(app, 'early@x.org', 'pw')).toMatch(/^ey/);
    await setUserSettings(app);
  });

  it('stores a trimmed, lower-cased e-mail and a salted hash; no default role unverified', async () => {
    await setUserSettings(app);
    await register(app, '  Alice@Example.COM ', 'alice-pw');
    const row = await app.store.users.findByEmail('alice@example.com');
    expect(row?.user_email).toBe('alice@example.com');
    expect(row?.password).not.toBe(digest('alice-pw'));
    expect(await verifyPassword(digest('alice-pw'), row?.password ?? '')).toBe(true);
    expect(await app.store.users.findRoleName(row?.id ?? 0)).toBeUndefined();
    expect(JSON.parse(row?.user_info ?? '{}')).toMatchObject({ userEmail: 'alice@example.com' });
  });

  it('refuses a taken e-mail in any spelling, and leaves its password alone', async () => {
    await setUserSettings(app);
    await register(app, 'taken@x.org', 'first');
    const again = await send(app, 'POST', '/user_api/register', {
      body: { email: 'TAKEN@x.org ', password: digest('second') },
    });
    expect(again).toEqual({ status: 400, text: 'User already exists, please login' });
    expect(await login(app, 'taken@x.org', 'first')).toMatch(/^ey/);
  });

  it('needs both fields and a password of 1–100 characters', async () => {
    await setUserSettings(app);
    const invalid = { status: 400, text: 'Invalid email or password' };
    for (const body of [
      {},
      { email: 'a@x.org' },
      { password: 'x' },
      { email: ' ', password: 'x' },
    ]) {
      expect(await send(app, 'POST', '/user_api/register', { body })).toEqual(invalid);
    }
    const tooLong = await send(app, 'POST', '/user_api/register', {
      body: { email: 'long@x.org', password: 'a'.repeat(101) },
    });
    expect(tooLong).toEqual({ status: 400, text: 'Invalid password' });
    await ok(
      send(app, 'POST', '/user_api/register', {
        body: { email: 'hundred@x.org', password: 'a'.repeat(100) },
      }),
    );
    const wrongType = await send(app, 'POST', '/user_api/register', {
      body: { email: 'typed@x.org', password: 12345 },
    });
    expect(wrongType.status).toBe(400);
    expect(await app.store.users.findByEmail('long@x.org')).toBeUndefined();
  });

  it('applies the domain allow-list and the e-mail pattern', async () => {
    await setUserSettings(app, {
      enableMailAllowList: true,
      mailAllowList: ['Allowed.org'],
      enableEmailCheckRegex: true,
      emailCheckRegex: '^ok',
    });
    const foreign = await send(app, 'POST', '/user_api/register', {
      body: { email: 'ok@other.org', password: digest('x') },
    });
    expect(foreign).toEqual({
      status: 400,
      text: 'User mail domain must be in this list ["Allowed.org"]',
    });
    const pattern = await send(app, 'POST', '/user_api/register', {
      body: { email: 'no@allowed.org', password: digest('x') },
    });
    expect(pattern).toEqual({
      status: 400,
      text: 'Email address format does not match the required pattern: /^ok/',
    });
    await register(app, 'OK@ALLOWED.org', 'x');
    await setUserSettings(app);
  });

  it('logs in to a 30-day user token; unknown e-mail and wrong password read the same', async () => {
    await setUserSettings(app);
    await register(app, 'bob@x.org', 'bob-pw');
    const jwt = await login(app, ' BOB@x.org', 'bob-pw');
    const claims = await readUserToken(signer, jwt);
    const row = await app.store.users.findByEmail('bob@x.org');
    expect(claims).toMatchObject({ userEmail: 'bob@x.org', userId: row?.id });
    expect((claims?.exp ?? 0) - (claims?.iat ?? 0)).toBe(30 * 24 * 3600);

    const failed = { status: 400, text: 'Invalid email or password' };
    const attempt = (email: string, password: unknown) =>
      send(app, 'POST', '/user_api/login', { body: { email, password } });
    expect(await attempt('bob@x.org', digest('wrong'))).toEqual(failed);
    expect(await attempt('nobody@x.org', digest('bob-pw'))).toEqual(failed);
    expect(await attempt('bob@x.org', '')).toEqual(failed);
    const problem = await app.request('POST', '/user_api/login', {
      body: { email: 'nobody@x.org', password: digest('x') },
      headers: { accept: 'application/problem+json' },
    });
    expect(((await problem.json()) as { code: string }).code).toBe('user_login_failed');
  });

  it('refuses password login to an OAuth2-only user (no password)', async () => {
    await app.store.users.insertIfAbsent(
      { email: 'oauth@x.org', passwordHash: '', userInfo: null },
      formatSqlTimestamp(new Date()),
    );
    const reply = await send(app, 'POST', '/user_api/login', {
      body: { email: 'oauth@x.org', password: digest('') },
    });
    expect(reply).toEqual({ status: 400, text: 'User not found' });
  });

  it('settings: the reference fields; no role → no access token', async () => {
    const user = await newUser(app, 'plain@x.org');
    const claims = await readUserToken(signer, user.jwt);
    const settings = await ok(send(app, 'GET', '/user_api/settings', { headers: user.headers }));
    expect(settings).toEqual({
      user_email: 'plain@x.org',
      user_id: user.id,
      exp: claims?.exp,
      iat: claims?.iat,
      is_admin: false,
      access_token: null,
      new_user_token: null,
      user_role: null,
    });
  });

  it('settings: a configured role gives a 1-hour role token and the role; the admin role is_admin', async () => {
    const user = await newUser(app, 'vip@x.org');
    const now = formatSqlTimestamp(new Date());
    await app.store.users.setRole(user.id, 'vip', now);
    const vip = await ok<Record<string, unknown>>(
      send(app, 'GET', '/user_api/settings', { headers: user.headers }),
    );
    expect(vip['user_role']).toEqual({ role: 'vip', domains: ['test.org'], prefix: 'vip' });
    expect(vip['is_admin']).toBe(false);
    const role = await readRoleToken(signer, vip['access_token'] as string);
    expect(role).toMatchObject({ userId: user.id, userEmail: 'vip@x.org', userRole: 'vip' });
    expect((role?.exp ?? 0) - (role?.iat ?? 0)).toBe(3600);

    await app.store.users.setRole(user.id, 'boss', now);
    const boss = await ok<Record<string, unknown>>(
      send(app, 'GET', '/user_api/settings', { headers: user.headers }),
    );
    expect(boss['is_admin']).toBe(true);
    const adminPage = await app.request('GET', '/admin/user_settings', {
      headers: { 'x-user-access-token': boss['access_token'] as string },
    });
    expect(adminPage.status).toBe(200);

    // A stored role that USER_ROLES does not list has no effect.
    await app.store.users.setRole(user.id, 'ghost', now);
    const ghost = await ok(send(app, 'GET', '/user_api/settings', { headers: user.headers }));
    expect(ghost).toMatchObject({ access_token: null, user_role: null, is_admin: false });
  });

  it('settings: a fresh user token only within 7 days of expiry', async () => {
    const user = await newUser(app, 'refresh@x.org');
    clock.shift(22 * DAY);
    try {
      const early = await ok(send(app, 'GET', '/user_api/settings', { headers: user.headers }));
      expect(early['new_user_token']).toBeNull();
      clock.shift(2 * DAY);
      const seconds = () => Math.floor(clock.now().getTime() / 1000);
      const before = seconds();
      const late = await ok(send(app, 'GET', '/user_api/settings', { headers: user.headers }));
      // Issued at the shifted "now", so only its signature can be checked against real time.
      const fresh = signer.verifySignatureOnly(late['new_user_token'] as string) ?? {};
      expect(fresh['user_id']).toBe(user.id);
      expect(fresh['iat']).toBeGreaterThanOrEqual(before);
      expect(fresh['iat']).toBeLessThanOrEqual(seconds());
      expect(Number(fresh['exp']) - Number(fresh['iat'])).toBe(30 * 24 * 3600);
    } finally {
      clock.shift(-24 * DAY);
    }
  });

  it('settings: user and role tokens live and expire by the app clock, not real time', async () => {
    const user = await newUser(app, 'clocked@x.org');
    const expired = { status: 401, text: 'Your token has expired, please login again' };
    clock.shift(30 * DAY - 1000);
    try {
      // Still live one second before its exp, by the app clock.
      const late = await ok(send(app, 'GET', '/user_api/settings', { headers: user.headers }));
      // Issued at the shifted now: a real-time check would call its iat a future one.
      const fresh = { 'x-user-token': late['new_user_token'] as string };
      expect(await send(app, 'GET', '/user_api/bind_address', { headers: fresh })).toMatchObject({
        status: 200,
      });
      clock.shift(1000);
      expect(await send(app, 'GET', '/user_api/settings', { headers: user.headers })).toEqual(
        expired,
      );
      expect((await send(app, 'GET', '/user_api/settings', { headers: fresh })).status).toBe(200);
    } finally {
      clock.shift(-30 * DAY);
    }
  });

  it('settings: counts as activity of every bound address', async () => {
    const user = await newUser(app, 'active@x.org');
    const created = await createAddress(app, 'activeone');
    await ok(
      send(app, 'POST', '/user_api/bind_address', {
        headers: { ...user.headers, ...bearer(created.jwt) },
      }),
    );
    clock.shift(2 * DAY);
    try {
      await ok(send(app, 'GET', '/user_api/settings', { headers: user.headers }));
      const row = await app.store.addresses.findById(created.address_id);
      expect(row?.updated_at).toBe(formatSqlTimestamp(clock.now()));
    } finally {
      clock.shift(-2 * DAY);
    }
  });

  it('settings: 401 without a valid user token, 400 once the user is deleted', async () => {
    const expired = { status: 401, text: 'Your token has expired, please login again' };
    expect(await send(app, 'GET', '/user_api/settings')).toEqual(expired);
    const address = await createAddress(app, 'notauser');
    expect(
      await send(app, 'GET', '/user_api/settings', { headers: userHeaders(address.jwt) }),
    ).toEqual(expired);
    const user = await newUser(app, 'gone@x.org');
    await app.store.users.delete(user.id);
    expect(await send(app, 'GET', '/user_api/settings', { headers: user.headers })).toEqual({
      status: 400,
      text: 'User not found',
    });
  });
});

describe('registration and login behind Turnstile', () => {
  const SECRET = 'turnstile-secret';
  const GOOD = 'good-token';
  let verifier: Server;
  let app: TestApp;

  beforeAll(async () => {
    verifier = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ success: form.get('response') === GOOD }));
      });
    });
    await new Promise<void>((resolve) => verifier.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(verifier.address() as AddressInfo).port}/siteverify`;
    app = await buildTestApp({
      env: {
        CF_TURNSTILE_SITE_KEY: 'site',
        CF_TURNSTILE_SECRET_KEY: SECRET,
        TURNSTILE_VERIFY_URL: url,
        ENABLE_GLOBAL_TURNSTILE_CHECK: 'true',
      },
    });
    await setUserSettings(app);
  });
  afterAll(async () => {
    await app.close();
    await new Promise<void>((resolve) => verifier.close(() => resolve()));
  });

  it('register and (with the global check) login need a passing token', async () => {
    const failed = { status: 400, text: 'Human verification check failed' };
    const body = { email: 'human@x.org', password: digest('pw') };
    expect(await send(app, 'POST', '/user_api/register', { body })).toEqual(failed);
    expect(await app.store.users.findByEmail('human@x.org')).toBeUndefined();
    await ok(send(app, 'POST', '/user_api/register', { body: { ...body, cf_token: GOOD } }));
    expect(await send(app, 'POST', '/user_api/login', { body })).toEqual(failed);
    await ok(send(app, 'POST', '/user_api/login', { body: { ...body, cf_token: GOOD } }));
  });
});

describe('the per-IP rate limit of the account routes', () => {
  it('applies to verify_code, register and login, each path on its own budget', async () => {
    const app = await buildTestApp({ env: { RATE_LIMIT_PER_MINUTE: '2' } });
    const server = await listen(app);
    try {
      await setUserSettings(app);
      const post = async (path: string, body: object) => {
        const res = await fetch(`${server.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        await res.arrayBuffer();
        return res.status;
      };
      const body = { email: 'limited@x.org', password: digest('pw') };
      for (const path of ['/user_api/verify_code', '/user_api/register', '/user_api/login']) {
        const seen = [await post(path, body), await post(path, body), await post(path, body)];
        expect(seen[2], path).toBe(429);
        expect(seen.slice(0, 2), path).not.toContain(429);
      }
    } finally {
      await server.close();
      await app.close();
    }
  });
});
