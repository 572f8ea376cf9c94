/**
 * `/admin/user_settings`, `/admin/user_roles` and `/admin/role_address_config` (reference §1.6
 * rows 23–24, 29–32) on every dialect: defaults, round trips, and the 400s for bad input (the
 * settings are left as they were).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.js';
import { DIALECTS } from '../helpers/test-stores.js';
import { capturingSender, newUser, ok, send, setUserSettings } from '../helpers/user-client.js';

const ROLES = [
  { role: 'vip', domains: [' VIP.example.com '], prefix: 'v' },
  { role: 'staff', prefix: null },
];

describe.each(DIALECTS)('admin user settings on %s', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({
      dialect,
      verifyCodeSender: capturingSender(),
      env: { USER_ROLES: JSON.stringify(ROLES) },
    });
  });
  afterAll(() => app.close());

  it('needs admin credentials', async () => {
    for (const path of [
      '/admin/user_settings',
      '/admin/user_roles',
      '/admin/role_address_config',
    ]) {
      const res = await app.request('GET', path);
      expect(res.status).toBe(401);
    }
  });

  it('user_settings: maxAddressCount 5 by default; a POST is read back as sent', async () => {
    expect(await ok(send(app, 'GET', '/admin/user_settings'))).toEqual({ maxAddressCount: 5 });
    const settings = {
      enable: true,
      enableMailVerify: true,
      verifyMailSender: ' Verify@Test.org ',
      enableMailAllowList: true,
      mailAllowList: ['x.org'],
      maxAddressCount: 0,
      enableEmailCheckRegex: true,
      emailCheckRegex: '^[a-z]',
    };
    expect(await ok(send(app, 'POST', '/admin/user_settings', { body: settings }))).toEqual({
      success: true,
    });
    expect(await ok(send(app, 'GET', '/admin/user_settings'))).toEqual({
      ...settings,
      verifyMailSender: 'verify@test.org',
    });
    // Null means unset, as clients of the reference send it.
    await ok(
      send(app, 'POST', '/admin/user_settings', { body: { enable: true, mailAllowList: null } }),
    );
    expect(await ok(send(app, 'GET', '/admin/user_settings'))).toEqual({
      enable: true,
      maxAddressCount: 5,
    });
  });

  it('user_settings: bad input is a 400 and changes nothing', async () => {
    await setUserSettings(app, { maxAddressCount: 3 });
    const post = (body: unknown) => send(app, 'POST', '/admin/user_settings', { body });
    const invalidCount = { status: 400, text: 'Invalid maxAddressCount' };
    expect(await post({ maxAddressCount: -1 })).toEqual(invalidCount);
    expect(await post({ maxAddressCount: 1.5 })).toEqual(invalidCount);
    expect(await post({ maxAddressCount: '7' })).toEqual(invalidCount);
    expect((await post({ enableEmailCheckRegex: true, emailCheckRegex: '(' })).status).toBe(400);
    expect((await post({ enable: 'yes' })).status).toBe(400);
    expect((await post({ mailAllowList: 'x.org' })).status).toBe(400);
    expect((await post('[1,')).status).toBe(400);
    expect(await ok(send(app, 'GET', '/admin/user_settings'))).toEqual({
      enable: true,
      maxAddressCount: 3,
    });
  });

  it('user_settings: an unusable stored field is dropped alone (imported rows)', async () => {
    await app.store.settings.set(
      'user_settings',
      { enable: 'true', maxAddressCount: -2, mailAllowList: ['a.org'], enableMailAllowList: true },
      '2024-01-01 00:00:00',
    );
    expect(await ok(send(app, 'GET', '/admin/user_settings'))).toEqual({
      mailAllowList: ['a.org'],
      enableMailAllowList: true,
      maxAddressCount: 5,
    });
  });

  it('user_roles: lists USER_ROLES with normalized domains', async () => {
    expect(await ok(send(app, 'GET', '/admin/user_roles'))).toEqual([
      { role: 'vip', domains: ['vip.example.com'], prefix: 'v' },
      { role: 'staff', domains: [], prefix: null },
    ]);
  });

  it('user_roles: sets, replaces and removes a user’s role', async () => {
    await setUserSettings(app);
    const user = await newUser(app, 'roled@x.org');
    const setRole = (body: unknown) => send(app, 'POST', '/admin/user_roles', { body });
    const roleOf = () => app.store.users.findRoleName(user.id);
    expect(await ok(setRole({ user_id: user.id, role_text: 'vip' }))).toEqual({ success: true });
    expect(await roleOf()).toBe('vip');
    await ok(setRole({ user_id: String(user.id), role_text: 'staff' }));
    expect(await roleOf()).toBe('staff');
    await ok(setRole({ user_id: user.id, role_text: '' }));
    expect(await roleOf()).toBeUndefined();
    await ok(setRole({ user_id: user.id, role_text: 'vip' }));
    await ok(setRole({ user_id: user.id }));
    expect(await roleOf()).toBeUndefined();

    const invalidUser = { status: 400, text: 'Invalid user_id' };
    expect(await setRole({ role_text: 'vip' })).toEqual(invalidUser);
    expect(await setRole({ user_id: -3, role_text: 'vip' })).toEqual(invalidUser);
    expect(await setRole({ user_id: 999_999, role_text: 'vip' })).toEqual(invalidUser);
    const invalidRole = { status: 400, text: 'Invalid role_text' };
    expect(await setRole({ user_id: user.id, role_text: 'ghost' })).toEqual(invalidRole);
    expect(await setRole({ user_id: user.id, role_text: 7 })).toEqual(invalidRole);
    expect(await roleOf()).toBeUndefined();
  });

  it('role_address_config: empty by default, stored as sent, negatives refused', async () => {
    const get = () => ok(send(app, 'GET', '/admin/role_address_config'));
    const post = (body: unknown) => send(app, 'POST', '/admin/role_address_config', { body });
    expect(await get()).toEqual({ configs: {} });
    const configs = { vip: { maxAddressCount: 10 }, staff: { maxAddressCount: 0 }, other: {} };
    expect(await ok(post({ configs }))).toEqual({ success: true });
    expect(await get()).toEqual({ configs });

    const invalid = { status: 400, text: 'Invalid maxAddressCount' };
    expect(await post({ configs: { vip: { maxAddressCount: -1 } } })).toEqual(invalid);
    expect(await post({ configs: { vip: { maxAddressCount: 'ten' } } })).toEqual(invalid);
    expect(await post({ configs: [] })).toEqual(invalid);
    expect(await post({})).toEqual(invalid);
    expect((await post({ configs: { vip: 5 } })).status).toBe(400);
    expect(await get()).toEqual({ configs });
  });
});
