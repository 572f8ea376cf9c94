/**
 * Registration with mail verification (reference §1.5 rows 2–3, §3.3) on every dialect, with a
 * VerifyCodeSender that captures the codes; and what a server without outgoing mail answers
 * (MailVerifyUnavailableMsg) wherever mail verification would be needed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSqlTimestamp, type Clock } from '../../src/shared/clock.js';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.js';
import { DIALECTS } from '../helpers/test-stores.js';
import { capturingSender, digest, login, ok, send } from '../helpers/user-client.js';

const ROLES = JSON.stringify([{ role: 'member' }]);
const VERIFY = { enable: true, enableMailVerify: true, verifyMailSender: 'verify@example.com' };
const UNAVAILABLE = {
  status: 400,
  text: 'Mail verification needs outgoing mail, which this server cannot send yet',
};

function shiftingClock(): Clock & { shift(ms: number): void } {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), shift: (ms) => (offset += ms) };
}

describe.each(DIALECTS)('mail verification on %s', (dialect) => {
  let app: TestApp;
  const sender = capturingSender();
  const clock = shiftingClock();

  const requestCode = (email: string) =>
    send(app, 'POST', '/user_api/verify_code', { body: { email } });
  const registerWith = (email: string, password: string, code?: unknown) =>
    send(app, 'POST', '/user_api/register', {
      body: { email, password: digest(password), ...(code === undefined ? {} : { code }) },
    });
  /** Asks for a code and returns it as the sender saw it. */
  async function codeFor(email: string): Promise<string> {
    expect(await ok(requestCode(email))).toEqual({ success: true, expirationTtl: 300 });
    return sender.sent.at(-1)?.code ?? '';
  }

  beforeAll(async () => {
    app = await buildTestApp({
      dialect,
      clock,
      verifyCodeSender: sender,
      env: { USER_ROLES: ROLES, USER_DEFAULT_ROLE: 'member' },
    });
  });
  afterAll(() => app.close());

  it('the admin must name a sender on one of our domains', async () => {
    const post = (body: object) => send(app, 'POST', '/admin/user_settings', { body });
    expect(await post({ enableMailVerify: true })).toEqual({
      status: 400,
      text: 'Verify mail sender address is not set, please contact the administrator',
    });
    expect(await post({ enableMailVerify: true, verifyMailSender: 'me@elsewhere.net' })).toEqual({
      status: 400,
      text: 'VerifyMailSender domain must be in ["example.com","test.org"]',
    });
    await ok(post(VERIFY));
    expect(await ok(send(app, 'GET', '/user_api/open_settings'))).toMatchObject({
      enable: true,
      enableMailVerify: true,
    });
  });

  it('sends a six-digit code from the configured sender, once per five minutes', async () => {
    const code = await codeFor('  New@X.org ');
    expect(sender.sent.at(-1)).toEqual({ from: 'verify@example.com', to: 'new@x.org', code });
    expect(code).toMatch(/^[1-9]\d{5}$/);
    expect(await requestCode('new@x.org')).toEqual({
      status: 400,
      text: 'Code already sent, please wait',
    });
    clock.shift(301_000);
    try {
      expect(await codeFor('new@x.org')).toMatch(/^\d{6}$/);
    } finally {
      clock.shift(-301_000);
    }
  });

  it('registers only with the right code, gives the default role and spends the code', async () => {
    const code = await codeFor('carol@x.org');
    const invalid = { status: 400, text: 'Invalid verify code' };
    expect(await registerWith('carol@x.org', 'pw')).toEqual(invalid);
    const wrong = code === '123456' ? '654321' : '123456';
    expect(await registerWith('carol@x.org', 'pw', wrong)).toEqual(invalid);
    // Another e-mail's code does not open this one.
    const other = await codeFor('dave@x.org');
    if (other !== code) expect(await registerWith('carol@x.org', 'pw', other)).toEqual(invalid);
    await ok(registerWith('Carol@x.org', 'pw', code));
    const row = await app.store.users.findByEmail('carol@x.org');
    expect(await app.store.users.findRoleName(row?.id ?? 0)).toBe('member');
    expect(await login(app, 'carol@x.org', 'pw')).toMatch(/^ey/);
    expect(await registerWith('carol@x.org', 'pw2', code)).toEqual(invalid);
  });

  it('a verified registration of an existing e-mail sets a new password (forgot password)', async () => {
    await ok(registerWith('erin@x.org', 'old', await codeFor('erin@x.org')));
    const first = await app.store.users.findByEmail('erin@x.org');
    await ok(registerWith('erin@x.org', 'new', Number(await codeFor('erin@x.org'))));
    expect((await app.store.users.findByEmail('erin@x.org'))?.id).toBe(first?.id);
    expect(await login(app, 'erin@x.org', 'new')).toMatch(/^ey/);
    const old = await send(app, 'POST', '/user_api/login', {
      body: { email: 'erin@x.org', password: digest('old') },
    });
    expect(old.status).toBe(400);
  });

  it('an expired code no longer registers', async () => {
    const code = await codeFor('late@x.org');
    clock.shift(301_000);
    try {
      expect(await registerWith('late@x.org', 'pw', code)).toEqual({
        status: 400,
        text: 'Invalid verify code',
      });
    } finally {
      clock.shift(-301_000);
    }
  });

  it('five wrong codes spend the code; a new code starts a new count', async () => {
    const code = await codeFor('guess@x.org');
    const wrong = code === '111111' ? '222222' : '111111';
    for (let i = 0; i < 5; i++) {
      expect((await registerWith('guess@x.org', 'pw', wrong)).status).toBe(400);
    }
    expect(await registerWith('guess@x.org', 'pw', code)).toEqual({
      status: 429,
      text: 'Too many failed attempts, please try again later',
    });
    expect(await app.store.users.findByEmail('guess@x.org')).toBeUndefined();
    const next = await codeFor('guess@x.org');
    await ok(registerWith('guess@x.org', 'pw', next));
  });

  it('a failed send leaves no code behind, so the user can ask again at once', async () => {
    sender.fail = true;
    const failed = await requestCode('retry@x.org');
    expect(failed.status).toBe(500);
    expect(await codeFor('retry@x.org')).toMatch(/^\d{6}$/);
  });

  it('checks the allow-list before sending', async () => {
    await ok(
      send(app, 'POST', '/admin/user_settings', {
        body: { ...VERIFY, enableMailAllowList: true, mailAllowList: ['x.org'] },
      }),
    );
    const count = sender.sent.length;
    expect(await requestCode('someone@y.org')).toEqual({
      status: 400,
      text: 'User mail domain must be in this list ["x.org"]',
    });
    expect(sender.sent.length).toBe(count);
    await ok(send(app, 'POST', '/admin/user_settings', { body: VERIFY }));
  });
});

