/**
 * The storage contract: every method of the Store port (src/storage/ports.ts), run unchanged
 * against every backend in DIALECTS, on one migrated database per backend emptied before each
 * test. Then what only PostgreSQL has: several nodes, hence migrations and batches racing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/storage/open-store.js';
import { migrations } from '../../src/storage/migrations/index.js';
import {
  ADDRESS_SORT_COLUMNS,
  AddressTakenError,
  type AddressListItem,
  type AddressListQuery,
  type AddressRecord,
  type NewAddress,
  type Store,
} from '../../src/storage/ports.js';
import { openRawSql, type RawSql } from '../helpers/raw-sql.js';
import {
  DIALECTS,
  createTestDatabaseUrl,
  openTestStore,
  type TestStore,
} from '../helpers/test-stores.js';

const NOW = '2024-05-06 07:08:09';
const SQL_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const ALL_MIGRATIONS = Object.keys(migrations);
const LIST_ITEM_KEYS = [
  'created_at',
  'id',
  'mail_count',
  'name',
  'send_count',
  'source_meta',
  'updated_at',
];

const entry = (name: string, overrides: Partial<NewAddress> = {}): NewAddress => ({
  name,
  passwordHash: null,
  sourceMeta: 'test',
  ...overrides,
});

describe.each(DIALECTS)('Store contract on %s', (dialect) => {
  let testStore: TestStore;
  let store: Store;
  let raw: RawSql;

  // One database per dialect, emptied before each test: creating a PostgreSQL database per
  // test costs more than the tests themselves.
  beforeAll(async () => {
    testStore = await openTestStore(dialect);
    store = testStore.store;
    raw = await openRawSql(dialect, testStore.url);
  });
  afterAll(async () => {
    await raw?.close();
    await testStore?.cleanup();
  });
  beforeEach(async () => {
    // sqlite_sequence keeps the AUTOINCREMENT counters: ids must stay unused across tests too.
    const tables = await raw.all<{ name: string }>(
      dialect === 'sqlite'
        ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'kysely%'"
        : "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'kysely%'",
    );
    for (const { name } of tables) await raw.run(`DELETE FROM ${name}`);
  });

  const count = async (table: string, where = '1 = 1', params: unknown[] = []) => {
    const rows = await raw.all<{ n: unknown }>(
      `SELECT count(*) AS n FROM ${table} WHERE ${where}`,
      params,
    );
    return Number(rows[0]?.n);
  };
  const addMails = async (table: 'raw_mails' | 'sendbox', address: string, n: number) => {
    for (let i = 0; i < n; i++) {
      await raw.run(`INSERT INTO ${table} (address, raw, created_at) VALUES (?, ?, ?)`, [
        address,
        `mail ${i}`,
        NOW,
      ]);
    }
  };
  const listQuery = (over: Partial<AddressListQuery> = {}): AddressListQuery => ({
    limit: 100,
    offset: 0,
    sortBy: 'id',
    sortOrder: 'asc',
    ...over,
  });
  const names = (items: readonly AddressListItem[]) => items.map((i) => i.name);

  it('is the dialect it was opened as', () => {
    expect(store.dialect).toBe(dialect);
  });

  describe('addresses.insert', () => {
    it('returns the stored row with its id and SQL timestamps', async () => {
      const row = await store.addresses.insert(
        entry('alice@example.com', { passwordHash: 'hash', sourceMeta: '10.0.0.1' }),
        NOW,
      );
      expect(row).toEqual({
        id: expect.any(Number) as number,
        name: 'alice@example.com',
        password: 'hash',
        source_meta: '10.0.0.1',
        created_at: NOW,
        updated_at: NOW,
      });
      expect(row.id).toBeGreaterThan(0);
      expect(row.created_at).toMatch(SQL_TIMESTAMP);
      expect(await store.addresses.findById(row.id)).toEqual(row);
    });

    it('stores an address without a password', async () => {
      const row = await store.addresses.insert(entry('nopass@example.com'), NOW);
      expect(row.password).toBeNull();
      expect((await store.addresses.findByName('nopass@example.com'))?.password).toBeNull();
    });

    it('throws AddressTakenError for a name that exists, and stores nothing', async () => {
      await store.addresses.insert(entry('dup@example.com'), NOW);
      const error = await store.addresses
        .insert(entry('dup@example.com', { sourceMeta: 'other' }), NOW)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AddressTakenError);
      expect((error as AddressTakenError).addressName).toBe('dup@example.com');
      expect(await count('address')).toBe(1);
      expect((await store.addresses.findByName('dup@example.com'))?.source_meta).toBe('test');
    });

    it('never reuses the id of a deleted address', async () => {
      const a = await store.addresses.insert(entry('a@example.com'), NOW);
      const b = await store.addresses.insert(entry('b@example.com'), NOW);
      expect(b.id).toBeGreaterThan(a.id);
      expect(await store.addresses.deleteWithData(b.id)).toBe(true);
      const c = await store.addresses.insert(entry('c@example.com'), NOW);
      expect(c.id).toBeGreaterThan(b.id);
      expect(await store.addresses.deleteWithData(c.id)).toBe(true);
      const [d] = await store.addresses.insertMany([entry('d@example.com')], NOW);
      expect(d?.id).toBeGreaterThan(c.id);
    });
  });

  describe('addresses.insertMany', () => {
    it('returns [] for an empty batch', async () => {
      expect(await store.addresses.insertMany([], NOW)).toEqual([]);
    });

    it('keeps the input order, with null for taken names and for repeats inside the batch', async () => {
      await store.addresses.insert(entry('taken@example.com'), NOW);
      const input = ['n1', 'taken', 'n2', 'n1', 'n3', 'n2'].map((n) => entry(`${n}@example.com`));
      const rows = await store.addresses.insertMany(input, NOW);
      expect(rows.map((r) => r?.name ?? null)).toEqual([
        'n1@example.com',
        null,
        'n2@example.com',
        null,
        'n3@example.com',
        null,
      ]);
      const created = rows.filter((r): r is AddressRecord => r !== null);
      const ids = created.map((r) => r.id);
      expect(ids).toEqual([...ids].sort((x, y) => x - y));
      expect(new Set(ids).size).toBe(3);
      for (const row of created) {
        expect(row.created_at).toBe(NOW);
        expect(row.updated_at).toBe(NOW);
        expect(await store.addresses.findById(row.id)).toEqual(row);
      }
      expect(await count('address')).toBe(4);
    });

    it('returns null for every entry when all names are taken', async () => {
      await store.addresses.insert(entry('x@example.com'), NOW);
      expect(await store.addresses.insertMany([entry('x@example.com')], NOW)).toEqual([null]);
    });

    // ADDRESS_BATCH_MAX allows up to 10,000 names in one request.
    it('creates a batch of 10,000 addresses', async () => {
      const input = Array.from({ length: 10_000 }, (_, i) => entry(`bulk${i}@example.com`));
      const rows = await store.addresses.insertMany(input, NOW);
      expect(rows).toHaveLength(10_000);
      expect(rows.every((r, i) => r?.name === `bulk${i}@example.com`)).toBe(true);
      expect(await count('address')).toBe(10_000);
    });

    // On PostgreSQL, transactions inserting the same names in opposite orders each wait for a
    // row the other has inserted but not committed: a deadlock, unless batches take turns.
    // Several rounds, because it takes the two to interleave.
    it('runs concurrent batches of the same names in opposite orders without deadlock', async () => {
      for (let round = 0; round < 5; round++) {
        const ascending = Array.from({ length: 30 }, (_, j) => `r${round}c${j}@example.com`);
        const batches = Array.from({ length: 8 }, (_, k) =>
          k % 2 === 0 ? ascending : [...ascending].reverse(),
        );
        const results = await Promise.all(
          batches.map((batch) =>
            store.addresses.insertMany(
              batch.map((n) => entry(n)),
              NOW,
            ),
          ),
        );
        const created = results.flat().filter((r): r is AddressRecord => r !== null);
        expect(created.map((r) => r.name).sort()).toEqual([...ascending].sort());
        for (const rows of results) expect(rows).toHaveLength(30);
      }
      expect(await count('address')).toBe(150);
    });

    it('is one transaction: a failing entry stores none of the batch', async () => {
      const input = Array.from({ length: 2_500 }, (_, i) => entry(`tx${i}@example.com`));
      // A null name violates NOT NULL: the last row fails after the others were written.
      input.push(entry(null as unknown as string));
      await expect(store.addresses.insertMany(input, NOW)).rejects.toThrow();
      expect(await count('address')).toBe(0);
    });
  });

  describe('addresses.findById / findByName', () => {
    it('finds an existing address and returns undefined otherwise', async () => {
      const row = await store.addresses.insert(entry('find@example.com'), NOW);
      expect(await store.addresses.findById(row.id)).toEqual(row);
      expect(await store.addresses.findByName('find@example.com')).toEqual(row);
      expect(await store.addresses.findById(row.id + 1000)).toBeUndefined();
      expect(await store.addresses.findByName('other@example.com')).toBeUndefined();
      expect(await store.addresses.findByName('find@example')).toBeUndefined();
    });
  });

  describe('addresses.list', () => {
    // Every sortable column has distinct values, ordered differently from one column to the next.
    const seed = [
      {
        name: 'carol@example.com',
        meta: 'm3',
        created: '2024-01-03',
        updated: '2024-02-01',
        mails: 2,
        sent: 0,
      },
      {
        name: 'alice@example.com',
        meta: 'm5',
        created: '2024-01-01',
        updated: '2024-02-04',
        mails: 0,
        sent: 3,
      },
      {
        name: 'erin@example.com',
        meta: 'm1',
        created: '2024-01-05',
        updated: '2024-02-02',
        mails: 4,
        sent: 1,
      },
      {
        name: 'bob@example.com',
        meta: 'm4',
        created: '2024-01-04',
        updated: '2024-02-05',
        mails: 1,
        sent: 4,
      },
      {
        name: 'dave@example.com',
        meta: 'm2',
        created: '2024-01-02',
        updated: '2024-02-03',
        mails: 3,
        sent: 2,
      },
    ];
    type Seeded = AddressListItem;
    let seeded: Seeded[];

    beforeEach(async () => {
      seeded = [];
      for (const s of seed) {
        const row = await store.addresses.insert(
          entry(s.name, { passwordHash: 'secret-hash', sourceMeta: s.meta }),
          `${s.created} 00:00:00`,
        );
        await raw.run('UPDATE address SET updated_at = ? WHERE id = ?', [
          `${s.updated} 00:00:00`,
          row.id,
        ]);
        await addMails('raw_mails', s.name, s.mails);
        await addMails('sendbox', s.name, s.sent);
        seeded.push({
          id: row.id,
          name: s.name,
          source_meta: s.meta,
          created_at: `${s.created} 00:00:00`,
          updated_at: `${s.updated} 00:00:00`,
          mail_count: s.mails,
          send_count: s.sent,
        });
      }
    });

    it('returns every column but the password, with numeric counts', async () => {
      const page = await store.addresses.list(listQuery());
      expect(page.count).toBe(5);
      expect(page.results).toEqual(seeded);
      for (const item of page.results) {
        expect(Object.keys(item).sort()).toEqual(LIST_ITEM_KEYS);
        expect(item).not.toHaveProperty('password');
        expect(typeof item.mail_count).toBe('number');
        expect(typeof item.send_count).toBe('number');
      }
    });

    it('pages with limit and offset, counting only on the first page', async () => {
      const first = await store.addresses.list(listQuery({ limit: 2, offset: 0 }));
      const second = await store.addresses.list(listQuery({ limit: 2, offset: 2 }));
      const third = await store.addresses.list(listQuery({ limit: 2, offset: 4 }));
      const beyond = await store.addresses.list(listQuery({ limit: 2, offset: 10 }));
      expect(first.count).toBe(5);
      expect(second.count).toBe(0);
      expect(third.count).toBe(0);
      expect(beyond).toEqual({ results: [], count: 0 });
      expect([...first.results, ...second.results, ...third.results]).toEqual(seeded);
      expect(third.results).toHaveLength(1);
    });

    it.each(ADDRESS_SORT_COLUMNS.flatMap((c) => [[c, 'asc'] as const, [c, 'desc'] as const]))(
      'sorts by %s %s',
      async (sortBy, sortOrder) => {
        const expected = [...seeded].sort((x, y) => {
          const a = x[sortBy] ?? '';
          const b = y[sortBy] ?? '';
          const cmp = a < b ? -1 : a > b ? 1 : 0;
          return sortOrder === 'asc' ? cmp : -cmp;
        });
        const page = await store.addresses.list(listQuery({ sortBy, sortOrder }));
        expect(names(page.results)).toEqual(names(expected));
      },
    );

    it('breaks ties by id, so pages never repeat or skip a row', async () => {
      for (const i of [1, 2, 3, 4]) await store.addresses.insert(entry(`tie${i}@example.com`), NOW);
      for (const sortOrder of ['asc', 'desc'] as const) {
        const seen: number[] = [];
        for (let offset = 0; offset < 9; offset++) {
          const page = await store.addresses.list(
            listQuery({ limit: 1, offset, sortBy: 'send_count', sortOrder }),
          );
          seen.push(...page.results.map((r) => r.id));
        }
        expect(new Set(seen).size).toBe(9);
      }
    });

    it('filters by a case-insensitive substring of the name and counts the matches', async () => {
      const page = await store.addresses.list(listQuery({ query: 'AR' }));
      expect(names(page.results)).toEqual(['carol@example.com']);
      expect(page.count).toBe(1);
      const e = await store.addresses.list(listQuery({ query: 'e.c', limit: 2 }));
      expect(e.count).toBe(5);
      expect(e.results).toHaveLength(2);
      expect(await store.addresses.list(listQuery({ query: 'zzz' }))).toEqual({
        results: [],
        count: 0,
      });
    });

    it('matches names stored with capitals case-insensitively too', async () => {
      await store.addresses.insert(entry('Mixed.Case@Example.com'), NOW);
      const page = await store.addresses.list(listQuery({ query: 'mixed.case' }));
      expect(names(page.results)).toEqual(['Mixed.Case@Example.com']);
    });

    it('treats LIKE wildcards and the escape character in the query literally', async () => {
      for (const n of ['a_b', 'axb', 'a%c', 'abc', 'back\\slash']) {
        await store.addresses.insert(entry(`${n}@wild.test`), NOW);
      }
      const search = async (query: string) =>
        names((await store.addresses.list(listQuery({ query }))).results);
      expect(await search('_')).toEqual(['a_b@wild.test']);
      expect(await search('a_b')).toEqual(['a_b@wild.test']);
      expect(await search('%')).toEqual(['a%c@wild.test']);
      expect(await search('a%c')).toEqual(['a%c@wild.test']);
      expect(await search('\\')).toEqual(['back\\slash@wild.test']);
      expect(await search('@wild')).toHaveLength(5);
    });
  });

  describe('addresses.deleteWithData', () => {
    const seedOwned = async (row: AddressRecord, userId: number) => {
      await addMails('raw_mails', row.name, 2);
      await addMails('sendbox', row.name, 2);
      await raw.run(
        'INSERT INTO address_sender (address, balance, enabled, created_at) VALUES (?, ?, ?, ?)',
        [row.name, 5, 1, NOW],
      );
      await raw.run(
        'INSERT INTO auto_reply_mails (address, subject, message, enabled, created_at) VALUES (?, ?, ?, ?, ?)',
        [row.name, 'away', 'back soon', 1, NOW],
      );
      await raw.run(
        'INSERT INTO users_address (user_id, address_id, created_at) VALUES (?, ?, ?)',
        [userId, row.id, NOW],
      );
    };
    const rowsOf = async (row: AddressRecord) => ({
      raw_mails: await count('raw_mails', 'address = ?', [row.name]),
      sendbox: await count('sendbox', 'address = ?', [row.name]),
      address_sender: await count('address_sender', 'address = ?', [row.name]),
      auto_reply_mails: await count('auto_reply_mails', 'address = ?', [row.name]),
      users_address: await count('users_address', 'address_id = ?', [row.id]),
    });

    it("removes the address and the rows keyed by it, leaving other addresses' rows", async () => {
      const gone = await store.addresses.insert(entry('gone@example.com'), NOW);
      const kept = await store.addresses.insert(entry('kept@example.com'), NOW);
      await seedOwned(gone, 1);
      await seedOwned(kept, 1);

      expect(await store.addresses.deleteWithData(gone.id)).toBe(true);

      expect(await store.addresses.findById(gone.id)).toBeUndefined();
      expect(await store.addresses.findByName('gone@example.com')).toBeUndefined();
      expect(await rowsOf(gone)).toEqual({
        raw_mails: 0,
        sendbox: 0,
        address_sender: 0,
        auto_reply_mails: 0,
        users_address: 0,
      });
      expect(await store.addresses.findById(kept.id)).toEqual(kept);
      expect(await rowsOf(kept)).toEqual({
        raw_mails: 2,
        sendbox: 2,
        address_sender: 1,
        auto_reply_mails: 1,
        users_address: 1,
      });
      expect(await store.users.countBoundAddresses(1)).toBe(1);
    });

    it('returns false for an unknown id, and for an id already deleted', async () => {
      const row = await store.addresses.insert(entry('once@example.com'), NOW);
      expect(await store.addresses.deleteWithData(row.id + 1000)).toBe(false);
      expect(await store.addresses.deleteWithData(row.id)).toBe(true);
      expect(await store.addresses.deleteWithData(row.id)).toBe(false);
    });

    it('lets the name be created again afterwards, with a new id', async () => {
      const first = await store.addresses.insert(entry('again@example.com'), NOW);
      await store.addresses.deleteWithData(first.id);
      const second = await store.addresses.insert(entry('again@example.com'), NOW);
      expect(second.id).toBeGreaterThan(first.id);
    });
  });

  describe('addresses.setPassword', () => {
    it('sets the hash and updated_at of an existing address', async () => {
      const row = await store.addresses.insert(entry('pw@example.com'), NOW);
      expect(await store.addresses.setPassword(row.id, 'new-hash', '2024-06-01 00:00:00')).toBe(
        true,
      );
      expect(await store.addresses.findById(row.id)).toEqual({
        ...row,
        password: 'new-hash',
        updated_at: '2024-06-01 00:00:00',
      });
    });

    it('returns false for an unknown id', async () => {
      expect(await store.addresses.setPassword(4242, 'hash', NOW)).toBe(false);
    });
  });

  describe('addresses.sendBalance', () => {
    it('is the balance of an enabled sender row, else 0', async () => {
      await raw.run(
        'INSERT INTO address_sender (address, balance, enabled, created_at) VALUES (?, ?, ?, ?), (?, ?, ?, ?)',
        ['on@example.com', 7, 1, NOW, 'off@example.com', 9, 0, NOW],
      );
      expect(await store.addresses.sendBalance('on@example.com')).toBe(7);
      expect(await store.addresses.sendBalance('off@example.com')).toBe(0);
      expect(await store.addresses.sendBalance('none@example.com')).toBe(0);
    });
  });

  describe('addresses.touch', () => {
    it('moves updated_at to now only when it is older than the threshold', async () => {
      const row = await store.addresses.insert(entry('t@example.com'), '2024-01-01 00:00:00');

      await store.addresses.touch(row.id, '2024-01-01 12:00:00', '2023-12-31 12:00:00');
      expect((await store.addresses.findById(row.id))?.updated_at).toBe('2024-01-01 00:00:00');

      // Exactly at the threshold is not older than it.
      await store.addresses.touch(row.id, '2024-01-02 00:00:00', '2024-01-01 00:00:00');
      expect((await store.addresses.findById(row.id))?.updated_at).toBe('2024-01-01 00:00:00');

      await store.addresses.touch(row.id, '2024-01-02 00:00:01', '2024-01-01 00:00:01');
      expect(await store.addresses.findById(row.id)).toEqual({
        ...row,
        updated_at: '2024-01-02 00:00:01',
      });
    });

    it('does nothing for an unknown id', async () => {
      await expect(store.addresses.touch(4242, NOW, NOW)).resolves.toBeUndefined();
      expect(await count('address')).toBe(0);
    });
  });

  describe('settings', () => {
    const values: [string, unknown][] = [
      ['object', { a: 1, nested: { list: [1, 'two', null], ok: true } }],
      ['array', ['x@example.com', 'y@example.com']],
      ['empty-array', []],
      ['string', 'plain text with "quotes" and ünïcödé'],
      ['empty-string', ''],
      ['true', true],
      ['false', false],
      ['number', 42.5],
      ['null', null],
    ];

    it.each(values)('round-trips a JSON %s', async (key, value) => {
      await store.settings.set(key, value, NOW);
      expect(await store.settings.get(key)).toEqual(value);
    });

    it('returns undefined for a missing key, and after delete', async () => {
      expect(await store.settings.get('missing')).toBeUndefined();
      await store.settings.set('k', { v: 1 }, NOW);
      await store.settings.delete('k');
      expect(await store.settings.get('k')).toBeUndefined();
      await expect(store.settings.delete('never-set')).resolves.toBeUndefined();
    });

    it('overwrites an existing key', async () => {
      await store.settings.set('k', ['old'], NOW);
      await store.settings.set('k', { now: 'new' }, '2024-06-01 00:00:00');
      expect(await store.settings.get('k')).toEqual({ now: 'new' });
      expect(await count('settings')).toBe(1);
    });

    it('reads a value that is not JSON (written by hand) as the plain string', async () => {
      await raw.run(
        'INSERT INTO settings (key, value, created_at, updated_at) VALUES (?, ?, ?, ?)',
        ['hand', 'not json', NOW, NOW],
      );
      expect(await store.settings.get('hand')).toBe('not json');
    });

    it('setMany stores several keys and deletes those whose value is undefined', async () => {
      await store.settings.set('gone', 'x', NOW);
      await store.settings.set('changed', 'old', NOW);
      await store.settings.setMany(
        [
          ['changed', { v: 2 }],
          ['added', [1, 2]],
          ['gone', undefined],
          ['never', undefined],
        ],
        NOW,
      );
      expect(await store.settings.get('changed')).toEqual({ v: 2 });
      expect(await store.settings.get('added')).toEqual([1, 2]);
      expect(await store.settings.get('gone')).toBeUndefined();
      expect(await store.settings.get('never')).toBeUndefined();
    });

    it('setMany is all or nothing', async () => {
      await store.settings.set('a', 'old a', NOW);
      await store.settings.set('c', 'old c', NOW);
      // JSON.stringify throws on a BigInt: the third entry fails after two were written.
      const entries: [string, unknown][] = [
        ['a', 'new a'],
        ['c', undefined],
        ['b', 1n],
      ];
      await expect(store.settings.setMany(entries, NOW)).rejects.toThrow();
      expect(await store.settings.get('a')).toBe('old a');
      expect(await store.settings.get('c')).toBe('old c');
      expect(await store.settings.get('b')).toBeUndefined();
    });

    it('setMany with no entries changes nothing', async () => {
      await store.settings.set('a', 1, NOW);
      await store.settings.setMany([], NOW);
      expect(await store.settings.get('a')).toBe(1);
    });
  });

  describe('users', () => {
    const addUser = async (email: string) => {
      await raw.run(
        'INSERT INTO users (user_email, password, created_at, updated_at) VALUES (?, ?, ?, ?)',
        [email, 'hash', NOW, NOW],
      );
      const rows = await raw.all<{ id: unknown }>('SELECT id FROM users WHERE user_email = ?', [
        email,
      ]);
      return Number(rows[0]?.id);
    };

    it('exists tells whether a user id is present', async () => {
      const id = await addUser('u@example.com');
      expect(await store.users.exists(id)).toBe(true);
      expect(await store.users.exists(id + 1000)).toBe(false);
    });

    it('findRoleName returns the stored role, or undefined', async () => {
      const admin = await addUser('admin@example.com');
      const plain = await addUser('plain@example.com');
      const blank = await addUser('blank@example.com');
      await raw.run(
        'INSERT INTO user_roles (user_id, role_text, created_at, updated_at) VALUES (?, ?, ?, ?), (?, ?, ?, ?)',
        [admin, 'vip', NOW, NOW, blank, null, NOW, NOW],
      );
      expect(await store.users.findRoleName(admin)).toBe('vip');
      expect(await store.users.findRoleName(plain)).toBeUndefined();
      expect(await store.users.findRoleName(blank)).toBeUndefined();
    });

    it("countBoundAddresses counts only that user's bindings", async () => {
      const one = await addUser('one@example.com');
      const two = await addUser('two@example.com');
      const rows = await store.addresses.insertMany(
        ['b1', 'b2', 'b3'].map((n) => entry(`${n}@example.com`)),
        NOW,
      );
      const [b1, b2, b3] = rows.map((r) => r?.id);
      await raw.run(
        'INSERT INTO users_address (user_id, address_id, created_at) VALUES (?, ?, ?), (?, ?, ?), (?, ?, ?)',
        [one, b1, NOW, one, b2, NOW, two, b3, NOW],
      );
      expect(await store.users.countBoundAddresses(one)).toBe(2);
      expect(await store.users.countBoundAddresses(two)).toBe(1);
      expect(await store.users.countBoundAddresses(two + 1000)).toBe(0);
    });
  });

  describe('migrations', () => {
    it('reports the newest migration, and a second migrate applies nothing', async () => {
      expect(await store.schemaVersion()).toBe(ALL_MIGRATIONS.at(-1));
      expect(await store.migrate()).toEqual([]);
      expect(await store.schemaVersion()).toBe(ALL_MIGRATIONS.at(-1));
    });

    it('starts from an empty database: no version, then every migration in order', async () => {
      const db = await createTestDatabaseUrl(dialect);
      const fresh = openStore(db.url);
      try {
        expect(await fresh.schemaVersion()).toBeNull();
        expect(await fresh.migrate()).toEqual(ALL_MIGRATIONS);
        expect(await fresh.schemaVersion()).toBe(ALL_MIGRATIONS.at(-1));
        expect(await fresh.migrate()).toEqual([]);
      } finally {
        await fresh.close();
        await db.drop();
      }
    });

    it('keeps the data when the store is reopened and migrated again', async () => {
      const row = await store.addresses.insert(entry('persist@example.com'), NOW);
      const again = openStore(testStore.url);
      try {
        expect(await again.migrate()).toEqual([]);
        expect(await again.addresses.findById(row.id)).toEqual(row);
      } finally {
        await again.close();
      }
    });
  });
});

describe.skipIf(!DIALECTS.includes('postgres'))('concurrency on postgres', () => {
  // Nodes starting together on one database: the advisory lock lets one migrate, the other
  // then finds nothing to do. Repeated, because a race shows only sometimes.
  it.each([1, 2, 3])('run once when two stores migrate concurrently (round %i)', async () => {
    const db = await createTestDatabaseUrl('postgres');
    const first = openStore(db.url);
    const second = openStore(db.url);
    try {
      const [a, b] = await Promise.all([first.migrate(), second.migrate()]);
      expect([...a, ...b]).toEqual(ALL_MIGRATIONS);
      expect(await first.schemaVersion()).toBe(ALL_MIGRATIONS.at(-1));
      expect(await second.schemaVersion()).toBe(ALL_MIGRATIONS.at(-1));
      const raw = await openRawSql('postgres', db.url);
      try {
        const rows = await raw.all<{ name: string }>('SELECT name FROM kysely_migration');
        expect(rows.map((r) => r.name).sort()).toEqual([...ALL_MIGRATIONS].sort());
      } finally {
        await raw.close();
      }
    } finally {
      await first.close();
      await second.close();
      await db.drop();
    }
  });

  // Two batches of the same names in opposite orders, made to interleave for certain: a third
  // connection holds the middle name uncommitted until both batches wait for it (each having
  // inserted its first name), then rolls back. Whichever batch gets the middle name next needs
  // the other's first name, and the other needs the middle one: a deadlock, unless the second
  // batch waited before inserting anything.
  it('does not deadlock two batches of the same names in opposite orders', async () => {
    const db = await createTestDatabaseUrl('postgres');
    const store = openStore(db.url);
    const holder = await openRawSql('postgres', db.url);
    const watcher = await openRawSql('postgres', db.url);
    try {
      await store.migrate();
      const p = entry('p@example.com');
      const middle = entry('middle@example.com');
      const q = entry('q@example.com');
      await holder.run('BEGIN');
      await holder.run('INSERT INTO address (name, created_at, updated_at) VALUES (?, ?, ?)', [
        middle.name,
        NOW,
        NOW,
      ]);
      const batches = Promise.all([
        store.addresses.insertMany([p, middle, q], NOW),
        store.addresses.insertMany([q, middle, p], NOW),
      ]);
      await waitFor(async () => {
        const rows = await watcher.all<{ n: unknown }>(
          "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        );
        return Number(rows[0]?.n) >= 2;
      });
      await holder.run('ROLLBACK');

      const [first, second] = await batches;
      const created = [...first, ...second].filter((r): r is AddressRecord => r !== null);
      expect(created.map((r) => r.name).sort()).toEqual([middle.name, p.name, q.name]);
    } finally {
      await holder.close();
      await watcher.close();
      await store.close();
      await db.drop();
    }
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
