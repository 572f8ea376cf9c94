/**
 * Passkeys of user accounts (reference §1.5 rows 15-21), through the HTTP API with a software
 * authenticator that produces real attestations and assertions: registration, listing,
 * renaming, deleting, sign-in, and the rules added beyond the reference (single-use
 * challenges, pinned origins and RP IDs, a per-user limit, ownership, 400 for bad responses).
 */
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenSigner } from '../../src/auth/token-signer.js';
import { loadConfig } from '../../src/config/load-config.js';
import { issueUserToken } from '../../src/auth/user-token.js';
import { formatSqlTimestamp } from '../../src/shared/clock.js';
import { buildTestApp, TEST_JWT_SECRET, type TestApp } from '../helpers/build-test-app.js';
import { openRawSql } from '../helpers/raw-sql.js';
import { SoftAuthenticator } from '../helpers/soft-authenticator.js';
import { DIALECTS } from '../helpers/test-stores.js';

const RP_ID = 'localhost';
const ORIGIN = 'http://localhost:5173';
const signer = createTokenSigner(TEST_JWT_SECRET);

interface TestUser {
  id: number;
  email: string;
  headers: Record<string, string>;
}

/** A clock the tests can move; it starts at the real time (user JWTs are checked against it). */
function movableClock() {
  const clock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };
  return clock;
}

async function createUser(app: TestApp, email: string): Promise<TestUser> {
  const now = new Date();
  const user = await app.store.users.insert(
    { email, passwordHash: '', userInfo: null },
    formatSqlTimestamp(now),
  );
  const jwt = await issueUserToken(signer, { userId: user.id, userEmail: email }, now);
  return { id: user.id, email, headers: { 'x-user-token': jwt } };
}

async function expectText(res: Response, status: number, text: string): Promise<void> {
  expect({ status: res.status, text: await res.text() }).toEqual({ status, text });
}

async function json<T>(res: Response): Promise<T> {
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as T;
}

function registrationOptions(app: TestApp, user: TestUser, domain = RP_ID) {
  return app
    .request('POST', '/user_api/passkey/register_request', {
      body: { domain },
      headers: user.headers,
    })
    .then((res) => json<PublicKeyCredentialCreationOptionsJSON>(res));
}

/** One whole registration ceremony; the response of register_response. */
async function register(
  app: TestApp,
  user: TestUser,
  authenticator: SoftAuthenticator,
  opts: { name?: string; domain?: string; origin?: string } = {},
): Promise<Response> {
  const options = await registrationOptions(app, user, opts.domain);
  const origin = opts.origin ?? ORIGIN;
  const credential = authenticator.createCredential(options, { origin });
  return app.request('POST', '/user_api/passkey/register_response', {
    body: { credential, origin, passkey_name: opts.name ?? 'my key' },
    headers: user.headers,
  });
}

function authenticationOptions(app: TestApp, domain = RP_ID) {
  return app
    .request('POST', '/user_api/passkey/authenticate_request', { body: { domain } })
    .then((res) => json<PublicKeyCredentialRequestOptionsJSON>(res));
}

function authenticate(app: TestApp, body: unknown): Promise<Response> {
  return app.request('POST', '/user_api/passkey/authenticate_response', { body });
}

/** A fresh assertion for a fresh challenge, as the sign-in page would send it. */
async function signInBody(app: TestApp, authenticator: SoftAuthenticator) {
  const options = await authenticationOptions(app);
  const credential = authenticator.getAssertion(options, { origin: ORIGIN });
  return { domain: RP_ID, origin: ORIGIN, credential };
}

const listPasskeys = (app: TestApp, user: TestUser) =>
  app
    .request('GET', '/user_api/passkey', { headers: user.headers })
    .then((res) =>
      json<{ passkey_name: string; passkey_id: string; created_at: string; updated_at: string }[]>(
        res,
      ),
    );

const challengeClaims = (challenge: string) =>
  JSON.parse(
    Buffer.from(
      Buffer.from(challenge, 'base64url').toString('utf8').split('.')[1] ?? '',
      'base64url',
    ).toString('utf8'),
  ) as Record<string, unknown>;

