/**
 * Admin user management through the HTTP API (reference §1.6 rows 17, 25–28, 33–34) on every
 * dialect: create (normalised e-mail, salted hash, no role), list/search with the shared
 * pagination rules, delete (addresses stay, unbound), reset a password, a user's addresses,
 * and binding by id or by e-mail/name under the global maxAddressCount.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/auth/password-hash.js';
import type { NewMail } from '../../src/storage/ports.js';
import { adminHeaders, buildTestApp, type TestApp } from '../helpers/build-test-app.js';
import { DIALECTS } from '../helpers/test-stores.js';

const NOW = '2024-06-01 00:00:00';
const HEX = (c: string) => c.repeat(64);

interface UserRow {
  id: number;
  user_email: string;
  created_at: string;
  updated_at: string;
  role_text: string | null;
  address_count: number;
}

const mail = (address: string): NewMail => ({
  address,
  source: 'sender@example.org',
  messageId: null,
  raw: 'From: sender@example.org\r\nSubject: hi\r\n\r\nbody\r\n',
  rawGzip: null,
  metadata: null,
  subject: 'hi',
  sender: 'sender@example.org',
  size: 48,
  attachments: '[]',
});

describe.each(DIALECTS)('admin users on %s', (dialect) => {
  let app: TestApp;

  beforeEach(async () => {
    app = await buildTestApp({ dialect });
  });
  afterEach(() => app.close());

  const admin = (method: string, path: string, body?: unknown, headers = {}) =>
    app.request(method, path, { body, headers: { ...adminHeaders, ...headers } });
  const expectText = async (res: Response, status: number, text: string) =>
    expect({ status: res.status, text: await res.text() }).toEqual({ status, text });
  const expectSuccess = (res: Response) => expectText(res, 200, '{"success":true}');
  const createUser = async (email: string, password = HEX('a')) => {
    await expectSuccess(await admin('POST', '/admin/users', { email, password }));
    const user = await app.store.users.findByEmail(email.trim().toLowerCase());
    if (!user) throw new Error(`user ${email} was not created`);
    return user.id;
  };
  const createAddress = async (local: string) =>
    (
      await app.store.addresses.insert(
        { name: `${local}@example.com`, passwordHash: null, sourceMeta: 'test' },
        NOW,
      )
    ).id;
  const listUsers = async (query: string) => {
    const res = await admin('GET', `/admin/users?${query}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as { results: UserRow[]; count: number };
  };

  it('needs the admin password', async () => {
    await expectText(
      await app.request('GET', '/admin/users?limit=10&offset=0'),
      401,
      'You need to provide the admin password to access this page',
    );
  });

  describe('create', () => {
    it('stores the trimmed, lower-cased e-mail with a salted hash and no role', async () => {
      const id = await createUser('  Alice@Example.COM ', HEX('b'));
      const user = await app.store.users.findById(id);
      expect(user?.user_email).toBe('alice@example.com');
      expect(user?.password).toMatch(/^scrypt\$/);
      expect(await verifyPassword(HEX('b'), user?.password ?? '')).toBe(true);
      expect(await app.store.users.findRoleName(id)).toBeUndefined();
      const { results } = await listUsers('limit=10&offset=0');
      expect(results).toEqual([
        {
          id,
          user_email: 'alice@example.com',
          created_at: expect.any(String),
          updated_at: expect.any(String),
          role_text: null,
          address_count: 0,
        },
      ]);
    });

    it('refuses an e-mail that exists, whatever its case', async () => {
      await createUser('bob@example.com');
      await expectText(
        await admin('POST', '/admin/users', { email: 'BOB@example.com ', password: HEX('c') }),
        400,
        'User already exists, please login',
      );
    });

    it('answers missing or malformed input with a 400', async () => {
      const invalid = 'Invalid email or password';
      await expectText(await admin('POST', '/admin/users', { password: HEX('a') }), 400, invalid);
      await expectText(await admin('POST', '/admin/users', { email: 'x@y.z' }), 400, invalid);
      await expectText(
        await admin('POST', '/admin/users', { email: '   ', password: HEX('a') }),
        400,
        invalid,
      );
      await expectText(
        await admin('POST', '/admin/users', { email: 'x@y.z', password: 'p'.repeat(101) }),
        400,
        'Invalid password',
      );
      const badJson = await admin('POST', '/admin/users', '{"email":');
      expect(badJson.status).toBe(400);
      const wrongType = await admin('POST', '/admin/users', { email: 1, password: HEX('a') });
      expect(wrongType.status).toBe(400);
      expect(await app.store.users.findByEmail('x@y.z')).toBeUndefined();
    });

    it('takes a 100-character password', async () => {
      await createUser('long@example.com', 'p'.repeat(100));
    });

    it('counts users in the statistics', async () => {
      await createUser('one@example.com');
      await createUser('two@example.com');
      const res = await admin('GET', '/admin/statistics');
      expect(((await res.json()) as { userCount: number }).userCount).toBe(2);
    });
  });

  describe('list', () => {
    it('searches the e-mail case-insensitively, newest first, count on the first page', async () => {
      const a = await createUser('anna@alpha.org');
      const b = await createUser('ben@beta.org');
      const c = await createUser('carl@alpha.org');
      await app.store.users.setRole(b, 'vip', NOW);
      await app.store.users.bind(c, await createAddress('c1'), 0, NOW);

      const all = await listUsers('limit=2&offset=0');
      expect(all.count).toBe(3);
      expect(all.results.map((u) => u.id)).toEqual([c, b]);
      expect(all.results[0]?.address_count).toBe(1);
      expect(all.results[1]?.role_text).toBe('vip');

      const next = await listUsers('limit=2&offset=2');
      expect(next).toEqual({ results: [expect.objectContaining({ id: a })], count: 0 });

      const alpha = await listUsers('limit=10&offset=0&query=ALPHA');
      expect(alpha.results.map((u) => u.id)).toEqual([c, a]);
      expect(alpha.count).toBe(2);
    });

    it('rejects a missing or out-of-range limit and offset', async () => {
      await expectText(await admin('GET', '/admin/users?offset=0'), 400, 'Invalid limit');
      await expectText(await admin('GET', '/admin/users?limit=101&offset=0'), 400, 'Invalid limit');
      await expectText(await admin('GET', '/admin/users?limit=10'), 400, 'Invalid offset');
    });
  });

  describe('delete', () => {
    it('deletes the user, role and bindings; the addresses stay, unbound', async () => {
      const id = await createUser('gone@example.com');
      const keep = await createUser('keep@example.com');
      const address = await createAddress('kept');
      await app.store.users.bind(id, address, 0, NOW);
      await app.store.users.setRole(id, 'vip', NOW);

      await expectSuccess(await admin('DELETE', `/admin/users/${id}`));
      expect(await app.store.users.exists(id)).toBe(false);
      expect(await app.store.users.findRoleName(id)).toBeUndefined();
      expect(await app.store.addresses.findById(address)).toBeDefined();
      expect(await app.store.users.boundUserOf(address)).toBeUndefined();
      expect((await listUsers('limit=10&offset=0')).results.map((u) => u.id)).toEqual([keep]);
    });

    it('succeeds for a user that is not there, and rejects a malformed id', async () => {
      await expectSuccess(await admin('DELETE', '/admin/users/999'));
      for (const bad of ['abc', '0', '1.5', '-1']) {
        await expectText(await admin('DELETE', `/admin/users/${bad}`), 400, 'Invalid user_id');
      }
    });
  });

  describe('reset password', () => {
    it('stores a new salted hash', async () => {
      const id = await createUser('reset@example.com', HEX('a'));
      await expectSuccess(
        await admin('POST', `/admin/users/${id}/reset_password`, { password: HEX('d') }),
      );
      const stored = (await app.store.users.findById(id))?.password ?? '';
      expect(await verifyPassword(HEX('d'), stored)).toBe(true);
      expect(await verifyPassword(HEX('a'), stored)).toBe(false);
    });

    it('answers a bad password, an unknown user and a malformed id with a 400', async () => {
      const id = await createUser('reset@example.com', HEX('a'));
      const path = `/admin/users/${id}/reset_password`;
      await expectText(await admin('POST', path, {}), 400, 'Invalid password');
      await expectText(await admin('POST', path, { password: '' }), 400, 'Invalid password');
      await expectText(
        await admin('POST', path, { password: 'x'.repeat(101) }),
        400,
        'Invalid password',
      );
      await expectText(
        await admin('POST', '/admin/users/999/reset_password', { password: HEX('d') }),
        400,
        'User not found',
      );
      await expectText(
        await admin('POST', '/admin/users/x1/reset_password', { password: HEX('d') }),
        400,
        'Invalid user_id',
      );
      const stored = (await app.store.users.findById(id))?.password ?? '';
      expect(await verifyPassword(HEX('a'), stored)).toBe(true);
    });
  });

  describe('bind and list addresses', () => {
    const bind = (body: unknown) => admin('POST', '/admin/users/bind_address', body);
    const boundIds = async (userId: number) => {
      const res = await admin('GET', `/admin/users/bind_address/${userId}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { results: Record<string, unknown>[] };
      expect(Object.keys(body)).toEqual(['results']);
      return body.results.map((r) => r['id']);
    };

    it('binds by ids or by e-mail and name, and lists the addresses with counts', async () => {
      const user = await createUser('owner@example.com');
      const first = await createAddress('first');
      const second = await createAddress('second');
      await app.store.mails.insertMany([mail('first@example.com')], NOW);

      await expectSuccess(await bind({ user_id: user, address_id: first }));
      await expectSuccess(
        await bind({ user_email: ' OWNER@example.com', address: 'Second@Example.com' }),
      );
      // Binding again to the same user is fine.
      await expectSuccess(await bind({ user_id: String(user), address_id: String(first) }));

      const res = await admin('GET', `/admin/users/bind_address/${user}`);
      expect(await res.json()).toEqual({
        results: [
          {
            id: second,
            name: 'second@example.com',
            source_meta: 'test',
            created_at: NOW,
            updated_at: NOW,
            mail_count: 0,
            send_count: 0,
          },
          expect.objectContaining({ id: first, name: 'first@example.com', mail_count: 1 }),
        ],
      });
      expect(await boundIds(999)).toEqual([]);
      await expectText(
        await admin('GET', '/admin/users/bind_address/nope'),
        400,
        'Invalid user_id',
      );
    });

    it("refuses another user's address, unknown users and addresses, missing fields", async () => {
      const owner = await createUser('owner@example.com');
      const other = await createUser('other@example.com');
      const address = await createAddress('taken');
      await expectSuccess(await bind({ user_id: owner, address_id: address }));

      await expectText(
        await bind({ user_id: other, address_id: address }),
        400,
        'Address is already binded, please unbind first',
      );
      await expectText(await bind({ user_id: 999, address_id: address }), 400, 'User not found');
      await expectText(
        await bind({ user_email: 'nobody@example.com', address_id: address }),
        400,
        'User not found',
      );
      await expectText(await bind({ user_id: other, address_id: 999 }), 400, 'Address not found');
      await expectText(
        await bind({ user_id: other, address: 'missing@example.com' }),
        400,
        'Address not found',
      );
      await expectText(await bind({ address_id: address }), 400, 'No address or user token');
      await expectText(await bind({ user_id: other }), 400, 'No address or user token');
      expect((await bind({ user_id: 'x', address_id: address })).status).toBe(400);
      expect(await boundIds(other)).toEqual([]);
    });

    it('applies the global maxAddressCount: 5 by default, as set, 0 for unlimited', async () => {
      const user = await createUser('many@example.com');
      const ids: number[] = [];
      for (let i = 0; i < 7; i++) ids.push(await createAddress(`a${i}`));
      const bindNth = (i: number) => bind({ user_id: user, address_id: ids[i] });

      for (let i = 0; i < 5; i++) await expectSuccess(await bindNth(i));
      await expectText(await bindNth(5), 400, 'Max address count reached');

      await app.store.settings.set('user_settings', { maxAddressCount: 6 }, NOW);
      await expectSuccess(await bindNth(5));
      await expectText(await bindNth(6), 400, 'Max address count reached');

      await app.store.settings.set('user_settings', { maxAddressCount: 0 }, NOW);
      await expectSuccess(await bindNth(6));
      expect(await boundIds(user)).toHaveLength(7);
    });

    it('answers in Chinese with x-lang: zh', async () => {
      await expectText(
        await admin(
          'POST',
          '/admin/users/999/reset_password',
          { password: 'x' },
          { 'x-lang': 'zh' },
        ),
        400,
        '用户不存在',
      );
    });
  });
});
