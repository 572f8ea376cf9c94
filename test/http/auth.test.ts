/**
 * Authentication and the cross-cutting HTTP behaviour around it: the site password, admin
 * access, address credentials (decisions.md 2), the /open_api login checks, CORS, languages,
 * problem+json errors, unknown paths, the public settings, and Turnstile.
 */
import { sign } from 'hono/jwt';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sha256Hex } from '../../src/auth/secret-compare.js';
import { buildPublicSettings } from '../../src/public-settings.js';
import {
  adminHeaders,
  buildTestApp,
  TEST_ADMIN_PASSWORD,
  TEST_JWT_SECRET,
  type TestApp,
} from '../helpers/build-test-app.js';
import { DIALECTS } from '../helpers/test-stores.js';

const SITE_MSG = 'You have enabled the private site password, please provide the password';
const ADMIN_MSG = 'You need to provide the admin password to access this page';
const CREDENTIAL_MSG = 'Invalid address credential';
const HUMAN_MSG = 'Human verification check failed';

const bearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` });
const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function payloadOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

async function expectText(res: Response, status: number, text: string): Promise<void> {
  expect({ status: res.status, text: await res.text() }).toEqual({ status, text });
}

interface Created {
  jwt: string;
  address: string;
  address_id: number;
  password: string | null;
}

async function createAddress(app: TestApp, name: string, headers = {}): Promise<Created> {
  const res = await app.request('POST', '/api/new_address', {
    body: { name, domain: 'example.com' },
    headers,
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Created;
}

describe('site password (PASSWORDS)', () => {
  let app: TestApp;
  const site = { 'x-custom-auth': 'site-one' };
  beforeAll(async () => {
    app = await buildTestApp({ env: { PASSWORDS: '["site-one","site-two"]' } });
  });
  afterAll(() => app.close());

  it('guards every path outside /open_api, including / and /admin', async () => {
    const requests: [string, string][] = [
      ['GET', '/'],
      ['GET', '/health_check'],
      ['GET', '/admin/address?limit=10&offset=0'],
      ['POST', '/admin/new_address'],
      ['POST', '/api/new_address'],
      ['POST', '/api/address_login'],
      ['GET', '/api/settings'],
      ['GET', '/no/such/path'],
    ];
    for (const [method, path] of requests) {
      // The admin password does not stand in for the site password.
      const res = await app.request(method, path, { headers: adminHeaders });
      await expectText(res, 401, SITE_MSG);
    }
  });

  it('refuses a wrong or empty password and other secrets', async () => {
    for (const value of ['wrong', '', 'site-one-', 'SITE-ONE', TEST_ADMIN_PASSWORD]) {
      const res = await app.request('GET', '/', { headers: { 'x-custom-auth': value } });
      await expectText(res, 401, SITE_MSG);
    }
  });

  it('passes with any configured password', async () => {
    for (const value of ['site-one', 'site-two']) {
      const res = await app.request('GET', '/health_check', {
        headers: { 'x-custom-auth': value },
      });
      await expectText(res, 200, 'OK');
    }
    const admin = await app.request('GET', '/admin/address?limit=10&offset=0', {
      headers: { ...site, ...adminHeaders },
    });
    expect(admin.status).toBe(200);
    const created = await app.request('POST', '/api/new_address', { headers: site, body: {} });
    expect(created.status).toBe(200);
    const unknown = await app.request('GET', '/no/such/path', { headers: site });
    await expectText(unknown, 404, 'Not Found');
  });

  it('leaves /open_api open and reports needAuth from the header', async () => {
    const needAuth = async (headers: Record<string, string>) => {
      const res = await app.request('GET', '/open_api/settings', { headers });
      expect(res.status).toBe(200);
      return ((await res.json()) as { needAuth: unknown }).needAuth;
    };
    expect(await needAuth({})).toBe(true);
    expect(await needAuth({ 'x-custom-auth': 'wrong' })).toBe(true);
    expect(await needAuth({ 'x-custom-auth': 'site-two' })).toBe(false);

    const login = await app.request('POST', '/open_api/site_login', {
      body: { password: sha256Hex('site-one') },
    });
    expect(await login.json()).toEqual({ success: true });
  });

  it('cannot be dodged with dot segments or encoded slashes', async () => {
    for (const path of [
      '/open_api/../admin/address?limit=10&offset=0',
      '/open_api/%2e%2e/api/settings',
      '/open_api%2F..%2Fapi%2Fsettings',
    ]) {
      const res = await app.request('GET', path, { headers: adminHeaders });
      await expectText(res, 401, SITE_MSG);
    }
  });

  it('is not required when PASSWORDS is empty, and needAuth is then false', async () => {
    const open = await buildTestApp();
    try {
      await expectText(await open.request('GET', '/'), 200, 'OK');
      const res = await open.request('GET', '/open_api/settings');
      expect(((await res.json()) as { needAuth: unknown }).needAuth).toBe(false);
    } finally {
      await open.close();
    }
  });
});

describe('admin password (ADMIN_PASSWORDS)', () => {
  const path = '/admin/address?limit=10&offset=0';

  it('needs x-admin-auth to be one of ADMIN_PASSWORDS', async () => {
    const app = await buildTestApp({ env: { ADMIN_PASSWORDS: '["first-admin","second-admin"]' } });
    try {
      for (const headers of [
        {},
        { 'x-admin-auth': '' },
        { 'x-admin-auth': 'wrong' },
        { 'x-admin-auth': 'first-admin2' },
        { 'x-custom-auth': 'first-admin' },
      ] as Record<string, string>[]) {
        await expectText(await app.request('GET', path, { headers }), 401, ADMIN_MSG);
      }
      for (const password of ['first-admin', 'second-admin']) {
        const res = await app.request('GET', path, { headers: { 'x-admin-auth': password } });
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ results: [], count: 0 });
      }
      // Every admin route is behind it, including unknown ones and writes.
      await expectText(await app.request('GET', '/admin/nope'), 401, ADMIN_MSG);
      const write = await app.request('POST', '/admin/new_address', { body: { name: 'x' } });
      await expectText(write, 401, ADMIN_MSG);
      expect(await app.store.addresses.findByName('x@example.com')).toBeUndefined();
    } finally {
      await app.close();
    }
  });

  it('stays closed when no admin password is configured (empty entries are dropped)', async () => {
    const app = await buildTestApp({ env: { ADMIN_PASSWORDS: '[""]' } });
    try {
      for (const headers of [{}, { 'x-admin-auth': '' }] as Record<string, string>[]) {
        await expectText(await app.request('GET', path, { headers }), 401, ADMIN_MSG);
      }
    } finally {
      await app.close();
    }
  });

  it('is opened by DISABLE_ADMIN_PASSWORD_CHECK, with or without a header', async () => {
    const app = await buildTestApp({ env: { DISABLE_ADMIN_PASSWORD_CHECK: 'true' } });
    try {
      for (const headers of [{}, { 'x-admin-auth': 'wrong' }, adminHeaders] as Record<
        string,
        string
      >[]) {
        expect((await app.request('GET', path, { headers })).status).toBe(200);
      }
      const settings = await app.request('GET', '/open_api/settings');
      expect(((await settings.json()) as Record<string, unknown>).disableAdminPasswordCheck).toBe(
        true,
      );
    } finally {
      await app.close();
    }
  });

  it('is not opened by DISABLE_ADMIN_PASSWORD_CHECK values other than "true"', async () => {
    const app = await buildTestApp({ env: { DISABLE_ADMIN_PASSWORD_CHECK: 'TRUE' } });
    try {
      await expectText(await app.request('GET', path), 401, ADMIN_MSG);
    } finally {
      await app.close();
    }
  });
});

describe.each(DIALECTS)('address credential on /api/settings (%s)', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({ dialect });
  });
  afterAll(() => app.close());
  afterEach(() => {
    vi.useRealTimers();
  });

  const settings = (headers: Record<string, string>) =>
    app.request('GET', '/api/settings', { headers });

  it('accepts the credential issued at creation, with the bearer scheme in any case', async () => {
    const created = await createAddress(app, 'valid');
    expect(created.address).toBe('tmpvalid@example.com');
    for (const authorization of [
      `Bearer ${created.jwt}`,
      `bearer ${created.jwt}`,
      `BEARER ${created.jwt}`,
      `Bearer   ${created.jwt}`,
    ]) {
      const res = await settings({ authorization });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ address: 'tmpvalid@example.com', send_balance: 0 });
    }
  });

  it('refuses forged and malformed tokens', async () => {
    const created = await createAddress(app, 'forged');
    const claims = { address: created.address, address_id: created.address_id };
    const [h, p, s] = created.jwt.split('.') as [string, string, string];
    const flipped = `${s.slice(0, -3)}${s.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    const tokens: Record<string, string> = {
      tamperedSignature: `${h}.${p}.${flipped}`,
      tamperedPayload: `${h}.${b64url({ ...claims, address_id: created.address_id + 1 })}.${s}`,
      algNone: `${b64url({ alg: 'none', typ: 'JWT' })}.${p}.`,
      otherSecret: await sign(claims, 'some-other-secret-0123456789abcdef', 'HS256'),
      hs512: await sign(claims, TEST_JWT_SECRET, 'HS512'),
      notAJwt: 'hello',
    };
    for (const [name, token] of Object.entries(tokens)) {
      const res = await settings(bearer(token));
      expect({ name, status: res.status, text: await res.text() }).toEqual({
        name,
        status: 401,
        text: CREDENTIAL_MSG,
      });
    }
  });

  it('refuses a missing header, a wrong scheme and a header of three parts', async () => {
    const created = await createAddress(app, 'schemes');
    for (const headers of [
      {},
      { authorization: '' },
      { authorization: 'Bearer' },
      { authorization: created.jwt },
      { authorization: `Basic ${created.jwt}` },
      { authorization: `Token ${created.jwt}` },
      { authorization: `Bearer ${created.jwt} extra` },
      { authorization: `Bearer Bearer ${created.jwt}` },
      { 'x-address-token': created.jwt },
    ] as Record<string, string>[]) {
      await expectText(await settings(headers), 401, CREDENTIAL_MSG);
    }
  });

  it('refuses the token of a deleted address, also after the name is created again', async () => {
    const first = await createAddress(app, 'reborn');
    expect((await settings(bearer(first.jwt))).status).toBe(200);

    const del = await app.request('DELETE', `/admin/delete_address/${first.address_id}`, {
      headers: adminHeaders,
    });
    expect(await del.json()).toEqual({ success: true });
    await expectText(await settings(bearer(first.jwt)), 401, CREDENTIAL_MSG);

    const second = await createAddress(app, 'reborn');
    expect(second.address).toBe(first.address);
    expect(second.address_id).not.toBe(first.address_id);
    await expectText(await settings(bearer(first.jwt)), 401, CREDENTIAL_MSG);
    expect((await settings(bearer(second.jwt))).status).toBe(200);

    // The same holds when the old token is presented at credential_login.
    const login = await app.request('POST', '/open_api/credential_login', {
      body: { credential: first.jwt },
    });
    await expectText(login, 401, CREDENTIAL_MSG);
  });

  it('refuses a validly signed token whose id names a different address', async () => {
    const a = await createAddress(app, 'owner-a');
    const b = await createAddress(app, 'owner-b');
    const mixed = await sign(
      { address: a.address, address_id: b.address_id },
      TEST_JWT_SECRET,
      'HS256',
    );
    await expectText(await settings(bearer(mixed)), 401, CREDENTIAL_MSG);
    const missing = await sign(
      { address: a.address, address_id: 999_999_999 },
      TEST_JWT_SECRET,
      'HS256',
    );
    await expectText(await settings(bearer(missing)), 401, CREDENTIAL_MSG);
  });

  it('accepts address_id as a numeric string (admin show_password)', async () => {
    const created = await createAddress(app, 'stringid');
    const shown = await app.request('GET', `/admin/show_password/${created.address_id}`, {
      headers: adminHeaders,
    });
    const { jwt } = (await shown.json()) as { jwt: string };
    expect(payloadOf(jwt)).toEqual({
      address: created.address,
      address_id: String(created.address_id),
    });
    const res = await settings(bearer(jwt));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ address: created.address, send_balance: 0 });

    const odd = await sign(
      { address: created.address, address_id: `${created.address_id}.0` },
      TEST_JWT_SECRET,
      'HS256',
    );
    await expectText(await settings(bearer(odd)), 401, CREDENTIAL_MSG);
  });

  it('refuses a user token (with exp, without address) used as Bearer', async () => {
    const userToken = await sign(
      {
        user_email: 'user@example.com',
        user_id: 1,
        iat: Math.floor(Date.now() / 1000),
        exp: Math.floor(Date.now() / 1000) + 3600,
      },
      TEST_JWT_SECRET,
      'HS256',
    );
    await expectText(await settings(bearer(userToken)), 401, CREDENTIAL_MSG);
    // Also on unknown /api paths: authentication runs before routing.
    const unknown = await app.request('GET', '/api/nope', { headers: bearer(userToken) });
    await expectText(unknown, 401, CREDENTIAL_MSG);
  });

  it('issues credentials without expiry by default', async () => {
    const created = await createAddress(app, 'forever');
    expect(payloadOf(created.jwt)).toEqual({
      address: created.address,
      address_id: created.address_id,
    });
    vi.useFakeTimers({ now: Date.now() + 5 * 365 * 86_400_000, toFake: ['Date'] });
    expect((await settings(bearer(created.jwt))).status).toBe(200);
  });

  it('adds exp with ADDRESS_JWT_TTL_SECONDS, and expired credentials fail', async () => {
    const ttl = 120;
    const limited = await buildTestApp({
      dialect,
      env: { ADDRESS_JWT_TTL_SECONDS: String(ttl) },
    });
    try {
      const created = await createAddress(limited, 'shortlived');
      const claims = payloadOf(created.jwt);
      expect(Number(claims['exp']) - Number(claims['iat'])).toBe(ttl);
      const read = () => limited.request('GET', '/api/settings', { headers: bearer(created.jwt) });
      expect((await read()).status).toBe(200);

      vi.useFakeTimers({ now: Date.now() + (ttl - 30) * 1000, toFake: ['Date'] });
      expect((await read()).status).toBe(200);
      vi.setSystemTime(Date.now() + 60_000);
      await expectText(await read(), 401, CREDENTIAL_MSG);
      const login = await limited.request('POST', '/open_api/credential_login', {
        body: { credential: created.jwt },
      });
      await expectText(login, 401, CREDENTIAL_MSG);
    } finally {
      vi.useRealTimers();
      await limited.close();
    }
  });
});

