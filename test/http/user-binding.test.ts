/**
 * A user's addresses through the HTTP API (reference §1.5 rows 6–12, §2.6, §3.4) on every
 * dialect: binding with the address token, the per-user and per-role maximum, address tokens
 * for bound addresses, unbinding, transfer, and the mail of bound addresses. Every test has two
 * users: neither may see or touch the other's bindings or mails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenSigner } from '../../src/auth/token-signer.js';
import { formatSqlTimestamp } from '../../src/shared/clock.js';
import { buildTestApp, TEST_JWT_SECRET, type TestApp } from '../helpers/build-test-app.js';
import {
  bearer,
  createAddress,
  deliver,
  simpleMail,
  type Created,
} from '../helpers/mailbox-client.js';
import { DIALECTS } from '../helpers/test-stores.js';
import { newUser, ok, send, setUserSettings } from '../helpers/user-client.js';

type User = Awaited<ReturnType<typeof newUser>>;
interface Listed {
  id: number;
  name: string;
  mail_count: number;
  send_count: number;
  [key: string]: unknown;
}
interface MailPage {
  results: { id: number; address: string; raw: string }[];
  count: number;
}

const ROLES = JSON.stringify([{ role: 'vip' }]);
const NOT_BOUND = { status: 400, text: 'Address is not binded' };
const MAX_REACHED = { status: 400, text: 'Max address count reached' };

describe.each(DIALECTS)('user addresses on %s', (dialect) => {
  let app: TestApp;
  let n = 0;
  /** A new user with a unique e-mail. */
  const user = (name: string) => newUser(app, `${name}${++n}@x.org`);
  /** A new address with a unique name. */
  const address = (name: string) => createAddress(app, `${name}${++n}`);

  const bind = (u: User, a: Created, extra: Record<string, string> = {}) =>
    send(app, 'POST', '/user_api/bind_address', {
      headers: { ...u.headers, ...bearer(a.jwt), ...extra },
    });
  const list = (u: User) =>
    ok<{ results: Listed[]; count: number }>(
      send(app, 'GET', '/user_api/bind_address', { headers: u.headers }),
    );
  const names = async (u: User) => (await list(u)).results.map((r) => r.name);

  beforeAll(async () => {
    app = await buildTestApp({ dialect, env: { USER_ROLES: ROLES } });
    await setUserSettings(app);
  });
  afterAll(() => app.close());

  it('binds with the address token; the list shows only the caller’s addresses', async () => {
    const [alice, bob] = [await user('alice'), await user('bob')];
    const box = await address('alicebox');
    await deliver(app, box.address, simpleMail('one'));
    await deliver(app, box.address, simpleMail('two'));
    expect(await ok(bind(alice, box))).toEqual({ success: true });
    expect(await ok(bind(alice, box))).toEqual({ success: true });

    const page = await list(alice);
    expect(page.count).toBe(1);
    expect(page.results).toEqual([
      expect.objectContaining({ id: box.address_id, name: box.address, mail_count: 2 }),
    ]);
    expect(page.results[0]).not.toHaveProperty('password');
    expect(await list(bob)).toEqual({ results: [], count: 0 });
    expect(await bind(bob, box)).toEqual({
      status: 400,
      text: 'Address is already binded, please unbind first',
    });
    expect(await names(alice)).toEqual([box.address]);
    expect(
      await send(app, 'GET', '/user_api/bind_address?limit=', { headers: alice.headers }),
    ).toEqual({ status: 400, text: 'Invalid limit' });
    const second = await ok<{ results: Listed[]; count: number }>(
      send(app, 'GET', '/user_api/bind_address?limit=1&offset=1', { headers: alice.headers }),
    );
    expect(second).toEqual({ results: [], count: 0 });
  });

  it('refuses a missing or bad address token with 400s, a missing user token with 401', async () => {
    const carol = await user('carol');
    const none = { status: 400, text: 'No address or user token' };
    const invalid = { status: 400, text: 'Invalid address or user token' };
    const post = (headers: Record<string, string>) =>
      send(app, 'POST', '/user_api/bind_address', { headers });
    expect(await post(carol.headers)).toEqual(none);
    expect(await post({ ...carol.headers, authorization: 'Basic abc' })).toEqual(none);
    expect(await post({ ...carol.headers, authorization: 'Bearer not.a.jwt' })).toEqual(invalid);
    expect(await post({ ...carol.headers, ...bearer(carol.jwt) })).toEqual(invalid);
    const doomed = await address('doomed');
    await ok(send(app, 'DELETE', `/admin/delete_address/${doomed.address_id}`));
    expect(await bind(carol, doomed)).toEqual(invalid);
    const box = await address('carolbox');
    expect((await post(bearer(box.jwt))).status).toBe(401);
    expect(await names(carol)).toEqual([]);
  });

  it('limits bindings by user_settings, or by the role of the caller’s own role token', async () => {
    await setUserSettings(app, { maxAddressCount: 2 });
    const [dora, eve] = [await user('dora'), await user('eve')];
    for (const u of [dora, eve]) {
      await ok(bind(u, await address('keep')));
      await ok(bind(u, await address('keep')));
    }
    const third = await address('third');
    expect(await bind(dora, third)).toEqual(MAX_REACHED);

    await ok(
      send(app, 'POST', '/admin/role_address_config', {
        body: { configs: { vip: { maxAddressCount: 3 } } },
      }),
    );
    await ok(
      send(app, 'POST', '/admin/user_roles', { body: { user_id: dora.id, role_text: 'vip' } }),
    );
    const settings = await ok<{ access_token: string }>(
      send(app, 'GET', '/user_api/settings', { headers: dora.headers }),
    );
    const roleToken = { 'x-user-access-token': settings.access_token };
    // Dora's role token does not lend her limit to Eve.
    expect(await bind(eve, third, roleToken)).toEqual(MAX_REACHED);
    expect(await names(eve)).not.toContain(third.address);
    await ok(bind(dora, third, roleToken));
    expect(await bind(dora, await address('fourth'), roleToken)).toEqual(MAX_REACHED);
    // A forged role token is ignored.
    const forged = await createTokenSigner('other-secret').sign({
      user_id: eve.id,
      user_email: 'x',
      user_role: 'vip',
      exp: Math.floor(Date.now() / 1000) + 60,
    });
    const fifth = await address('fifth');
    expect(await bind(eve, fifth, { 'x-user-access-token': forged })).toEqual(MAX_REACHED);

    await setUserSettings(app, { maxAddressCount: 0 });
    await ok(bind(eve, await address('unlimited')));
    await setUserSettings(app);
  });

  it('hands out an address token for the caller’s own bound address only', async () => {
    const [fay, gus] = [await user('fay'), await user('gus')];
    const box = await address('faybox');
    await deliver(app, box.address, simpleMail('for fay'));
    await ok(bind(fay, box));
    const { jwt } = await ok<{ jwt: string }>(
      send(app, 'GET', `/user_api/bind_address_jwt/${box.address_id}`, { headers: fay.headers }),
    );
    const claims = createTokenSigner(TEST_JWT_SECRET).verifySignatureOnly(jwt);
    expect(claims).toEqual({ address: box.address, address_id: String(box.address_id) });
    const mails = await ok<MailPage>(
      send(app, 'GET', '/api/mails?limit=10&offset=0', { headers: bearer(jwt) }),
    );
    expect(mails.count).toBe(1);

    const path = (id: string | number) => `/user_api/bind_address_jwt/${id}`;
    expect(await send(app, 'GET', path(box.address_id), { headers: gus.headers })).toEqual(
      NOT_BOUND,
    );
    expect(await send(app, 'GET', path(999_999), { headers: fay.headers })).toEqual(NOT_BOUND);
    expect(await send(app, 'GET', path('abc'), { headers: fay.headers })).toEqual({
      status: 400,
      text: 'Invalid address or user token',
    });
  });

  it('unbinds only the caller’s own binding', async () => {
    const [hal, ivy] = [await user('hal'), await user('ivy')];
    const box = await address('halbox');
    await ok(bind(hal, box));
    const unbind = (u: User, body: unknown) =>
      send(app, 'POST', '/user_api/unbind_address', { headers: u.headers, body });
    expect(await ok(unbind(ivy, { address_id: box.address_id }))).toEqual({ success: true });
    expect(await names(hal)).toEqual([box.address]);
    expect(await unbind(hal, {})).toEqual({ status: 400, text: 'Invalid address or user token' });
    expect(await unbind(hal, { address_id: 999_999 })).toEqual({
      status: 400,
      text: 'Address not found',
    });
    await ok(unbind(hal, { address_id: String(box.address_id) }));
    expect(await names(hal)).toEqual([]);
    await ok(bind(ivy, box));
    expect(await names(ivy)).toEqual([box.address]);
  });

  it('transfers to another user within the target’s limit; old tokens stop working', async () => {
    const [jan, kim, leo] = [await user('jan'), await user('kim'), await user('leo')];
    const box = await address('janbox');
    await deliver(app, box.address, simpleMail('kept'));
    await ok(bind(jan, box));
    await ok(bind(kim, await address('kimbox')));
    const transfer = (u: User, body: unknown) =>
      send(app, 'POST', '/user_api/transfer_address', { headers: u.headers, body });

    expect(
      await transfer(jan, { address_id: box.address_id, target_user_email: 'no@x.org' }),
    ).toEqual({ status: 400, text: 'Target user not found' });
    expect(await transfer(jan, { target_user_email: 'kim@x.org' })).toEqual({
      status: 400,
      text: 'Address not found',
    });
    const kimEmail = (await app.store.users.findById(kim.id))?.user_email ?? '';
    const toKim = { address_id: box.address_id, target_user_email: kimEmail.toUpperCase() };
    // Leo does not hold it; Kim is at the global limit of 1, by her stored role.
    expect(await transfer(leo, toKim)).toEqual(NOT_BOUND);
    await setUserSettings(app, { maxAddressCount: 1 });
    expect(await transfer(jan, toKim)).toEqual(MAX_REACHED);
    await ok(
      send(app, 'POST', '/admin/role_address_config', {
        body: { configs: { vip: { maxAddressCount: 5 } } },
      }),
    );
    await app.store.users.setRole(kim.id, 'vip', formatSqlTimestamp(new Date()));
    expect(await ok(transfer(jan, toKim))).toEqual({ success: true });
    await setUserSettings(app);

    expect(await names(jan)).toEqual([]);
    const moved = (await list(kim)).results.find((r) => r.name === box.address);
    expect(moved?.id).not.toBe(box.address_id);
    expect(
      (await send(app, 'GET', '/api/mails?limit=1&offset=0', { headers: bearer(box.jwt) })).status,
    ).toBe(401);
    const { jwt } = await ok<{ jwt: string }>(
      send(app, 'GET', `/user_api/bind_address_jwt/${moved?.id}`, { headers: kim.headers }),
    );
    const mails = await ok<MailPage>(
      send(app, 'GET', '/api/mails?limit=10&offset=0', { headers: bearer(jwt) }),
    );
    expect(mails.count).toBe(1);
  });

  it('lists and deletes mail of the caller’s own addresses only', async () => {
    const [max, ned] = [await user('max'), await user('ned')];
    const [m1, m2, n1] = [await address('mone'), await address('mtwo'), await address('none')];
    await ok(bind(max, m1));
    await ok(bind(max, m2));
    await ok(bind(ned, n1));
    const [first] = await deliver(app, m1.address, simpleMail('m1 first'));
    await deliver(app, m2.address, simpleMail('m2'));
    await deliver(app, m1.address, simpleMail('m1 second'));
    const [nedMail] = await deliver(app, n1.address, simpleMail('for ned'));
    const mails = (u: User, query = '') =>
      ok<MailPage>(
        send(app, 'GET', `/user_api/mails?limit=10&offset=0${query}`, { headers: u.headers }),
      );

    const all = await mails(max);
    expect(all.count).toBe(3);
    expect(all.results.map((r) => r.address)).toEqual([m1.address, m2.address, m1.address]);
    expect(all.results[0]?.raw).toContain('Subject: m1 second');
    // raw=false: the same rows without the message, for both the whole list and one address.
    const lean = await mails(max, '&raw=false');
    expect(lean.results).toEqual(all.results.map(({ raw: _raw, ...row }) => row));
    const leanOne = await mails(max, `&raw=0&address=${m2.address}`);
    expect(leanOne.results.map((r) => [r.address, 'raw' in r])).toEqual([[m2.address, false]]);
    expect((await mails(max, `&address=${m2.address}`)).count).toBe(1);
    expect((await mails(max, `&address=${n1.address}`)).results).toEqual([]);
    expect((await mails(ned)).results.map((r) => r.id)).toEqual([nedMail]);
    expect(await send(app, 'GET', '/user_api/mails?offset=0', { headers: max.headers })).toEqual({
      status: 400,
      text: 'Invalid limit',
    });

    const remove = (u: User, id: number | undefined) =>
      ok(send(app, 'DELETE', `/user_api/mails/${id}`, { headers: u.headers }));
    expect(await remove(ned, first)).toEqual({ success: false });
    expect((await mails(max)).count).toBe(3);
    expect(await remove(max, first)).toEqual({ success: true });
    expect((await mails(max)).count).toBe(2);
  });
});

