/**
 * ADMIN_USER_ROLE access tokens on /admin, on every dialect: a token opens /admin only while its
 * user still exists and holds the role (removing the role or the user closes /admin at once,
 * not when the 1-hour token expires), and the expiry of role tokens and address credentials
 * follows the app clock, as everything else does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/shared/clock.js';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.js';
import { DIALECTS } from '../helpers/test-stores.js';
import { newUser, ok, send, setUserSettings, userHeaders } from '../helpers/user-client.js';

const NOT_ADMIN_ROLE = 'Your user role is not admin, no access to visit this page';
const ACCESS_EXPIRED = 'Your access token has expired, please refresh the page';
const CREDENTIAL_401 = 'Invalid address credential';
const HOUR = 3_600_000;

/** Real time plus an offset the test moves (user tokens are still read against real time). */
function shiftingClock(): Clock & { shift(ms: number): void } {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), shift: (ms) => (offset += ms) };
}

describe.each(DIALECTS)('ADMIN_USER_ROLE access tokens on %s', (dialect) => {
  let app: TestApp;
  const clock = shiftingClock();

  beforeAll(async () => {
    app = await buildTestApp({
      dialect,
      clock,
      env: {
        USER_ROLES: JSON.stringify([{ role: 'boss' }, { role: 'vip' }]),
        ADMIN_USER_ROLE: 'boss',
        ADDRESS_JWT_TTL_SECONDS: '120',
      },
    });
    await setUserSettings(app);
  });
  afterAll(() => app.close());

  const setRole = (userId: number, role: string) =>
    ok(send(app, 'POST', '/admin/user_roles', { body: { user_id: userId, role_text: role } }));

  /** A user holding the admin role, and the access token /user_api/settings hands out. */
  async function bossWithToken(email: string) {
    const user = await newUser(app, email);
    await setRole(user.id, 'boss');
    const settings = await ok<{ access_token: string }>(
      send(app, 'GET', '/user_api/settings', { headers: userHeaders(user.jwt) }),
    );
    return { id: user.id, token: { 'x-user-access-token': settings.access_token } };
  }

  /** /admin with the role token alone (no admin password). */
  const adminPage = async (headers: Record<string, string>) => {
    const res = await app.request('GET', '/admin/user_settings', { headers });
    return { status: res.status, text: await res.text() };
  };

  it('stops opening /admin as soon as the role is removed, and again once it is back', async () => {
    const boss = await bossWithToken('demoted@x.org');
    expect((await adminPage(boss.token)).status).toBe(200);

    await setRole(boss.id, '');
    expect(await adminPage(boss.token)).toEqual({ status: 401, text: NOT_ADMIN_ROLE });

    await setRole(boss.id, 'vip');
    expect(await adminPage(boss.token)).toEqual({ status: 401, text: NOT_ADMIN_ROLE });

    await setRole(boss.id, 'boss');
    expect((await adminPage(boss.token)).status).toBe(200);
  });

  it('stops opening /admin as soon as the user is deleted', async () => {
    const boss = await bossWithToken('deleted@x.org');
    expect((await adminPage(boss.token)).status).toBe(200);
    await ok(send(app, 'DELETE', `/admin/users/${boss.id}`));
    expect(await adminPage(boss.token)).toEqual({ status: 401, text: NOT_ADMIN_ROLE });
  });

  it('leaves another admin-role user untouched', async () => {
    const kept = await bossWithToken('kept@x.org');
    const gone = await bossWithToken('gone@x.org');
    await ok(send(app, 'DELETE', `/admin/users/${gone.id}`));
    expect((await adminPage(kept.token)).status).toBe(200);
  });

  it('expires role tokens by the app clock', async () => {
    const boss = await bossWithToken('clocked@x.org');
    try {
      clock.shift(HOUR - 60_000);
      expect((await adminPage(boss.token)).status).toBe(200);
      // Real time has not moved: only the app clock says the hour is over.
      clock.shift(2 * 60_000);
      expect(await adminPage(boss.token)).toEqual({ status: 401, text: ACCESS_EXPIRED });
    } finally {
      clock.shift(-(HOUR + 60_000));
    }
    expect((await adminPage(boss.token)).status).toBe(200);
  });

  it('issues and expires address credentials by the app clock', async () => {
    const created = await ok<{ jwt: string }>(
      send(app, 'POST', '/api/new_address', { body: { name: 'clocked', domain: 'example.com' } }),
    );
    const read = () =>
      send(app, 'GET', '/api/settings', { headers: { authorization: `Bearer ${created.jwt}` } });
    expect((await read()).status).toBe(200);
    try {
      clock.shift(121_000);
      expect(await read()).toEqual({ status: 401, text: CREDENTIAL_401 });
    } finally {
      clock.shift(-121_000);
    }
    expect((await read()).status).toBe(200);

    // Issued a day behind real time, by the app clock: expired by real time, live by the clock.
    clock.shift(-24 * HOUR);
    try {
      const early = await ok<{ jwt: string }>(
        send(app, 'POST', '/api/new_address', { body: { name: 'early', domain: 'example.com' } }),
      );
      const res = await send(app, 'GET', '/api/settings', {
        headers: { authorization: `Bearer ${early.jwt}` },
      });
      expect(res.status).toBe(200);
    } finally {
      clock.shift(24 * HOUR);
    }
  });
});