describe.each(DIALECTS)('/open_api logins (%s)', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({ dialect, env: { PASSWORDS: '["site-a","site-b"]' } });
  });
  afterAll(() => app.close());

  const post = (path: string, body: unknown) => app.request('POST', path, { body });

  it('site_login accepts the SHA-256 hex of a configured site password', async () => {
    for (const password of ['site-a', 'site-b']) {
      const res = await post('/open_api/site_login', { password: sha256Hex(password) });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ success: true });
    }
    for (const body of [
      { password: 'site-a' }, // plaintext is not what clients send
      { password: sha256Hex('site-c') },
      { password: sha256Hex('site-a').toUpperCase() },
      { password: '' },
      { password: null },
      {},
    ]) {
      await expectText(await post('/open_api/site_login', body), 401, SITE_MSG);
    }
  });

  it('site_login fails for every password when PASSWORDS is empty', async () => {
    const open = await buildTestApp({ dialect });
    try {
      for (const password of [sha256Hex(''), '', sha256Hex('site-a')]) {
        const res = await open.request('POST', '/open_api/site_login', { body: { password } });
        await expectText(res, 401, SITE_MSG);
      }
    } finally {
      await open.close();
    }
  });

  it('admin_login accepts the SHA-256 hex of an admin password', async () => {
    const ok = await post('/open_api/admin_login', { password: sha256Hex(TEST_ADMIN_PASSWORD) });
    expect(await ok.json()).toEqual({ success: true });
    for (const body of [
      { password: TEST_ADMIN_PASSWORD },
      { password: sha256Hex('site-a') },
      { password: '' },
      {},
    ]) {
      await expectText(await post('/open_api/admin_login', body), 401, ADMIN_MSG);
    }
  });

  it('credential_login accepts a live address credential only', async () => {
    const created = await createAddress(app, 'credential', { 'x-custom-auth': 'site-a' });
    const ok = await post('/open_api/credential_login', { credential: created.jwt });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ success: true });

    const userToken = await sign(
      { user_email: 'u@example.com', user_id: 1, exp: Math.floor(Date.now() / 1000) + 60 },
      TEST_JWT_SECRET,
      'HS256',
    );
    for (const body of [
      {},
      { credential: '' },
      { credential: 'garbage' },
      { credential: userToken },
      { credential: `${created.jwt}x` },
    ]) {
      await expectText(await post('/open_api/credential_login', body), 401, CREDENTIAL_MSG);
    }

    const del = await app.request('DELETE', `/admin/delete_address/${created.address_id}`, {
      headers: { ...adminHeaders, 'x-custom-auth': 'site-a' },
    });
    expect(del.status).toBe(200);
    const gone = await post('/open_api/credential_login', { credential: created.jwt });
    await expectText(gone, 401, CREDENTIAL_MSG);
  });
});

