/**
 * OAuth2 login for user accounts (reference §1.5 rows 13-14, §1.6 rows 35-36, §3.5) against a
 * real local OAuth2/OIDC server (oauth2-mock-server): login URL → the provider's /authorize
 * redirect with a code → POST /user_api/oauth2/callback → a user JWT. The mock's hooks record
 * what tmpmail sent and shape what the provider answers.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuth2Server } from 'oauth2-mock-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password-hash.js';
import { sha256Hex } from '../../src/auth/secret-compare.js';
import { adminHeaders, buildTestApp, type TestApp } from '../helpers/build-test-app.js';
import { DIALECTS } from '../helpers/test-stores.js';

const REDIRECT_URL = 'http://localhost:5173/user/oauth2/callback?from=tmpmail';
const ROLES = JSON.stringify([{ role: 'vip' }, { role: 'gold' }]);

interface ProviderResponse {
  status: number;
  body: Record<string, unknown>;
}

/** A local OAuth2 provider whose next answers the tests choose, recording what it was sent. */
async function startProvider() {
  const server = new OAuth2Server();
  await server.issuer.keys.generate('RS256');
  await server.start(0, '127.0.0.1');
  const state = {
    tokenRequests: [] as { contentType: string | undefined; body: Record<string, unknown> }[],
    issuedTokens: [] as string[],
    userinfoAuth: [] as (string | undefined)[],
    tokenOverride: undefined as ProviderResponse | undefined,
    tokenPatch: {} as Record<string, unknown>,
    userinfo: { status: 200, body: {} } as ProviderResponse,
  };
  server.service.on('beforeResponse', (response, req) => {
    state.tokenRequests.push({
      contentType: req.headers['content-type'],
      body: { ...(req.body as Record<string, unknown>) },
    });
    if (state.tokenOverride) {
      response.statusCode = state.tokenOverride.status;
      response.body = state.tokenOverride.body;
      return;
    }
    if (typeof response.body === 'object') {
      Object.assign(response.body, state.tokenPatch);
      state.issuedTokens.push(String(response.body['access_token']));
    }
  });
  server.service.on('beforeUserinfo', (response, req) => {
    state.userinfoAuth.push(req.headers.authorization);
    response.statusCode = state.userinfo.status;
    response.body = state.userinfo.body;
  });
  const reset = () => {
    state.tokenRequests.length = 0;
    state.issuedTokens.length = 0;
    state.userinfoAuth.length = 0;
    state.tokenOverride = undefined;
    state.tokenPatch = {};
    state.userinfo = { status: 200, body: {} };
  };
  return { url: server.issuer.url!, state, reset, stop: () => server.stop() };
}

type Provider = Awaited<ReturnType<typeof startProvider>>;

function providerEntry(mock: Provider, overrides: Record<string, unknown>) {
  return {
    name: 'Mock',
    icon: '<svg/>',
    clientID: 'json-client',
    clientSecret: 'secret-json',
    authorizationURL: `${mock.url}/authorize`,
    accessTokenURL: `${mock.url}/token`,
    accessTokenFormat: 'json',
    userInfoURL: `${mock.url}/userinfo`,
    redirectURL: REDIRECT_URL,
    userEmailKey: 'email',
    scope: 'openid email',
    ...overrides,
  };
}

function providers(mock: Provider) {
  return [
    providerEntry(mock, {}),
    providerEntry(mock, {
      name: 'Form',
      clientID: 'form-client',
      clientSecret: 'secret-form',
      accessTokenFormat: 'urlencoded',
      userEmailKey: '$.emails[0].value',
    }),
    providerEntry(mock, {
      name: 'Rewrite',
      clientID: 'rewrite-client',
      userEmailKey: 'id',
      enableEmailFormat: true,
      userEmailFormat: '^(.+)$',
      userEmailReplace: 'mock_$1@oauth.example',
    }),
    providerEntry(mock, {
      name: 'Allow',
      clientID: 'allow-client',
      enableMailAllowList: true,
      mailAllowList: ['allowed.example'],
    }),
  ];
}

