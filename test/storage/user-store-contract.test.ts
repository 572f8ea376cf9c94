/**
 * The storage contract of users (UserStore and PasskeyStore, src/storage/ports.ts), run on every
 * backend in DIALECTS against one migrated database per backend, emptied before each test.
 * Races on PostgreSQL run through a second Store on the same database, as a second node would.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  UserTakenError,
  type NewUser,
  type Store,
  type UserListItem,
} from '../../src/storage/ports.js';
import { openContractStores, type ContractStores } from '../helpers/contract-stores.js';
import type { RawSql } from '../helpers/raw-sql.js';
import { DIALECTS } from '../helpers/test-stores.js';

const NOW = '2024-05-06 07:08:09';
const LATER = '2024-06-07 08:09:10';
const OLD = '2020-01-01 00:00:00';

const newUser = (email: string, over: Partial<NewUser> = {}): NewUser => ({
  email,
  passwordHash: 'hash',
  userInfo: null,
  ...over,
});

describe.each(DIALECTS)('UserStore and PasskeyStore contract on %s', (dialect) => {
  let stores: ContractStores | undefined;
  let store: Store;
  /** See ContractStores.other. */
  let other: Store;
  let raw: RawSql;

  beforeAll(async () => {
    stores = await openContractStores(dialect);
    ({ store, other, raw } = stores);
  });
  afterAll(async () => {
    await stores?.close();
  });
  beforeEach(async () => {
    await stores?.empty([
      'users',
      'users_address',
      'user_roles',
      'user_passkeys',
      'address',
      'raw_mails',
      'sendbox',
    ]);
  });

  const count = async (table: string, where = '1 = 1', params: unknown[] = []) => {
    const rows = await raw.all<{ n: unknown }>(
      `SELECT count(*) AS n FROM ${table} WHERE ${where}`,
      params,
    );
    return Number(rows[0]?.n);
  };
  const addUser = async (email: string) => (await store.users.insert(newUser(email), NOW)).id;
  const addAddress = async (name: string, passwordHash: string | null = null) =>
    (await store.addresses.insert({ name, passwordHash, sourceMeta: 'web' }, NOW)).id;
  const addMail = async (table: 'raw_mails' | 'sendbox', address: string) =>
    raw.run(`INSERT INTO ${table} (address, raw, created_at) VALUES (?, ?, ?)`, [
      address,
      'raw',
      NOW,
    ]);
  /** A user with `n` bound addresses `<prefix>0@x` …, returning the user and address ids. */
  const userWithAddresses = async (email: string, prefix: string, n: number) => {
    const userId = await addUser(email);
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      const id = await addAddress(`${prefix}${i}@x.test`);
      expect(await store.users.bind(userId, id, 0, NOW)).toBe('bound');
      ids.push(id);
    }
    return { userId, ids };
  };

  describe('accounts', () => {
    it('inserts a user and finds it by id and by e-mail', async () => {
      const user = await store.users.insert(newUser('a@x.test', { userInfo: '{"k":1}' }), NOW);
      expect(user).toEqual({
        id: expect.any(Number) as number,
        user_email: 'a@x.test',
        password: 'hash',
        user_info: '{"k":1}',
        created_at: NOW,
        updated_at: NOW,
      });
      expect(await store.users.findById(user.id)).toEqual(user);
      expect(await store.users.findByEmail('a@x.test')).toEqual(user);
      expect(await store.users.exists(user.id)).toBe(true);
      expect(await store.users.exists(user.id + 1000)).toBe(false);
      expect(await store.users.findById(user.id + 1000)).toBeUndefined();
    });

    it('matches the e-mail exactly, and a NUL in the lookup matches nothing', async () => {
      await addUser('a@x.test');
      expect(await store.users.findByEmail('A@x.test')).toBeUndefined();
      expect(await store.users.findByEmail('a@x.tes')).toBeUndefined();
      expect(await store.users.findByEmail('a@x.test\u0000')).toBeUndefined();
    });

    it('throws UserTakenError for a registered e-mail and keeps the first user', async () => {
      await addUser('a@x.test');
      const error = await store.users
        .insert(newUser('a@x.test', { passwordHash: 'other' }), LATER)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserTakenError);
      expect((error as UserTakenError).userEmail).toBe('a@x.test');
      expect((await store.users.findByEmail('a@x.test'))?.password).toBe('hash');
      expect(await count('users')).toBe(1);
    });

    it('upsert inserts, then overwrites password and user_info of the same user', async () => {
      const first = await store.users.upsert(newUser('a@x.test', { passwordHash: '' }), NOW);
      expect(first.password).toBe('');
      const second = await store.users.upsert(
        newUser('a@x.test', { passwordHash: 'new', userInfo: 'info' }),
        LATER,
      );
      expect(second).toEqual({
        ...first,
        password: 'new',
        user_info: 'info',
        updated_at: LATER,
      });
      expect(await count('users')).toBe(1);
    });

    it('insertIfAbsent inserts, and returns an existing user unchanged', async () => {
      const created = await store.users.insertIfAbsent(
        newUser('o@x.test', { passwordHash: '' }),
        NOW,
      );
      expect(created.password).toBe('');
      await store.users.setPassword(created.id, 'set', NOW);
      const again = await store.users.insertIfAbsent(
        newUser('o@x.test', { passwordHash: '', userInfo: 'x' }),
        LATER,
      );
      expect(again).toEqual({ ...created, password: 'set' });
      expect(await count('users')).toBe(1);
    });

    it('setPassword changes hash and updated_at; false for an unknown user', async () => {
      const id = await addUser('a@x.test');
      expect(await store.users.setPassword(id, 'h2', LATER)).toBe(true);
      expect(await store.users.findById(id)).toMatchObject({ password: 'h2', updated_at: LATER });
      expect(await store.users.setPassword(id + 1000, 'h3', LATER)).toBe(false);
    });

    it('delete removes the user, bindings, role and passkeys, and keeps the addresses', async () => {
      const { userId, ids } = await userWithAddresses('gone@x.test', 'g', 2);
      const { userId: keep, ids: kept } = await userWithAddresses('keep@x.test', 'k', 1);
      for (const id of [userId, keep]) {
        await store.users.setRole(id, 'vip', NOW);
        await store.passkeys.insert(
          { userId: id, name: 'key', passkeyId: `cred-${id}`, passkey: '{}', counter: 0 },
          NOW,
        );
      }
      expect(await store.users.delete(userId)).toBe(true);
      expect(await store.users.exists(userId)).toBe(false);
      expect(await count('users_address', 'user_id = ?', [userId])).toBe(0);
      expect(await count('user_roles', 'user_id = ?', [userId])).toBe(0);
      expect(await count('user_passkeys', 'user_id = ?', [userId])).toBe(0);
      for (const id of ids) expect(await store.addresses.findById(id)).toBeDefined();
      expect(await store.users.boundUserOf(kept[0] ?? 0)).toBe(keep);
      expect(await store.users.findRoleName(keep)).toBe('vip');
      expect(await store.passkeys.listForUser(keep)).toHaveLength(1);
      expect(await store.users.delete(userId)).toBe(false);
    });
  });

  describe('roles', () => {
    it('setRole sets, overwrites and (with null) removes the role', async () => {
      const id = await addUser('a@x.test');
      await store.users.setRole(id, 'vip', NOW);
      expect(await store.users.findRoleName(id)).toBe('vip');
      await store.users.setRole(id, 'admin', LATER);
      expect(await store.users.findRoleName(id)).toBe('admin');
      expect(await count('user_roles')).toBe(1);
      await store.users.setRole(id, null, LATER);
      expect(await store.users.findRoleName(id)).toBeUndefined();
      expect(await count('user_roles')).toBe(0);
    });

    it('setRoleIfAbsent sets only the first role', async () => {
      const id = await addUser('a@x.test');
      await store.users.setRoleIfAbsent(id, 'default', NOW);
      expect(await store.users.findRoleName(id)).toBe('default');
      await store.users.setRoleIfAbsent(id, 'other', NOW);
      expect(await store.users.findRoleName(id)).toBe('default');
    });
  });

  describe('list', () => {
    const emails = (items: readonly UserListItem[]) => items.map((i) => i.user_email);

    it('lists newest first with role_text and address_count, no password', async () => {
      const { userId: a } = await userWithAddresses('a@x.test', 'a', 2);
      const b = await addUser('b@x.test');
      await store.users.setRole(a, 'vip', NOW);
      const page = await store.users.list({ limit: 10, offset: 0 });
      expect(page.count).toBe(2);
      expect(page.results).toEqual([
        {
          id: b,
          user_email: 'b@x.test',
          created_at: NOW,
          updated_at: NOW,
          role_text: null,
          address_count: 0,
        },
        {
          id: a,
          user_email: 'a@x.test',
          created_at: NOW,
          updated_at: NOW,
          role_text: 'vip',
          address_count: 2,
        },
      ]);
    });

    it('pages with limit and offset, counting only on the first page', async () => {
      for (const n of [1, 2, 3, 4, 5]) await addUser(`u${n}@x.test`);
      const first = await store.users.list({ limit: 2, offset: 0 });
      expect(emails(first.results)).toEqual(['u5@x.test', 'u4@x.test']);
      expect(first.count).toBe(5);
      const third = await store.users.list({ limit: 2, offset: 4 });
      expect(emails(third.results)).toEqual(['u1@x.test']);
      expect(third.count).toBe(0);
    });

    it('filters by a case-insensitive substring, wildcards taken literally', async () => {
      for (const e of ['alice@x.test', 'bob@x.test', 'a_b@x.test', 'a%b@x.test', 'aXb@x.test'])
        await addUser(e);
      const found = await store.users.list({ limit: 10, offset: 0, query: 'ALI' });
      expect(emails(found.results)).toEqual(['alice@x.test']);
      expect(found.count).toBe(1);
      const under = await store.users.list({ limit: 10, offset: 0, query: 'a_b' });
      expect(emails(under.results)).toEqual(['a_b@x.test']);
      const percent = await store.users.list({ limit: 10, offset: 0, query: 'a%b' });
      expect(emails(percent.results)).toEqual(['a%b@x.test']);
      const nul = await store.users.list({ limit: 10, offset: 0, query: 'a\u0000' });
      expect(nul).toEqual({ results: [], count: 0 });
    });
  });

  describe('bind / unbind', () => {
    it('binds, reports already_bound and bound_to_other, and boundUserOf follows', async () => {
      const one = await addUser('one@x.test');
      const two = await addUser('two@x.test');
      const address = await addAddress('a@x.test');
      expect(await store.users.boundUserOf(address)).toBeUndefined();
      expect(await store.users.bind(one, address, 5, NOW)).toBe('bound');
      expect(await store.users.boundUserOf(address)).toBe(one);
      expect(await store.users.bind(one, address, 5, NOW)).toBe('already_bound');
      expect(await store.users.bind(two, address, 5, NOW)).toBe('bound_to_other');
      expect(await store.users.countBoundAddresses(one)).toBe(1);
      expect(await store.users.countBoundAddresses(two)).toBe(0);
    });

    it('refuses a binding past max, says already_bound at max, and 0 is unlimited', async () => {
      const { userId, ids } = await userWithAddresses('u@x.test', 'u', 2);
      const next = await addAddress('next@x.test');
      expect(await store.users.bind(userId, next, 2, NOW)).toBe('limit_reached');
      expect(await store.users.bind(userId, ids[0] ?? 0, 2, NOW)).toBe('already_bound');
      expect(await store.users.bind(userId, next, 3, NOW)).toBe('bound');
      const more = await addAddress('more@x.test');
      expect(await store.users.bind(userId, more, 0, NOW)).toBe('bound');
      expect(await store.users.countBoundAddresses(userId)).toBe(4);
    });

    it('fails for a user or address that does not exist, binding nothing', async () => {
      const user = await addUser('u@x.test');
      const address = await addAddress('a@x.test');
      await expect(store.users.bind(user + 1000, address, 0, NOW)).rejects.toThrow();
      await expect(store.users.bind(user, address + 1000, 0, NOW)).rejects.toThrow();
      expect(await count('users_address')).toBe(0);
    });

    it("unbind removes only the user's own binding", async () => {
      const one = await addUser('one@x.test');
      const two = await addUser('two@x.test');
      const address = await addAddress('a@x.test');
      await store.users.bind(one, address, 0, NOW);
      expect(await store.users.unbind(two, address)).toBe(false);
      expect(await store.users.boundUserOf(address)).toBe(one);
      expect(await store.users.unbind(one, address)).toBe(true);
      expect(await store.users.boundUserOf(address)).toBeUndefined();
      expect(await store.users.unbind(one, address)).toBe(false);
      expect(await store.addresses.findById(address)).toBeDefined();
    });
  });

  describe('transfer', () => {
    it('re-creates the address under a new id without password and binds it to the target', async () => {
      const from = await addUser('from@x.test');
      const to = await addUser('to@x.test');
      const old = await addAddress('moved@x.test', 'secret');
      await store.users.bind(from, old, 0, NOW);
      await addMail('raw_mails', 'moved@x.test');
      await addMail('sendbox', 'moved@x.test');
      const result = await store.users.transfer(from, old, to, 5, LATER);
      if (result.outcome !== 'transferred') throw new Error(`got ${result.outcome}`);
      expect(result.newAddressId).toBeGreaterThan(old);
      expect(await store.addresses.findById(old)).toBeUndefined();
      expect(await store.addresses.findById(result.newAddressId)).toEqual({
        id: result.newAddressId,
        name: 'moved@x.test',
        password: null,
        source_meta: 'web',
        created_at: NOW,
        updated_at: LATER,
      });
      expect(await store.users.boundUserOf(result.newAddressId)).toBe(to);
      expect(await store.users.boundUserOf(old)).toBeUndefined();
      expect(await store.users.countBoundAddresses(from)).toBe(0);
      expect(await count('raw_mails', 'address = ?', ['moved@x.test'])).toBe(1);
      const [listed] = (await store.users.listBoundAddresses(to)).results;
      expect(listed).toMatchObject({ name: 'moved@x.test', mail_count: 1, send_count: 1 });
    });

    it('reports not_bound, bound_to_other and limit_reached, changing nothing', async () => {
      const from = await addUser('from@x.test');
      const stranger = await addUser('stranger@x.test');
      const { userId: full } = await userWithAddresses('full@x.test', 'f', 1);
      const unbound = await addAddress('free@x.test');
      const theirs = await addAddress('theirs@x.test');
      const mine = await addAddress('mine@x.test');
      await store.users.bind(stranger, theirs, 0, NOW);
      await store.users.bind(from, mine, 0, NOW);
      expect(await store.users.transfer(from, unbound, full, 0, NOW)).toEqual({
        outcome: 'not_bound',
      });
      expect(await store.users.transfer(from, theirs, full, 0, NOW)).toEqual({
        outcome: 'bound_to_other',
      });
      expect(await store.users.transfer(from, mine, full, 1, NOW)).toEqual({
        outcome: 'limit_reached',
      });
      expect(await store.users.boundUserOf(mine)).toBe(from);
      expect(await store.users.boundUserOf(theirs)).toBe(stranger);
      expect(await count('address')).toBe(4);
    });
  });

  describe('bound addresses', () => {
    it('lists newest first with counts and no password; all rows without a page', async () => {
      const { userId, ids } = await userWithAddresses('u@x.test', 'u', 3);
      await userWithAddresses('o@x.test', 'o', 1);
      await addMail('raw_mails', 'u0@x.test');
      await addMail('raw_mails', 'u0@x.test');
      await addMail('sendbox', 'u2@x.test');
      const all = await store.users.listBoundAddresses(userId);
      expect(all.count).toBe(3);
      expect(all.results.map((r) => r.id)).toEqual([...ids].reverse());
      expect(all.results[2]).toEqual({
        id: ids[0],
        name: 'u0@x.test',
        source_meta: 'web',
        created_at: NOW,
        updated_at: NOW,
        mail_count: 2,
        send_count: 0,
      });
      expect(all.results[0]).toMatchObject({ mail_count: 0, send_count: 1 });
    });

    it('pages with limit and offset, counting only on the first page', async () => {
      const { userId, ids } = await userWithAddresses('u@x.test', 'u', 3);
      const first = await store.users.listBoundAddresses(userId, { limit: 2, offset: 0 });
      expect(first.results.map((r) => r.id)).toEqual([ids[2], ids[1]]);
      expect(first.count).toBe(3);
      const second = await store.users.listBoundAddresses(userId, { limit: 2, offset: 2 });
      expect(second.results.map((r) => r.id)).toEqual([ids[0]]);
      expect(second.count).toBe(0);
    });

    it('touchBoundAddresses moves updated_at of bound addresses older than the cutoff', async () => {
      const { userId, ids } = await userWithAddresses('u@x.test', 'u', 2);
      const { ids: others } = await userWithAddresses('o@x.test', 'o', 1);
      await raw.run('UPDATE address SET updated_at = ? WHERE id = ?', [OLD, ids[0]]);
      await raw.run('UPDATE address SET updated_at = ? WHERE id = ?', [OLD, others[0]]);
      await store.users.touchBoundAddresses(userId, LATER, '2021-01-01 00:00:00');
      expect((await store.addresses.findById(ids[0] ?? 0))?.updated_at).toBe(LATER);
      expect((await store.addresses.findById(ids[1] ?? 0))?.updated_at).toBe(NOW);
      expect((await store.addresses.findById(others[0] ?? 0))?.updated_at).toBe(OLD);
    });
  });

  describe('mails of bound addresses', () => {
    it('lists every bound address, newest first, or one of them by name', async () => {
      const { userId } = await userWithAddresses('u@x.test', 'u', 2);
      await userWithAddresses('o@x.test', 'o', 1);
      for (const a of ['u0@x.test', 'o0@x.test', 'u1@x.test', 'u0@x.test', 'loose@x.test'])
        await addMail('raw_mails', a);
      const all = await store.users.listMails(userId, { limit: 10, offset: 0 });
      expect(all.count).toBe(3);
      expect(all.results.map((m) => m.address)).toEqual(['u0@x.test', 'u1@x.test', 'u0@x.test']);
      expect(all.results[0]).toMatchObject({ raw: 'raw', created_at: NOW });
      const ids = all.results.map((m) => m.id);
      expect([...ids].sort((a, b) => b - a)).toEqual(ids);
      const one = await store.users.listMails(userId, {
        limit: 10,
        offset: 0,
        address: 'u0@x.test',
      });
      expect(one.count).toBe(2);
      expect(one.results.map((m) => m.address)).toEqual(['u0@x.test', 'u0@x.test']);
    });

    it('pages, counting only on the first page', async () => {
      const { userId } = await userWithAddresses('u@x.test', 'u', 1);
      for (let i = 0; i < 5; i++) await addMail('raw_mails', 'u0@x.test');
      const first = await store.users.listMails(userId, { limit: 2, offset: 0 });
      expect(first.results).toHaveLength(2);
      expect(first.count).toBe(5);
      const last = await store.users.listMails(userId, { limit: 2, offset: 4 });
      expect(last.results).toHaveLength(1);
      expect(last.count).toBe(0);
      expect(last.results[0]?.id).toBeLessThan(first.results[1]?.id ?? 0);
    });

    it('shows nothing of an address that is not bound to the user', async () => {
      const { userId } = await userWithAddresses('u@x.test', 'u', 1);
      await userWithAddresses('o@x.test', 'o', 1);
      await addMail('raw_mails', 'o0@x.test');
      await addMail('raw_mails', 'loose@x.test');
      for (const address of ['o0@x.test', 'loose@x.test', 'x\u0000'])
        expect(await store.users.listMails(userId, { limit: 10, offset: 0, address })).toEqual({
          results: [],
          count: 0,
        });
      const none = await store.users.listMails((await addUser('n@x.test')) + 0, {
        limit: 10,
        offset: 0,
      });
      expect(none).toEqual({ results: [], count: 0 });
    });

    it('boundAddressNames: the names bound now, [] without any, null for no such user', async () => {
      const { userId, ids } = await userWithAddresses('u@x.test', 'u', 2);
      await userWithAddresses('o@x.test', 'o', 1);
      const names = async (id: number) => (await store.users.boundAddressNames(id))?.sort();
      expect(await names(userId)).toEqual(['u0@x.test', 'u1@x.test']);
      const lonely = await addUser('n@x.test');
      expect(await store.users.boundAddressNames(lonely)).toEqual([]);
      expect(await store.users.boundAddressNames(lonely + 1000)).toBeNull();
      await store.users.unbind(userId, ids[0] ?? 0);
      expect(await names(userId)).toEqual(['u1@x.test']);
      await store.users.delete(userId);
      expect(await store.users.boundAddressNames(userId)).toBeNull();
    });

    it('listNewerMails: bound addresses only, above afterId, oldest first, without the message', async () => {
      const { userId, ids } = await userWithAddresses('u@x.test', 'u', 2);
      await userWithAddresses('o@x.test', 'o', 1);
      for (const a of ['u0@x.test', 'o0@x.test', 'u1@x.test', 'loose@x.test', 'u0@x.test'])
        await addMail('raw_mails', a);
      const rows = await raw.all<{ id: unknown; address: string }>(
        'SELECT id, address FROM raw_mails ORDER BY id',
      );
      const mine = rows.filter((r) => r.address.startsWith('u')).map((r) => Number(r.id));
      const newer = async (afterId: number, limit = 10) =>
        (await store.users.listNewerMails(userId, afterId, limit)).map((m) => m.id);

      const all = await store.users.listNewerMails(userId, 0, 10);
      expect(all.map((m) => m.id)).toEqual(mine);
      expect(all[0]).toMatchObject({
        address: 'u0@x.test',
        created_at: NOW,
        raw: null,
        raw_blob: null,
      });
      expect(await newer(mine[0] ?? 0)).toEqual(mine.slice(1));
      expect(await newer(0, 2)).toEqual(mine.slice(0, 2));
      expect(await newer(mine[2] ?? 0)).toEqual([]);
      // Unbinding takes the address out at once.
      await store.users.unbind(userId, ids[0] ?? 0);
      expect(await newer(0)).toEqual([mine[1]]);
      expect(await store.users.listNewerMails(await addUser('n@x.test'), 0, 10)).toEqual([]);
    });

    it('deleteMail deletes only a mail of a bound address', async () => {
      const { userId } = await userWithAddresses('u@x.test', 'u', 1);
      await userWithAddresses('o@x.test', 'o', 1);
      await addMail('raw_mails', 'u0@x.test');
      await addMail('raw_mails', 'o0@x.test');
      const rows = await raw.all<{ id: unknown; address: string }>(
        'SELECT id, address FROM raw_mails ORDER BY id',
      );
      const [mine, theirs] = rows.map((r) => Number(r.id));
      expect(await store.users.deleteMail(userId, theirs ?? 0)).toBe(false);
      expect(await store.users.deleteMail(userId, mine ?? 0)).toBe(true);
      expect(await store.users.deleteMail(userId, mine ?? 0)).toBe(false);
      expect(await count('raw_mails')).toBe(1);
    });
  });

  describe('passkeys', () => {
    const key = (userId: number, passkeyId: string, name = 'key') => ({
      userId,
      name,
      passkeyId,
      passkey: `{"id":"${passkeyId}"}`,
      counter: 0,
    });

    it('inserts, lists per user and finds by credential id', async () => {
      const one = await addUser('one@x.test');
      const two = await addUser('two@x.test');
      const a = await store.passkeys.insert(key(one, 'cred-a', 'laptop'), NOW);
      expect(a).toEqual({
        id: expect.any(Number) as number,
        user_id: one,
        passkey_name: 'laptop',
        passkey_id: 'cred-a',
        passkey: '{"id":"cred-a"}',
        counter: 0,
        created_at: NOW,
        updated_at: NOW,
      });
      const b = await store.passkeys.insert(key(one, 'cred-b'), NOW);
      await store.passkeys.insert(key(two, 'cred-c'), NOW);
      expect(await store.passkeys.listForUser(one)).toEqual([a, b]);
      expect(await store.passkeys.findByCredentialId('cred-b')).toEqual(b);
      expect(await store.passkeys.findByCredentialId('cred-x')).toBeUndefined();
      expect(await store.passkeys.findByCredentialId('cred-\u0000')).toBeUndefined();
    });

    it('finds the first registration when two users hold one credential id', async () => {
      const one = await addUser('one@x.test');
      const two = await addUser('two@x.test');
      const first = await store.passkeys.insert(key(one, 'same'), NOW);
      await store.passkeys.insert(key(two, 'same'), NOW);
      expect(await store.passkeys.findByCredentialId('same')).toEqual(first);
    });

    it('refuses the same credential twice for one user', async () => {
      const one = await addUser('one@x.test');
      await store.passkeys.insert(key(one, 'cred'), NOW);
      await expect(store.passkeys.insert(key(one, 'cred'), NOW)).rejects.toThrow();
    });

    it("renames and deletes only the user's own passkey", async () => {
      const one = await addUser('one@x.test');
      const two = await addUser('two@x.test');
      await store.passkeys.insert(key(one, 'cred'), NOW);
      expect(await store.passkeys.rename(two, 'cred', 'stolen', LATER)).toBe(false);
      expect(await store.passkeys.rename(one, 'cred', 'phone', LATER)).toBe(true);
      expect(await store.passkeys.findByCredentialId('cred')).toMatchObject({
        passkey_name: 'phone',
        updated_at: LATER,
      });
      expect(await store.passkeys.delete(two, 'cred')).toBe(false);
      expect(await store.passkeys.delete(one, 'cred')).toBe(true);
      expect(await store.passkeys.delete(one, 'cred')).toBe(false);
      expect(await store.passkeys.listForUser(one)).toEqual([]);
    });

    it('updateCounter stores counters up to 2^32 - 1 (WebAuthn counters are 32-bit unsigned)', async () => {
      const one = await addUser('big@x.test');
      const row = await store.passkeys.insert(key(one, 'big'), NOW);
      await store.passkeys.updateCounter(row.id, 2 ** 32 - 1, LATER);
      expect((await store.passkeys.findByCredentialId('big'))?.counter).toBe(2 ** 32 - 1);
    });

    it('insertWithinLimit inserts below the limit and says why it does not otherwise', async () => {
      const one = await addUser('one@x.test');
      const two = await addUser('two@x.test');
      const first = await store.passkeys.insertWithinLimit(key(one, 'cred-a', 'laptop'), 2, NOW);
      expect(first).toEqual({
        outcome: 'inserted',
        passkey: await store.passkeys.findByCredentialId('cred-a'),
      });
      expect(await store.passkeys.insertWithinLimit(key(one, 'cred-b'), 2, NOW)).toMatchObject({
        outcome: 'inserted',
      });
      expect(await store.passkeys.insertWithinLimit(key(one, 'cred-c'), 2, NOW)).toEqual({
        outcome: 'limit_reached',
      });
      // 0 = unlimited.
      expect(await store.passkeys.insertWithinLimit(key(one, 'cred-c'), 0, NOW)).toMatchObject({
        outcome: 'inserted',
      });
      // A credential id registered to anyone, and a user that does not exist.
      expect(await store.passkeys.insertWithinLimit(key(two, 'cred-a'), 2, NOW)).toEqual({
        outcome: 'credential_taken',
      });
      expect(await store.passkeys.insertWithinLimit(key(one + two + 1000, 'x'), 2, NOW)).toEqual({
        outcome: 'user_not_found',
      });
      expect(await store.passkeys.listForUser(one)).toHaveLength(3);
      expect(await store.passkeys.listForUser(two)).toEqual([]);
    });

    it('updateCounter stores the signature counter', async () => {
      const one = await addUser('one@x.test');
      const row = await store.passkeys.insert(key(one, 'cred'), NOW);
      await store.passkeys.updateCounter(row.id, 42, LATER);
      expect(await store.passkeys.findByCredentialId('cred')).toMatchObject({
        counter: 42,
        updated_at: LATER,
      });
    });
  });

  // Each race runs many calls at once (on PostgreSQL through two pools of connections).
  // Without the row lock in bind/transfer/insertWithinLimit, concurrent calls all read the same
  // count and pass.
  describe('races', () => {
    const ROUNDS = 3;
    const RACERS = 12;
    const pick = (i: number) => (i % 2 === 0 ? store : other);

    it.each(Array.from({ length: ROUNDS }, (_, i) => i + 1))(
      'lets one of many concurrent binds for one user through at max (round %i)',
      async (round) => {
        const { userId } = await userWithAddresses(`u${round}@x.test`, `r${round}-`, 1);
        const ids: number[] = [];
        for (let i = 0; i < RACERS; i++) ids.push(await addAddress(`c${round}-${i}@x.test`));
        const outcomes = await Promise.all(
          ids.map((id, i) => pick(i).users.bind(userId, id, 2, NOW)),
        );
        expect(outcomes.filter((o) => o === 'bound')).toHaveLength(1);
        expect(outcomes.filter((o) => o === 'limit_reached')).toHaveLength(RACERS - 1);
        expect(await store.users.countBoundAddresses(userId)).toBe(2);
      },
    );

    // Without the users row lock, every registration reads max - 1 passkeys and inserts.
    it.each(Array.from({ length: ROUNDS }, (_, i) => i + 1))(
      'lets one of many concurrent passkey registrations through at the limit (round %i)',
      async (round) => {
        const userId = await addUser(`p${round}@x.test`);
        const passkey = (id: string) => ({
          userId,
          name: id,
          passkeyId: id,
          passkey: `{"id":"${id}"}`,
          counter: 0,
        });
        for (let i = 0; i < 2; i++) {
          await store.passkeys.insertWithinLimit(passkey(`held${round}-${i}`), 3, NOW);
        }
        const outcomes = await Promise.all(
          Array.from({ length: RACERS }, (_, i) =>
            pick(i).passkeys.insertWithinLimit(passkey(`race${round}-${i}`), 3, NOW),
          ),
        );
        expect(outcomes.filter((o) => o.outcome === 'inserted')).toHaveLength(1);
        expect(outcomes.filter((o) => o.outcome === 'limit_reached')).toHaveLength(RACERS - 1);
        expect(await store.passkeys.listForUser(userId)).toHaveLength(3);
      },
    );

    it('registers one credential id once when one user registers it several times at once', async () => {
      const userId = await addUser('same@x.test');
      const outcomes = await Promise.all(
        Array.from({ length: RACERS }, (_, i) =>
          pick(i).passkeys.insertWithinLimit(
            { userId, name: `k${i}`, passkeyId: 'same', passkey: '{}', counter: 0 },
            0,
            NOW,
          ),
        ),
      );
      expect(outcomes.filter((o) => o.outcome === 'inserted')).toHaveLength(1);
      expect(outcomes.filter((o) => o.outcome === 'credential_taken')).toHaveLength(RACERS - 1);
    });

    it('binds one address to exactly one of many users binding it at once', async () => {
      const address = await addAddress('contested@x.test');
      const users: number[] = [];
      for (let i = 0; i < RACERS; i++) users.push(await addUser(`c${i}@x.test`));
      const outcomes = await Promise.all(
        users.map((u, i) => pick(i).users.bind(u, address, 0, NOW)),
      );
      expect(outcomes.filter((o) => o === 'bound')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'bound_to_other')).toHaveLength(RACERS - 1);
      expect(await count('users_address')).toBe(1);
    });

    it('moves an address once when it is transferred to several users at once', async () => {
      const { userId: from, ids } = await userWithAddresses('from@x.test', 'm', 1);
      const targets: number[] = [];
      for (let i = 0; i < 4; i++) targets.push(await addUser(`t${i}@x.test`));
      const results = await Promise.all(
        targets.map((t, i) => pick(i).users.transfer(from, ids[0] ?? 0, t, 0, NOW)),
      );
      expect(results.filter((r) => r.outcome === 'transferred')).toHaveLength(1);
      expect(results.filter((r) => r.outcome === 'not_bound')).toHaveLength(3);
      expect(await count('address')).toBe(1);
      expect(await count('users_address')).toBe(1);
    });

    it('keeps the target at max when transfers and binds race for its last place', async () => {
      const { userId: from, ids } = await userWithAddresses('from@x.test', 'm', 3);
      const target = await addUser('target@x.test');
      const free: number[] = [];
      for (let i = 0; i < 3; i++) free.push(await addAddress(`free${i}@x.test`));
      const results = await Promise.all([
        ...ids.map((id, i) => pick(i).users.transfer(from, id, target, 1, NOW)),
        ...free.map((id, i) => pick(i + 1).users.bind(target, id, 1, NOW)),
      ]);
      expect(await store.users.countBoundAddresses(target)).toBe(1);
      const wins = results.filter(
        (r) => r === 'bound' || (typeof r === 'object' && r.outcome === 'transferred'),
      );
      expect(wins).toHaveLength(1);
    });
  });
});