describe('CORS', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({
      env: { PASSWORDS: '["site"]', ADMIN_PASSWORDS: '["admin"]' },
    });
  });
  afterAll(() => app.close());

  it('answers preflights from any origin with 204 before any authentication', async () => {
    for (const path of ['/api/new_address', '/api/settings', '/admin/address', '/', '/nope']) {
      const res = await app.request('OPTIONS', path, {
        headers: {
          origin: 'https://elsewhere.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'x-custom-auth, x-admin-auth, content-type',
        },
      });
      expect(res.status, path).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-allow-methods')).toContain('POST');
      expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
        'x-custom-auth',
      );
      expect(await res.text()).toBe('');
    }
  });

  it('puts Access-Control-Allow-Origin on normal, error and not-found responses', async () => {
    const origin = { origin: 'https://elsewhere.example' };
    const responses = [
      await app.request('GET', '/open_api/settings', { headers: origin }),
      await app.request('GET', '/', { headers: origin }),
      await app.request('GET', '/', { headers: { ...origin, 'x-custom-auth': 'site' } }),
      await app.request('GET', '/admin/address', {
        headers: { ...origin, 'x-custom-auth': 'site' },
      }),
      await app.request('GET', '/nope', { headers: { ...origin, 'x-custom-auth': 'site' } }),
      await app.request('POST', '/api/new_address', {
        headers: { ...origin, 'x-custom-auth': 'site' },
        body: '{bad json',
      }),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 401, 200, 401, 404, 400]);
    for (const res of responses) expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('languages (x-lang, DEFAULT_LANG)', () => {
  const ZH_SITE = '你已启用私有站点密码,请提供密码';
  const ZH_ADMIN = '您需要提供管理员密码才能访问此页面';

  it('answers in Chinese for x-lang: zh and in English otherwise', async () => {
    const app = await buildTestApp({ env: { PASSWORDS: '["site"]' } });
    try {
      const text = async (headers: Record<string, string>) =>
        (await app.request('GET', '/', { headers })).text();
      expect(await text({ 'x-lang': 'zh' })).toBe(ZH_SITE);
      expect(await text({ 'x-lang': 'en' })).toBe(SITE_MSG);
      expect(await text({})).toBe(SITE_MSG);
      for (const lang of ['fr', 'ZH', 'zh-CN', '']) {
        expect(await text({ 'x-lang': lang }), lang).toBe(SITE_MSG);
      }
      const admin = await app.request('GET', '/admin/address', {
        headers: { 'x-custom-auth': 'site', 'x-lang': 'zh' },
      });
      await expectText(admin, 401, ZH_ADMIN);
      const notFound = await app.request('GET', '/nope', {
        headers: { 'x-custom-auth': 'site', 'x-lang': 'zh' },
      });
      await expectText(notFound, 404, '未找到');
    } finally {
      await app.close();
    }
  });

  it('uses DEFAULT_LANG=zh without x-lang and for unknown x-lang values', async () => {
    const app = await buildTestApp({ env: { PASSWORDS: '["site"]', DEFAULT_LANG: 'zh' } });
    try {
      const text = async (headers: Record<string, string>) =>
        (await app.request('GET', '/', { headers })).text();
      expect(await text({})).toBe(ZH_SITE);
      expect(await text({ 'x-lang': 'fr' })).toBe(ZH_SITE);
      expect(await text({ 'x-lang': 'en' })).toBe(SITE_MSG);
      const created = await app.request('POST', '/admin/new_address', {
        headers: { 'x-custom-auth': 'site', ...adminHeaders },
        body: { name: 'x'.repeat(31), domain: 'example.com' },
      });
      await expectText(created, 400, '创建邮箱地址失败: 名称太长 (max 30)');
    } finally {
      await app.close();
    }
  });
});

describe('problem+json errors (decisions.md 5)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({ env: { PASSWORDS: '["site"]' } });
  });
  afterAll(() => app.close());

  const accept = { accept: 'application/problem+json' };
  const site = { 'x-custom-auth': 'site' };

  async function expectProblem(
    res: Response,
    expected: { status: number; title: string; code: string; detail: string },
  ): Promise<void> {
    expect(res.status).toBe(expected.status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toEqual({ type: 'about:blank', ...expected });
  }

  it('renders errors as RFC 9457 JSON with a stable code', async () => {
    await expectProblem(await app.request('GET', '/', { headers: accept }), {
      status: 401,
      title: 'Unauthorized',
      code: 'site_password_required',
      detail: SITE_MSG,
    });
    await expectProblem(
      await app.request('GET', '/admin/address', { headers: { ...accept, ...site } }),
      { status: 401, title: 'Unauthorized', code: 'admin_password_required', detail: ADMIN_MSG },
    );
    await expectProblem(await app.request('GET', '/nope', { headers: { ...accept, ...site } }), {
      status: 404,
      title: 'Not Found',
      code: 'not_found',
      detail: 'Not Found',
    });
    await expectProblem(
      await app.request('GET', '/api/settings', { headers: { ...accept, ...site } }),
      {
        status: 401,
        title: 'Unauthorized',
        code: 'invalid_address_credential',
        detail: CREDENTIAL_MSG,
      },
    );
    await expectProblem(
      await app.request('POST', '/admin/new_address', {
        headers: { ...accept, ...site, ...adminHeaders },
        body: { name: 'a', domain: 'nowhere.invalid' },
      }),
      {
        status: 400,
        title: 'Bad Request',
        code: 'domain_invalid',
        detail: 'Failed to create address: Invalid domain',
      },
    );
    const bad = await app.request('POST', '/api/new_address', {
      headers: { ...accept, ...site },
      body: '{"name":',
    });
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({ status: 400, code: 'invalid_input', title: 'Bad Request' });
    expect(problem['detail']).toMatch(/^Invalid input/);
  });

  it('keeps plain text for clients that do not ask for problem+json', async () => {
    for (const headers of [{}, { accept: 'application/json' }, { accept: '*/*' }] as Record<
      string,
      string
    >[]) {
      const res = await app.request('GET', '/', { headers });
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await res.text()).toBe(SITE_MSG);
    }
  });
});