async function text(res: Response, status: number): Promise<string> {
  const body = await res.text();
  expect({ status: res.status, body }).toMatchObject({ status });
  return body;
}

describe.each(DIALECTS)('OAuth2 login (%s)', (dialect) => {
  let app: TestApp;
  let mock: Provider;

  beforeAll(async () => {
    mock = await startProvider();
    app = await buildTestApp({
      dialect,
      env: { USER_ROLES: ROLES, USER_DEFAULT_ROLE: 'vip' },
    });
    const res = await app.request('POST', '/admin/user_oauth2_settings', {
      body: providers(mock),
      headers: adminHeaders,
    });
    expect(await res.json()).toEqual({ success: true });
  });
  afterAll(async () => {
    await app.close();
    await mock.stop();
  });
  afterEach(() => mock.reset());

  /** The browser's part: login URL, then the provider's /authorize, which redirects with a code. */
  async function authorize(clientID: string, state = 'st-1'): Promise<string> {
    const query = new URLSearchParams({ clientID, state });
    const res = await app.request('GET', `/user_api/oauth2/login_url?${query}`);
    const { url } = (await res.json()) as { url: string };
    const redirect = await fetch(url, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const location = new URL(redirect.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(
      'http://localhost:5173/user/oauth2/callback',
    );
    expect(location.searchParams.get('from')).toBe('tmpmail');
    expect(location.searchParams.get('state')).toBe(state);
    return location.searchParams.get('code')!;
  }

  const callback = (body: unknown) => app.request('POST', '/user_api/oauth2/callback', { body });

  async function signIn(clientID: string): Promise<Response> {
    return callback({ clientID, code: await authorize(clientID) });
  }

  async function jwtOf(res: Response): Promise<string> {
    const body = (await res.json()) as { jwt?: string };
    expect(res.status).toBe(200);
    return body.jwt!;
  }

  it('builds the login URL with encoded values and the reference parameter names', async () => {
    const state = 'a b&c=d/é';
    const res = await app.request(
      'GET',
      `/user_api/oauth2/login_url?${new URLSearchParams({ clientID: 'json-client', state })}`,
    );
    const { url } = (await res.json()) as { url: string };
    expect(url).toBe(
      `${mock.url}/authorize?client_id=json-client&response_type=code` +
        `&redirect_uri=${encodeURIComponent(REDIRECT_URL)}&scope=openid%20email` +
        `&state=${encodeURIComponent(state)}`,
    );
    const parsed = new URL(url);
    expect(parsed.searchParams.get('redirect_uri')).toBe(REDIRECT_URL);
    expect(parsed.searchParams.get('state')).toBe(state);
  });

  it('refuses an unknown client id on both routes', async () => {
    const login = await app.request('GET', '/user_api/oauth2/login_url?clientID=nope&state=x');
    expect(await text(login, 400)).toBe(
      'Oauth2 client ID is not set, please contact the administrator',
    );
    const res = await callback({ clientID: 'nope', code: 'abc' });
    expect(await text(res, 400)).toBe(
      'Oauth2 client ID is not set, please contact the administrator',
    );
    expect(mock.state.tokenRequests).toHaveLength(0);
  });

  it('needs both client id and code', async () => {
    for (const body of [{ clientID: 'json-client' }, { code: 'abc' }, { clientID: '', code: '' }]) {
      expect(await text(await callback(body), 400)).toBe('Oauth2 client ID or code is missing');
    }
  });

  it('signs in through a JSON token exchange; the JWT works on /user_api/settings', async () => {
    mock.state.userinfo = { status: 200, body: { sub: 'u1', email: 'Json.User@Example.com ' } };
    const code = await authorize('json-client');
    const jwt = await jwtOf(await callback({ clientID: 'json-client', code }));

    const [tokenRequest] = mock.state.tokenRequests;
    expect(tokenRequest?.contentType).toContain('application/json');
    expect(tokenRequest?.body).toEqual({
      code,
      client_id: 'json-client',
      client_secret: 'secret-json',
      grant_type: 'authorization_code',
      redirect_uri: REDIRECT_URL,
    });
    expect(mock.state.userinfoAuth).toEqual([`Bearer ${mock.state.issuedTokens[0]}`]);

    const settings = await app.request('GET', '/user_api/settings', {
      headers: { 'x-user-token': jwt },
    });
    expect(settings.status).toBe(200);
    expect(await settings.json()).toMatchObject({ user_email: 'json.user@example.com' });
    const user = await app.store.users.findByEmail('json.user@example.com');
    expect(user?.password).toBe('');
    expect(await app.store.users.findRoleName(user!.id)).toBe('vip');
  });

  it('uses a form-encoded exchange, the token type and a JSONPath e-mail key', async () => {
    mock.state.tokenPatch = { token_type: 'token' };
    mock.state.userinfo = {
      status: 200,
      body: { emails: [{ value: 'Form.User@Example.org' }, { value: 'second@example.org' }] },
    };
    const code = await authorize('form-client');
    const jwt = await jwtOf(await callback({ clientID: 'form-client', code }));

    const [tokenRequest] = mock.state.tokenRequests;
    expect(tokenRequest?.contentType).toContain('application/x-www-form-urlencoded');
    expect(tokenRequest?.body).toMatchObject({
      code,
      client_id: 'form-client',
      client_secret: 'secret-form',
      grant_type: 'authorization_code',
      redirect_uri: REDIRECT_URL,
    });
    expect(mock.state.userinfoAuth).toEqual([`token ${mock.state.issuedTokens[0]}`]);
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as {
      user_email: string;
    };
    expect(claims.user_email).toBe('form.user@example.org');
  });

  it('rewrites the e-mail with the provider regex (a numeric id becomes an address)', async () => {
    mock.state.userinfo = { status: 200, body: { id: 12345 } };
    await jwtOf(await signIn('rewrite-client'));
    expect(await app.store.users.findByEmail('mock_12345@oauth.example')).toBeDefined();
  });

  it('refuses an e-mail outside the provider allow-list, and accepts one inside', async () => {
    mock.state.userinfo = { status: 200, body: { email: 'someone@other.example' } };
    const refused = await text(await signIn('allow-client'), 400);
    expect(refused).toBe(
      `User mail domain must be in this list ${JSON.stringify(['allowed.example'], null, 2)}`,
    );
    expect(await app.store.users.findByEmail('someone@other.example')).toBeUndefined();

    mock.state.userinfo = { status: 200, body: { email: 'someone@Allowed.Example' } };
    await jwtOf(await signIn('allow-client'));
  });

  it('answers Oauth2FailedGetAccessTokenMsg when the provider refuses the code', async () => {
    mock.state.tokenOverride = { status: 400, body: { error: 'invalid_grant' } };
    expect(await text(await signIn('json-client'), 400)).toBe(
      'Failed to get access token from Oauth2 provider',
    );
    // GitHub's style: 200 with an error and no token.
    mock.state.tokenOverride = { status: 200, body: { error: 'bad_verification_code' } };
    expect(await text(await signIn('json-client'), 400)).toBe(
      'Failed to get access token from Oauth2 provider',
    );
    expect(mock.state.userinfoAuth).toHaveLength(0);
  });

  it('answers Oauth2FailedGetUserInfoMsg when user info fails', async () => {
    mock.state.userinfo = { status: 401, body: { error: 'invalid_token' } };
    expect(await text(await signIn('json-client'), 400)).toBe(
      'Failed to get user info from Oauth2 provider',
    );
  });

  it('answers Oauth2FailedGetUserEmailMsg when the user info has no usable e-mail', async () => {
    for (const body of [{ sub: 'x' }, { email: '' }, { email: 'not-an-address' }, { email: {} }]) {
      mock.state.userinfo = { status: 200, body };
      expect(await text(await signIn('json-client'), 400)).toBe(
        'Failed to get user email from Oauth2 provider',
      );
    }
  });

  it('keeps the password and the role of an existing user', async () => {
    const hash = await hashPassword(sha256Hex('pw'));
    const existing = await app.store.users.insert(
      { email: 'has.password@example.com', passwordHash: hash, userInfo: null },
      '2024-01-01 00:00:00',
    );
    await app.store.users.setRole(existing.id, 'gold', '2024-01-01 00:00:00');
    mock.state.userinfo = { status: 200, body: { email: 'HAS.PASSWORD@example.com' } };
    const jwt = await jwtOf(await signIn('json-client'));

    const claims = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as {
      user_id: number;
    };
    expect(claims.user_id).toBe(existing.id);
    const after = await app.store.users.findById(existing.id);
    expect(after?.password).toBe(hash);
    expect(await app.store.users.findRoleName(existing.id)).toBe('gold');
  });

  it('gives the default role to an existing user who has none', async () => {
    const plain = await app.store.users.insert(
      { email: 'no.role@example.com', passwordHash: '', userInfo: null },
      '2024-01-01 00:00:00',
    );
    mock.state.userinfo = { status: 200, body: { email: 'no.role@example.com' } };
    await jwtOf(await signIn('json-client'));
    expect(await app.store.users.findRoleName(plain.id)).toBe('vip');
  });
});

describe.each(DIALECTS)('OAuth2 provider settings (%s)', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({ dialect });
  });
  afterAll(() => app.close());

  const entry = (overrides: Record<string, unknown>) => ({
    name: 'P',
    clientID: 'cid',
    clientSecret: 'sec',
    authorizationURL: 'https://idp.example/authorize',
    accessTokenURL: 'https://idp.example/token',
    accessTokenFormat: 'json',
    userInfoURL: 'https://idp.example/userinfo',
    redirectURL: 'https://mail.example/user/oauth2/callback',
    userEmailKey: 'email',
    scope: 'email',
    ...overrides,
  });
  const post = (body: unknown, headers: Record<string, string> = adminHeaders) =>
    app.request('POST', '/admin/user_oauth2_settings', { body, headers });

  it('starts empty, needs the admin, and returns what was saved (secret included)', async () => {
    expect((await app.request('GET', '/admin/user_oauth2_settings')).status).toBe(401);
    const empty = await app.request('GET', '/admin/user_oauth2_settings', {
      headers: adminHeaders,
    });
    expect(await empty.json()).toEqual([]);
    expect((await post([entry({ icon: null, logoutURL: null })], {})).status).toBe(401);

    expect(await (await post([entry({ icon: null, logoutURL: null })])).json()).toEqual({
      success: true,
    });
    const saved = await app.request('GET', '/admin/user_oauth2_settings', {
      headers: adminHeaders,
    });
    expect(await saved.json()).toEqual([entry({})]);
  });

  it('refuses an entry missing a required field with the reference text', async () => {
    expect(await text(await post([entry({ clientSecret: '' })]), 400)).toBe(
      'P is missing required fields',
    );
    expect(await text(await post([entry({ name: undefined })]), 400)).toBe(
      'undefined is missing required fields',
    );
    expect(await text(await post([entry({ enableMailAllowList: true })]), 400)).toBe(
      'P is missing mail allow list',
    );
    expect(
      await text(await post([entry({ enableMailAllowList: true, mailAllowList: [] })]), 400),
    ).toBe('P is missing mail allow list');
  });

  it('refuses non-http(s) fetch URLs, a bad regex, wrong types and non-arrays as 400s', async () => {
    for (const body of [
      [entry({ accessTokenURL: 'file:///etc/passwd' })],
      [entry({ userInfoURL: 'data:application/json,{}' })],
      [entry({ enableEmailFormat: true, userEmailFormat: '(' })],
      [entry({ mailAllowList: 'a.example' })],
      { not: 'an array' },
      '{oops',
    ]) {
      const res = await post(body);
      expect(res.status).toBe(400);
    }
    // Nothing of the refused posts was stored.
    const saved = await app.request('GET', '/admin/user_oauth2_settings', {
      headers: adminHeaders,
    });
    expect(await saved.json()).toEqual([entry({})]);
  });
});