describe.each(DIALECTS)('without outgoing mail on %s', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({ dialect });
  });
  afterAll(() => app.close());

  it('refuses to switch mail verification on, with its own code', async () => {
    const reply = await app.request('POST', '/admin/user_settings', {
      body: VERIFY,
      headers: { 'x-admin-auth': 'admin-pass', accept: 'application/problem+json' },
    });
    expect(reply.status).toBe(400);
    expect(await reply.json()).toMatchObject({ code: 'mail_verify_unavailable' });
    expect(await ok(send(app, 'GET', '/admin/user_settings'))).toEqual({ maxAddressCount: 5 });
  });

  it('answers verify_code, and register under a stored verify setting, with the reason', async () => {
    expect(
      await send(app, 'POST', '/user_api/verify_code', { body: { email: 'a@x.org' } }),
    ).toEqual(UNAVAILABLE);
    // A setting stored before (an imported database): registration says why it cannot work.
    await app.store.settings.set('user_settings', VERIFY, formatSqlTimestamp(new Date()));
    const reply = await send(app, 'POST', '/user_api/register', {
      body: { email: 'a@x.org', password: digest('pw'), code: '123456' },
    });
    expect(reply).toEqual(UNAVAILABLE);
  });
});

describe('an unknown USER_DEFAULT_ROLE', () => {
  it('fails verified registration with a 500 before any user is written', async () => {
    const app = await buildTestApp({
      verifyCodeSender: capturingSender(),
      env: { USER_ROLES: ROLES, USER_DEFAULT_ROLE: 'ghost' },
    });
    try {
      await ok(send(app, 'POST', '/admin/user_settings', { body: VERIFY }));
      await ok(send(app, 'POST', '/user_api/verify_code', { body: { email: 'f@x.org' } }));
      const code = (await app.store.kv.get('temp-mail:f@x.org', Date.now())) ?? '';
      const reply = await send(app, 'POST', '/user_api/register', {
        body: { email: 'f@x.org', password: digest('pw'), code },
      });
      expect(reply).toEqual({
        status: 500,
        text: 'Invalid user default role, please contact the administrator',
      });
      expect(await app.store.users.findByEmail('f@x.org')).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});