describe.each(DIALECTS)('passkeys (%s)', (dialect) => {
  let app: TestApp;
  const clock = movableClock();
  let alice: TestUser;
  let bob: TestUser;
  const aliceKey = new SoftAuthenticator();

  beforeAll(async () => {
    app = await buildTestApp({ dialect, clock, env: { TITLE: 'My Mail' } });
    alice = await createUser(app, 'alice@example.com');
    bob = await createUser(app, 'bob@example.com');
  });
  afterAll(() => app.close());

  it('offers creation options in the reference shape, with a challenge JWT for the caller', async () => {
    const options = await registrationOptions(app, alice);
    expect(options.rp).toEqual({ name: 'My Mail', id: RP_ID });
    expect(options.user).toEqual({
      id: Buffer.from(String(alice.id)).toString('base64url'),
      name: alice.email,
      displayName: alice.email,
    });
    expect(options.attestation).toBe('none');
    expect(options.excludeCredentials).toEqual([]);
    expect(challengeClaims(options.challenge)).toEqual({
      user_email: alice.email,
      user_id: alice.id,
      iat: expect.any(Number),
      jti: expect.any(String),
    });
    // Single-use challenges must differ even within one second (the random jti).
    expect((await registrationOptions(app, alice)).challenge).not.toBe(options.challenge);
    const [a, b] = await Promise.all([authenticationOptions(app), authenticationOptions(app)]);
    expect(a.challenge).not.toBe(b.challenge);
    expect(challengeClaims(a.challenge)).toEqual({
      domain: RP_ID,
      iat: expect.any(Number),
      jti: expect.any(String),
    });
    expect(a).toMatchObject({ rpId: RP_ID, allowCredentials: [] });
  });

  it('registers, lists, renames and signs in with a passkey; the JWT is a user token', async () => {
    await expectJson(await register(app, alice, aliceKey, { name: 'laptop' }), { success: true });
    const [listed, ...rest] = await listPasskeys(app, alice);
    expect(rest).toEqual([]);
    expect(listed).toEqual({
      passkey_name: 'laptop',
      passkey_id: aliceKey.id,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
      updated_at: expect.any(String),
    });
    // The stored credential keeps the reference's JSON shape.
    const row = await app.store.passkeys.findByCredentialId(aliceKey.id);
    expect(JSON.parse(row?.passkey ?? '{}')).toEqual({
      id: aliceKey.id,
      publicKey: Buffer.from(aliceKey.cosePublicKey()).toString('base64url'),
      counter: 1,
      deviceType: 'singleDevice',
      backedUp: false,
      transports: ['internal'],
    });

    const renamed = await app.request('POST', '/user_api/passkey/rename', {
      body: { passkey_id: aliceKey.id, passkey_name: 'work laptop' },
      headers: alice.headers,
    });
    await expectJson(renamed, { success: true });
    expect((await listPasskeys(app, alice))[0]?.passkey_name).toBe('work laptop');

    const { jwt } = await json<{ jwt: string }>(
      await authenticate(app, await signInBody(app, aliceKey)),
    );
    const settings = await app.request('GET', '/user_api/settings', {
      headers: { 'x-user-token': jwt },
    });
    expect(await json<{ user_id: number; user_email: string }>(settings)).toMatchObject({
      user_id: alice.id,
      user_email: alice.email,
    });
    expect((await app.store.passkeys.findByCredentialId(aliceKey.id))?.counter).toBe(2);
  });

  it('excludes registered credentials, and refuses a credential id registered before', async () => {
    const options = await registrationOptions(app, alice);
    expect(options.excludeCredentials).toEqual([
      { id: aliceKey.id, type: 'public-key', transports: ['internal'] },
    ]);
    // Bob's options do not exclude it, so the authenticator answers; the server refuses.
    await expectText(await register(app, bob, aliceKey), 400, 'Registration failed');
    expect(await listPasskeys(app, bob)).toEqual([]);
  });

  it('refuses a replayed assertion, also from an authenticator without a counter', async () => {
    const body = await signInBody(app, aliceKey);
    expect((await authenticate(app, body)).status).toBe(200);
    await expectText(await authenticate(app, body), 400, 'Authentication failed');

    // Synced passkeys always report 0, so only the single-use challenge stops the replay.
    const erin = await createUser(app, 'erin@example.com');
    const synced = new SoftAuthenticator();
    synced.countsSignatures = false;
    await expectJson(await register(app, erin, synced), { success: true });
    const first = await signInBody(app, synced);
    expect((await authenticate(app, first)).status).toBe(200);
    await expectText(await authenticate(app, first), 400, 'Authentication failed');
    // A new challenge still works: counter 0 is accepted while it stays 0.
    expect((await authenticate(app, await signInBody(app, synced))).status).toBe(200);
  });

  it('refuses a replayed registration', async () => {
    const key = new SoftAuthenticator();
    const options = await registrationOptions(app, bob);
    const credential = key.createCredential(options, { origin: ORIGIN });
    const request = { credential, origin: ORIGIN, passkey_name: 'phone' };
    const send = () =>
      app.request('POST', '/user_api/passkey/register_response', {
        body: request,
        headers: bob.headers,
      });
    await expectJson(await send(), { success: true });
    await app.request('DELETE', `/user_api/passkey/${key.id}`, { headers: bob.headers });
    await expectText(await send(), 400, 'Registration failed');
  });

  it('refuses a tampered signature without using up the challenge', async () => {
    const body = await signInBody(app, aliceKey);
    const signature = Buffer.from(body.credential.response.signature, 'base64url');
    signature[signature.length - 1] = (signature.at(-1) ?? 0) ^ 0xff;
    const tampered = {
      ...body,
      credential: {
        ...body.credential,
        response: { ...body.credential.response, signature: signature.toString('base64url') },
      },
    };
    await expectText(await authenticate(app, tampered), 400, 'Authentication failed');
    expect((await authenticate(app, body)).status).toBe(200);
  });

  it('refuses a signature counter that does not move forward', async () => {
    const stored = (await app.store.passkeys.findByCredentialId(aliceKey.id))?.counter ?? 0;
    expect(stored).toBeGreaterThan(1);
    aliceKey.counter = stored - 2; // the next assertion reports stored - 1
    await expectText(
      await authenticate(app, await signInBody(app, aliceKey)),
      400,
      'Authentication failed',
    );
    aliceKey.counter = stored;
    expect((await authenticate(app, await signInBody(app, aliceKey))).status).toBe(200);
  });

  it('refuses an expired authentication challenge (older than 300 s)', async () => {
    clock.offsetMs = -301_000;
    const options = await authenticationOptions(app);
    clock.offsetMs = 0;
    const credential = aliceKey.getAssertion(options, { origin: ORIGIN });
    await expectText(
      await authenticate(app, { domain: RP_ID, origin: ORIGIN, credential }),
      400,
      'Authentication failed',
    );
  });

  it('refuses an expired registration challenge and one issued to another user', async () => {
    const options = await registrationOptions(app, bob);
    const old = await signer.sign({
      user_email: bob.email,
      user_id: bob.id,
      iat: Math.floor(Date.now() / 1000) - 301,
    });
    const stale = { ...options, challenge: Buffer.from(old).toString('base64url') };
    const key = new SoftAuthenticator();
    const send = (credential: unknown, user: TestUser) =>
      app.request('POST', '/user_api/passkey/register_response', {
        body: { credential, origin: ORIGIN, passkey_name: 'x' },
        headers: user.headers,
      });
    await expectText(
      await send(key.createCredential(stale, { origin: ORIGIN }), bob),
      400,
      'Registration failed',
    );
    // Bob's fresh challenge, answered with Alice's token.
    await expectText(
      await send(key.createCredential(options, { origin: ORIGIN }), alice),
      400,
      'Registration failed',
    );
  });

  it('lets nobody rename or delete another user’s passkey', async () => {
    const rename = await app.request('POST', '/user_api/passkey/rename', {
      body: { passkey_id: aliceKey.id, passkey_name: 'mine now' },
      headers: bob.headers,
    });
    await expectText(rename, 404, 'Passkey not found');
    const del = await app.request('DELETE', `/user_api/passkey/${aliceKey.id}`, {
      headers: bob.headers,
    });
    await expectText(del, 404, 'Passkey not found');
    expect((await listPasskeys(app, alice)).map((p) => p.passkey_name)).toEqual(['work laptop']);
  });

  it('checks passkey names (1-255 characters)', async () => {
    for (const name of ['', 'x'.repeat(256), 42, 'nul\u0000']) {
      const res = await app.request('POST', '/user_api/passkey/rename', {
        body: { passkey_id: aliceKey.id, passkey_name: name },
        headers: alice.headers,
      });
      await expectText(res, 400, 'Invalid passkey name');
    }
    const key = new SoftAuthenticator();
    await expectText(
      await register(app, bob, key, { name: 'y'.repeat(256) }),
      400,
      'Invalid passkey name',
    );
    await expectJson(await register(app, bob, key, { name: 'z'.repeat(255) }), { success: true });
  });

  it('answers bad sign-in requests with 400/404, never 500', async () => {
    await expectText(
      await authenticate(app, { domain: RP_ID, origin: ORIGIN }),
      400,
      'Invalid input',
    );
    await expectText(
      await authenticate(app, { domain: RP_ID, origin: ORIGIN, credential: { id: 'AAAA' } }),
      404,
      'Passkey not found',
    );
    const garbage = { id: aliceKey.id, response: { clientDataJSON: 'not json' } };
    await expectText(
      await authenticate(app, { domain: RP_ID, origin: ORIGIN, credential: garbage }),
      400,
      'Authentication failed',
    );
    await expectText(
      await app.request('POST', '/user_api/passkey/register_response', {
        body: { credential: { id: 'x' }, origin: ORIGIN, passkey_name: 'k' },
        headers: alice.headers,
      }),
      400,
      'Registration failed',
    );
    const noToken = await app.request('POST', '/user_api/passkey/register_request', {
      body: { domain: RP_ID },
    });
    expect(noToken.status).toBe(401);
  });

  it('answers 404 UserNotFoundMsg when the passkey outlived its user', async () => {
    const carol = await createUser(app, 'carol@example.com');
    const key = new SoftAuthenticator();
    await expectJson(await register(app, carol, key), { success: true });
    const raw = await openRawSql(dialect, app.databaseUrl);
    try {
      await raw.run('DELETE FROM users WHERE id = ?', [carol.id]);
    } finally {
      await raw.close();
    }
    const res = await authenticate(app, await signInBody(app, key));
    await expectText(res, 404, 'User not found');
  });

  it('deletes a passkey; it cannot sign in afterwards', async () => {
    const key = new SoftAuthenticator();
    await expectJson(await register(app, alice, key, { name: 'spare' }), { success: true });
    const del = await app.request('DELETE', `/user_api/passkey/${key.id}`, {
      headers: alice.headers,
    });
    await expectJson(del, { success: true });
    await expectText(await authenticate(app, await signInBody(app, key)), 404, 'Passkey not found');
  });
});