describe('routing', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  it('answers unknown paths and methods with 404 "Not Found"', async () => {
    for (const [method, path] of [
      ['GET', '/nope'],
      ['GET', '/open_api/nope'],
      ['POST', '/'],
      ['DELETE', '/health_check'],
      ['GET', '/open_api/site_login'],
    ] as const) {
      const res = await app.request(method, path);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      await expectText(res, 404, 'Not Found');
    }
  });

  it('authenticates before routing under /api and /admin', async () => {
    await expectText(await app.request('GET', '/api/nope'), 401, CREDENTIAL_MSG);
    await expectText(await app.request('POST', '/api/settings'), 401, CREDENTIAL_MSG);
    await expectText(await app.request('GET', '/admin/nope'), 401, ADMIN_MSG);
    const created = await createAddress(app, 'router');
    const api = await app.request('GET', '/api/nope', { headers: bearer(created.jwt) });
    await expectText(api, 404, 'Not Found');
    const admin = await app.request('GET', '/admin/nope', { headers: adminHeaders });
    await expectText(admin, 404, 'Not Found');
  });
});

describe('GET /open_api/settings', () => {
  it('has every field of the reference with the right types', async () => {
    const app = await buildTestApp({
      env: {
        DOMAINS: '[" Example.COM ","test.org"]',
        DOMAIN_LABELS: '["Example","Test"]',
        RANDOM_SUBDOMAIN_DOMAINS: '["test.org"]',
        PREFIX: ' TMP ',
        TITLE: 'My mail',
        ADMIN_CONTACT: 'admin@example.com',
        COPYRIGHT: '(c) me',
        CF_TURNSTILE_SITE_KEY: 'site-key',
        CF_TURNSTILE_SECRET_KEY: 'secret-key',
        ANNOUNCEMENT: 'hello',
        SMTP_IMAP_PROXY_CONFIG: '{"smtp":{"host":"smtp.example.com"}}',
      },
    });
    try {
      const res = await app.request('GET', '/open_api/settings');
      expect(res.status).toBe(200);
      const body = (await res.json()) as Record<string, unknown>;
      const types: Record<string, string> = {
        title: 'string',
        announcement: 'string',
        alwaysShowAnnouncement: 'boolean',
        prefix: 'string',
        addressRegex: 'string',
        minAddressLen: 'number',
        maxAddressLen: 'number',
        defaultDomains: 'string[]',
        domains: 'string[]',
        randomSubdomainDomains: 'string[]',
        domainLabels: 'string[]',
        needAuth: 'boolean',
        adminContact: 'string',
        enableUserCreateEmail: 'boolean',
        disableAnonymousUserCreateEmail: 'boolean',
        disableCustomAddressName: 'boolean',
        enableUserDeleteEmail: 'boolean',
        enableAutoReply: 'boolean',
        enableIndexAbout: 'boolean',
        copyright: 'string',
        cfTurnstileSiteKey: 'string',
        enableWebhook: 'boolean',
        isS3Enabled: 'boolean',
        enableSendMail: 'boolean',
        version: 'string',
        showGithub: 'boolean',
        showGithubForUser: 'boolean',
        disableAdminPasswordCheck: 'boolean',
        enableAddressPassword: 'boolean',
        enableAgentEmailInfo: 'boolean',
        smtpImapProxyConfig: 'object',
        statusUrl: 'string',
        enableGlobalTurnstileCheck: 'boolean',
      };
      const typeOf = (v: unknown) =>
        Array.isArray(v) && v.every((x) => typeof x === 'string') ? 'string[]' : typeof v;
      expect(Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeOf(v)]))).toEqual(
        types,
      );
      expect(Number.isInteger(body['minAddressLen'])).toBe(true);
      expect(Number.isInteger(body['maxAddressLen'])).toBe(true);
      expect(body).toMatchObject({
        title: 'My mail',
        announcement: 'hello',
        prefix: 'tmp',
        addressRegex: '[^a-z0-9]',
        minAddressLen: 1,
        maxAddressLen: 30,
        domains: ['example.com', 'test.org'],
        defaultDomains: ['example.com', 'test.org'],
        randomSubdomainDomains: ['test.org'],
        domainLabels: ['Example', 'Test'],
        needAuth: false,
        enableUserCreateEmail: true,
        enableUserDeleteEmail: true,
        cfTurnstileSiteKey: 'site-key',
        version: 'v1.12.0',
        showGithub: true,
        enableGlobalTurnstileCheck: false,
        smtpImapProxyConfig: {
          smtp: { host: 'smtp.example.com', port: 8025, starttls: false },
          imap: { host: '', port: 11143, starttls: false },
        },
        statusUrl: '',
      });
      expect(body).not.toHaveProperty('cfTurnstileSecretKey');
      expect(JSON.stringify(body)).not.toContain('secret-key');
      for (const value of Object.values(buildPublicSettings(app.config))) {
        expect(value).not.toBeUndefined();
      }
    } finally {
      await app.close();
    }
  });

  it('names no Turnstile site key unless both keys are set (tokens are checked)', async () => {
    const app = await buildTestApp({
      env: { CF_TURNSTILE_SITE_KEY: 'site-only', ENABLE_GLOBAL_TURNSTILE_CHECK: 'true' },
    });
    try {
      const body = (await (await app.request('GET', '/open_api/settings')).json()) as Record<
        string,
        unknown
      >;
      expect(body).not.toHaveProperty('cfTurnstileSiteKey');
      expect(body['enableGlobalTurnstileCheck']).toBe(false);
      const created = await app.request('POST', '/api/new_address', {
        body: { name: 'nocheck', domain: 'example.com' },
      });
      expect(created.status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('leaves out optional strings that are not configured', async () => {
    const app = await buildTestApp({ env: { DEFAULT_DOMAINS: '["test.org"]' } });
    try {
      const body = (await (await app.request('GET', '/open_api/settings')).json()) as Record<
        string,
        unknown
      >;
      for (const key of ['title', 'adminContact', 'copyright', 'cfTurnstileSiteKey']) {
        expect(body).not.toHaveProperty(key);
      }
      expect(body['defaultDomains']).toEqual(['test.org']);
      expect(body['announcement']).toBe('');
      const settings = buildPublicSettings(app.config);
      expect(Object.entries(settings).filter(([, v]) => v === undefined)).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

describe('Turnstile', () => {
  const GOOD_TOKEN = 'good-token';
  const SECRET = 'turnstile-secret';
  let verifier: Server;
  let verifyUrl: string;
  const seen: URLSearchParams[] = [];

  beforeAll(async () => {
    verifier = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        seen.push(form);
        const success = form.get('secret') === SECRET && form.get('response') === GOOD_TOKEN;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ success }));
      });
    });
    await new Promise<void>((resolve) => verifier.listen(0, '127.0.0.1', resolve));
    verifyUrl = `http://127.0.0.1:${(verifier.address() as AddressInfo).port}/siteverify`;
  });
  afterAll(() => new Promise<void>((resolve) => verifier.close(() => resolve())));

  const turnstileEnv = (extra: Record<string, string> = {}) => ({
    CF_TURNSTILE_SITE_KEY: 'site-key',
    CF_TURNSTILE_SECRET_KEY: SECRET,
    TURNSTILE_VERIFY_URL: verifyUrl,
    ...extra,
  });

  it('guards /api/new_address: no or a wrong token is a 400, the right token passes', async () => {
    const app = await buildTestApp({ env: turnstileEnv() });
    try {
      for (const body of [
        { name: 'human' },
        { name: 'human', cf_token: '' },
        { name: 'human', cf_token: 'bad-token' },
      ]) {
        const res = await app.request('POST', '/api/new_address', { body });
        await expectText(res, 400, HUMAN_MSG);
      }
      expect(await app.store.addresses.findByName('tmphuman@example.com')).toBeUndefined();

      seen.length = 0;
      const ok = await app.request('POST', '/api/new_address', {
        body: { name: 'human', domain: 'example.com', cf_token: GOOD_TOKEN },
      });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as Created).address).toBe('tmphuman@example.com');
      expect(seen.map((f) => [f.get('secret'), f.get('response')])).toEqual([[SECRET, GOOD_TOKEN]]);

      const settings = (await (await app.request('GET', '/open_api/settings')).json()) as Record<
        string,
        unknown
      >;
      expect(settings['cfTurnstileSiteKey']).toBe('site-key');
      expect(settings['enableGlobalTurnstileCheck']).toBe(false);

      // Without the global switch the login endpoints do not ask for a token.
      const site = await app.request('POST', '/open_api/admin_login', {
        body: { password: sha256Hex(TEST_ADMIN_PASSWORD) },
      });
      expect(site.status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('fails closed when the verify service is down or answers nonsense', async () => {
    const down = createServer();
    await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(down.address() as AddressInfo).port}/siteverify`;
    await new Promise<void>((resolve) => down.close(() => resolve()));

    const broken = createServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end('<html>oops</html>');
    });
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    const brokenUrl = `http://127.0.0.1:${(broken.address() as AddressInfo).port}/siteverify`;
    try {
      for (const url of [deadUrl, brokenUrl]) {
        const app = await buildTestApp({ env: turnstileEnv({ TURNSTILE_VERIFY_URL: url }) });
        try {
          const res = await app.request('POST', '/api/new_address', {
            body: { name: 'closed', cf_token: GOOD_TOKEN },
          });
          await expectText(res, 400, HUMAN_MSG);
          expect(await app.store.addresses.findByName('tmpclosed@example.com')).toBeUndefined();
        } finally {
          await app.close();
        }
      }
    } finally {
      await new Promise<void>((resolve) => broken.close(() => resolve()));
    }
  });

  it('is off unless both keys are set', async () => {
    for (const env of [
      { CF_TURNSTILE_SITE_KEY: 'site-key', TURNSTILE_VERIFY_URL: verifyUrl },
      { CF_TURNSTILE_SECRET_KEY: SECRET, TURNSTILE_VERIFY_URL: verifyUrl },
      { ENABLE_GLOBAL_TURNSTILE_CHECK: 'true', TURNSTILE_VERIFY_URL: verifyUrl },
    ] as Record<string, string>[]) {
      const app = await buildTestApp({ env });
      try {
        const res = await app.request('POST', '/api/new_address', { body: { name: 'nokeys' } });
        expect(res.status).toBe(200);
        const login = await app.request('POST', '/open_api/admin_login', {
          body: { password: sha256Hex(TEST_ADMIN_PASSWORD) },
        });
        expect(login.status).toBe(200);
        const settings = (await (await app.request('GET', '/open_api/settings')).json()) as {
          enableGlobalTurnstileCheck: unknown;
        };
        expect(settings.enableGlobalTurnstileCheck).toBe(false);
      } finally {
        await app.close();
      }
    }
  });

  it('ENABLE_GLOBAL_TURNSTILE_CHECK also guards the login endpoints', async () => {
    const app = await buildTestApp({
      env: turnstileEnv({
        ENABLE_GLOBAL_TURNSTILE_CHECK: 'true',
        ENABLE_ADDRESS_PASSWORD: 'true',
        PASSWORDS: '["site"]',
      }),
    });
    const site = { 'x-custom-auth': 'site' };
    try {
      const settings = (await (await app.request('GET', '/open_api/settings')).json()) as {
        enableGlobalTurnstileCheck: unknown;
      };
      expect(settings.enableGlobalTurnstileCheck).toBe(true);

      const refused = await app.request('POST', '/api/new_address', {
        headers: site,
        body: { name: 'globalcheck', domain: 'example.com' },
      });
      await expectText(refused, 400, HUMAN_MSG);
      const res = await app.request('POST', '/api/new_address', {
        headers: site,
        body: { name: 'globalcheck', domain: 'example.com', cf_token: GOOD_TOKEN },
      });
      const address = (await res.json()) as Created;
      expect(address.password).toMatch(/^[a-z0-9]{8}$/);

      const logins: [string, Record<string, unknown>, Record<string, string>][] = [
        ['/open_api/site_login', { password: sha256Hex('site') }, {}],
        ['/open_api/admin_login', { password: sha256Hex(TEST_ADMIN_PASSWORD) }, {}],
        ['/open_api/credential_login', { credential: address.jwt }, {}],
        [
          '/api/address_login',
          { email: address.address, password: sha256Hex(address.password ?? '') },
          site,
        ],
      ];
      for (const [path, body, headers] of logins) {
        for (const cf of [{}, { cf_token: 'bad-token' }]) {
          const refused = await app.request('POST', path, { headers, body: { ...body, ...cf } });
          expect({ path, status: refused.status, text: await refused.text() }).toEqual({
            path,
            status: 400,
            text: HUMAN_MSG,
          });
        }
        const ok = await app.request('POST', path, {
          headers,
          body: { ...body, cf_token: GOOD_TOKEN },
        });
        expect({ path, status: ok.status }).toEqual({ path, status: 200 });
      }
    } finally {
      await app.close();
    }
  });
});