describe.each(DIALECTS)('OAuth2 default role misconfigured (%s)', (dialect) => {
  let app: TestApp;
  let mock: Provider;
  beforeAll(async () => {
    mock = await startProvider();
    app = await buildTestApp({
      dialect,
      env: { USER_ROLES: ROLES, USER_DEFAULT_ROLE: 'not-a-role' },
    });
    await app.request('POST', '/admin/user_oauth2_settings', {
      body: [providerEntry(mock, {})],
      headers: adminHeaders,
    });
  });
  afterAll(async () => {
    await app.close();
    await mock.stop();
  });

  it('answers 500 InvalidUserDefaultRoleMsg and creates no user', async () => {
    mock.state.userinfo = { status: 200, body: { email: 'role.less@example.com' } };
    const login = await app.request('GET', '/user_api/oauth2/login_url?clientID=json-client');
    const { url } = (await login.json()) as { url: string };
    const redirect = await fetch(url, { redirect: 'manual' });
    const code = new URL(redirect.headers.get('location')!).searchParams.get('code');
    const res = await app.request('POST', '/user_api/oauth2/callback', {
      body: { clientID: 'json-client', code },
    });
    expect(await text(res, 500)).toBe(
      'Invalid user default role, please contact the administrator',
    );
    expect(await app.store.users.findByEmail('role.less@example.com')).toBeUndefined();
  });
});