describe.each(DIALECTS)('user address rules under other settings on %s', (dialect) => {
  it('keeps owners from deleting mail when ENABLE_USER_DELETE_EMAIL is off', async () => {
    const app = await buildTestApp({ dialect, env: { ENABLE_USER_DELETE_EMAIL: 'false' } });
    try {
      await setUserSettings(app);
      const u = await newUser(app, 'keeper@x.org');
      expect(await send(app, 'DELETE', '/user_api/mails/1', { headers: u.headers })).toEqual({
        status: 403,
        text: 'User delete address/email is disabled, please contact the administrator',
      });
    } finally {
      await app.close();
    }
  });

  it('/api/new_address for users only: not bound by itself; the global limit counts bindings', async () => {
    const app = await buildTestApp({
      dialect,
      env: { DISABLE_ANONYMOUS_USER_CREATE_EMAIL: 'true', USER_ROLES: ROLES },
    });
    try {
      await setUserSettings(app, { maxAddressCount: 1 });
      const create = (headers: Record<string, string> = {}) =>
        send(app, 'POST', '/api/new_address', { body: { name: `n${++counter}` }, headers });
      let counter = 0;
      expect((await create()).status).toBe(403);
      const [owner, other] = [await newUser(app, 'owner@x.org'), await newUser(app, 'other@x.org')];
      const created = JSON.parse((await create(owner.headers)).text) as Created;
      expect(
        await ok(send(app, 'GET', '/user_api/bind_address', { headers: owner.headers })),
      ).toEqual({ results: [], count: 0 });
      // Unbound, so not counted yet.
      expect((await create(owner.headers)).status).toBe(200);
      await ok(
        send(app, 'POST', '/user_api/bind_address', {
          headers: { ...owner.headers, ...bearer(created.jwt) },
        }),
      );
      expect(await create(owner.headers)).toEqual(MAX_REACHED);
      expect((await create(other.headers)).status).toBe(200);

      // No role override on this path, even with a role token (reference §2.6 step 3).
      await ok(
        send(app, 'POST', '/admin/role_address_config', {
          body: { configs: { vip: { maxAddressCount: 5 } } },
        }),
      );
      await app.store.users.setRole(owner.id, 'vip', formatSqlTimestamp(new Date()));
      const { access_token } = await ok<{ access_token: string }>(
        send(app, 'GET', '/user_api/settings', { headers: owner.headers }),
      );
      expect(await create({ ...owner.headers, 'x-user-access-token': access_token })).toEqual(
        MAX_REACHED,
      );
    } finally {
      await app.close();
    }
  });
});