describe('PASSKEY_ALLOWED_ORIGINS', () => {
  it('must list exact origins', () => {
    for (const bad of ['["https://mail.example.com/"]', '["mail.example.com"]', '"https://a.b"']) {
      expect(() => loadConfig({ env: { PASSKEY_ALLOWED_ORIGINS: bad } }), bad).toThrow(
        /PASSKEY_ALLOWED_ORIGINS/,
      );
    }
    const { config } = loadConfig({
      env: { PASSKEY_ALLOWED_ORIGINS: '["https://mail.example.com","http://localhost:5173"]' },
    });
    expect(config.PASSKEY_ALLOWED_ORIGINS).toEqual([
      'https://mail.example.com',
      'http://localhost:5173',
    ]);
  });
});

describe.each(DIALECTS)('passkey limits and pinned origins (%s)', (dialect) => {
  let app: TestApp;
  let user: TestUser;
  const allowed = 'https://mail.example.com';

  beforeAll(async () => {
    app = await buildTestApp({
      dialect,
      env: { PASSKEY_ALLOWED_ORIGINS: JSON.stringify([allowed]), PASSKEY_MAX_PER_USER: '2' },
    });
    user = await createUser(app, 'dave@example.com');
  });
  afterAll(() => app.close());

  it('refuses RP IDs that are not an allowed origin’s host or a parent of it', async () => {
    for (const domain of ['evil.com', 'mail.example.com.evil.com', 'com']) {
      const reg = await app.request('POST', '/user_api/passkey/register_request', {
        body: { domain },
        headers: user.headers,
      });
      expect(reg.status, domain).toBe(400);
      const auth = await app.request('POST', '/user_api/passkey/authenticate_request', {
        body: { domain },
      });
      expect(auth.status, domain).toBe(400);
    }
  });

  it('refuses other origins at registration, also when the client claims an allowed one', async () => {
    const key = new SoftAuthenticator();
    const evil = 'https://evil.example';
    await expectText(
      await register(app, user, key, { domain: 'mail.example.com', origin: evil }),
      400,
      'Registration failed',
    );
    // The page was evil; the body lies about it.
    const options = await registrationOptions(app, user, 'mail.example.com');
    const credential = key.createCredential(options, { origin: evil });
    const lied = await app.request('POST', '/user_api/passkey/register_response', {
      body: { credential, origin: allowed, passkey_name: 'k' },
      headers: user.headers,
    });
    await expectText(lied, 400, 'Registration failed');
    // A credential made for another RP ID than the allowed ones.
    const wrongRp = key.createCredential(options, { origin: allowed, rpId: 'evil.com' });
    const res = await app.request('POST', '/user_api/passkey/register_response', {
      body: { credential: wrongRp, origin: allowed, passkey_name: 'k' },
      headers: user.headers,
    });
    await expectText(res, 400, 'Registration failed');
  });

  it('signs in from the allowed origin only, for the RP ID of the challenge', async () => {
    const key = new SoftAuthenticator();
    const ok = await register(app, user, key, { domain: 'example.com', origin: allowed });
    await expectJson(ok, { success: true });
    const signIn = async (over: { origin?: string; bodyOrigin?: string; rpId?: string }) => {
      const options = await authenticationOptions(app, 'example.com');
      const credential = key.getAssertion(options, {
        origin: over.origin ?? allowed,
        ...(over.rpId ? { rpId: over.rpId } : {}),
      });
      return authenticate(app, {
        domain: 'example.com',
        origin: over.bodyOrigin ?? over.origin ?? allowed,
        credential,
      });
    };
    await expectText(
      await signIn({ origin: 'https://evil.example' }),
      400,
      'Authentication failed',
    );
    await expectText(
      await signIn({ origin: 'https://evil.example', bodyOrigin: allowed }),
      400,
      'Authentication failed',
    );
    await expectText(await signIn({ rpId: 'evil.com' }), 400, 'Authentication failed');
    // A challenge issued for one RP ID does not answer for another.
    const options = await authenticationOptions(app, 'mail.example.com');
    const credential = key.getAssertion(options, { origin: allowed, rpId: 'example.com' });
    const crossed = await authenticate(app, { domain: 'example.com', origin: allowed, credential });
    await expectText(crossed, 400, 'Authentication failed');
    expect((await signIn({})).status).toBe(200);
  });

  it('holds at most PASSKEY_MAX_PER_USER passkeys per user', async () => {
    const key = new SoftAuthenticator();
    await expectJson(
      await register(app, user, key, { domain: 'mail.example.com', origin: allowed }),
      {
        success: true,
      },
    );
    const res = await app.request('POST', '/user_api/passkey/register_request', {
      body: { domain: 'mail.example.com' },
      headers: user.headers,
    });
    await expectText(res, 400, 'Passkey limit reached (max 2)');
  });
});

async function expectJson(res: Response, body: unknown): Promise<void> {
  expect({ status: res.status, body: await res.json() }).toEqual({ status: 200, body });
}