describe('OAuth2 outbound limits', () => {
  let app: TestApp;
  let provider: Server;
  let base: string;

  beforeAll(async () => {
    // A provider that hangs on /token-slow and floods on /token-big.
    provider = createServer((req, res) => {
      if (req.url === '/token-slow') return; // never answers
      if (req.url === '/token-chunked') {
        // No Content-Length: only counting the streamed bytes can catch this one.
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"access_token":"x","padding":"');
        for (let i = 0; i < 16; i += 1) res.write('y'.repeat(1024));
        res.end('"}');
        return;
      }
      if (req.url === '/token-big') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ access_token: 'x', padding: 'y'.repeat(64 * 1024) }));
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
    app = await buildTestApp({
      env: { OAUTH2_HTTP_TIMEOUT_SECONDS: '1', OAUTH2_MAX_RESPONSE_BYTES: '4096' },
    });
    const entry = (clientID: string, path: string) => ({
      name: clientID,
      clientID,
      clientSecret: 's',
      authorizationURL: `${base}/authorize`,
      accessTokenURL: `${base}${path}`,
      accessTokenFormat: 'json',
      userInfoURL: `${base}/userinfo`,
      redirectURL: 'http://localhost/cb',
      userEmailKey: 'email',
      scope: 'email',
    });
    await app.request('POST', '/admin/user_oauth2_settings', {
      body: [
        entry('slow', '/token-slow'),
        entry('big', '/token-big'),
        entry('chunked', '/token-chunked'),
      ],
      headers: adminHeaders,
    });
  });
  afterAll(async () => {
    await app.close();
    provider.closeAllConnections();
    await new Promise((resolve) => provider.close(resolve));
  });

  it('gives up on a provider that does not answer within the timeout', async () => {
    const started = Date.now();
    const res = await app.request('POST', '/user_api/oauth2/callback', {
      body: { clientID: 'slow', code: 'c' },
    });
    expect(await text(res, 400)).toBe('Failed to get access token from Oauth2 provider');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses an answer larger than the response limit, declared or streamed', async () => {
    for (const clientID of ['big', 'chunked']) {
      const res = await app.request('POST', '/user_api/oauth2/callback', {
        body: { clientID, code: 'c' },
      });
      expect(await text(res, 400)).toBe('Failed to get access token from Oauth2 provider');
    }
  });
});
