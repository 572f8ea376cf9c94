/**
 * The mail storage contract: every method of MailStore and RetentionStore (src/storage/ports.ts),
 * run unchanged against every backend in DIALECTS, each test on a fresh migrated database.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MailRecord, NewMail, Store } from '../../src/storage/ports.js';
import {
  ADDRESS_CLEANUP_BATCH,
  MAIL_CLEANUP_BATCH,
} from '../../src/storage/sql/retention-repository.js';
import { openRawSql, type RawSql } from '../helpers/raw-sql.js';
import { DIALECTS, openTestStore, type TestStore } from '../helpers/test-stores.js';

const NOW = '2024-05-06 07:08:09';
const ALICE = 'alice@example.com';
const BOB = 'bob@example.com';

/** Midnight of day `d` of January 2024, as the store writes timestamps. */
const day = (d: number) => `2024-01-${String(d).padStart(2, '0')} 00:00:00`;

const newMail = (address: string, over: Partial<NewMail> = {}): NewMail => ({
  address,
  source: 'sender@example.org',
  messageId: '<m1@example.org>',
  raw: 'From: Sender <sender@example.org>\r\nSubject: hi\r\n\r\nbody\r\n',
  rawGzip: null,
  metadata: null,
  subject: 'hi',
  sender: 'Sender <sender@example.org>',
  size: 60,
  attachments: '[]',
  ...over,
});

describe.each(DIALECTS)('MailStore and RetentionStore contract on %s', (dialect) => {
  let testStore: TestStore;
  let store: Store;
  let raw: RawSql;

  beforeEach(async () => {
    testStore = await openTestStore(dialect);
    store = testStore.store;
    raw = await openRawSql(dialect, testStore.url);
  });
  afterEach(async () => {
    await raw.close();
    await testStore.cleanup();
  });

  const count = async (table: string, where = '1 = 1', params: unknown[] = []) => {
    const rows = await raw.all<{ n: unknown }>(
      `SELECT count(*) AS n FROM ${table} WHERE ${where}`,
      params,
    );
    return Number(rows[0]?.n);
  };
  /** Stores `n` mails for `address` (subjects `<prefix>0`, `<prefix>1`, …); returns their ids. */
  const seed = (address: string, n: number, now = NOW, prefix = 'm') =>
    store.mails.insertMany(
      Array.from({ length: n }, (_, i) => newMail(address, { subject: `${prefix}${i}` })),
      now,
    );
  const ids = (rows: readonly MailRecord[]) => rows.map((r) => r.id);
  const desc = (list: readonly number[]) => [...list].sort((a, b) => b - a);

  describe('migration 0002', () => {
    it('leaves the parsed columns null on rows written without them', async () => {
      await raw.run(
        'INSERT INTO raw_mails (address, source, raw, created_at) VALUES (?, ?, ?, ?)',
        [ALICE, 'old@example.org', 'old raw', NOW],
      );
      const [row] = (await store.mails.listForAddress(ALICE, { limit: 10, offset: 0 })).results;
      expect(row).toMatchObject({
        raw: 'old raw',
        raw_blob: null,
        subject: null,
        sender: null,
        size: null,
        attachments: null,
      });
    });
  });

  describe('mails.insertMany', () => {
    it('returns [] for an empty batch and stores nothing', async () => {
      expect(await store.mails.insertMany([], NOW)).toEqual([]);
      expect(await count('raw_mails')).toBe(0);
    });

    it('stores every field as given, with created_at from `now`', async () => {
      const input = newMail(ALICE, {
        messageId: null,
        metadata: '{"ai_extract":{"type":"auth_code","result":"123456","result_text":""}}',
        subject: 'Grüße ✓',
        sender: '"Ünïcode" <u@example.org>',
        size: 1234,
        attachments: '[{"filename":"a.txt","mimeType":"text/plain","disposition":"attachment"}]',
      });
      const [id] = await store.mails.insertMany([input], NOW);
      const row = await store.mails.findById(id ?? -1);
      expect(row).toEqual({
        id,
        message_id: null,
        source: input.source,
        address: ALICE,
        raw: input.raw,
        raw_blob: null,
        metadata: input.metadata,
        created_at: NOW,
        subject: 'Grüße ✓',
        sender: '"Ünïcode" <u@example.org>',
        size: 1234,
        attachments: input.attachments,
      });
      expect(typeof row?.id).toBe('number');
    });

    it('round-trips gzip bytes exactly, undecoded', async () => {
      const mime = Buffer.concat([
        Buffer.from('Subject: bytes\r\n\r\n'),
        Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x0d, 0x0a]),
      ]);
      const gz = gzipSync(mime);
      // A plain Uint8Array view into a larger buffer, not a Buffer: the store must bind it as is.
      const backing = new Uint8Array(gz.length + 8);
      backing.set(gz, 4);
      const view = new Uint8Array(backing.buffer, 4, gz.length);
      const [id] = await store.mails.insertMany(
        [newMail(ALICE, { raw: null, rawGzip: view })],
        NOW,
      );
      const row = await store.mails.findForAddress(ALICE, id ?? -1);
      expect(row?.raw).toBeNull();
      expect(row?.raw_blob).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(row?.raw_blob ?? new Uint8Array())).toEqual(gz);
      expect(gunzipSync(row?.raw_blob ?? new Uint8Array())).toEqual(mime);
    });

    it('returns one id per mail, in input order, across several statements', async () => {
      const input = Array.from({ length: 250 }, (_, i) =>
        newMail(`r${i % 3}@example.com`, {
          subject: `s${i}`,
        }),
      );
      const result = await store.mails.insertMany(input, NOW);
      expect(result).toHaveLength(250);
      expect(new Set(result).size).toBe(250);
      expect(result).toEqual([...result].sort((a, b) => a - b));
      for (const [i, id] of result.entries()) {
        const row = await store.mails.findById(id);
        expect(row?.subject).toBe(`s${i}`);
        expect(row?.address).toBe(`r${i % 3}@example.com`);
      }
    });

    it('is one transaction: a mail that cannot be written stores none of the batch', async () => {
      const input = Array.from({ length: 150 }, (_, i) => newMail(ALICE, { subject: `t${i}` }));
      // Neither driver can bind this value; it sits in the second statement, after the first
      // one was written.
      const poison = {
        toJSON() {
          throw new Error('unbindable');
        },
      };
      input[140] = newMail(ALICE, { subject: poison as unknown as string });
      await expect(store.mails.insertMany(input, NOW)).rejects.toThrow();
      expect(await count('raw_mails')).toBe(0);
    });

    it('keeps concurrent batches apart', async () => {
      const batches = Array.from({ length: 8 }, (_, b) =>
        Array.from({ length: 40 }, (_, i) =>
          newMail(`c${b}@example.com`, { subject: `${b}:${i}` }),
        ),
      );
      const results = await Promise.all(batches.map((batch) => store.mails.insertMany(batch, NOW)));
      const all = results.flat();
      expect(new Set(all).size).toBe(8 * 40);
      for (const [b, result] of results.entries()) {
        expect(result).toHaveLength(40);
        const page = await store.mails.listForAddress(`c${b}@example.com`, {
          limit: 100,
          offset: 0,
        });
        expect(page.count).toBe(40);
        expect(ids(page.results)).toEqual(desc(result));
        for (const [i, id] of result.entries()) {
          expect((await store.mails.findById(id))?.subject).toBe(`${b}:${i}`);
        }
      }
      expect(await store.mails.count()).toBe(8 * 40);
    });
  });

  describe('mails.listForAddress', () => {
    it('lists newest first, only that exact address, with count on the first page only', async () => {
      const alice = await seed(ALICE, 7);
      await seed(BOB, 3);
      await seed('Alice@example.com', 2);
      const first = await store.mails.listForAddress(ALICE, { limit: 3, offset: 0 });
      expect(first.count).toBe(7);
      expect(ids(first.results)).toEqual(desc(alice).slice(0, 3));
      expect(first.results.every((r) => r.address === ALICE)).toBe(true);
      const second = await store.mails.listForAddress(ALICE, { limit: 3, offset: 3 });
      expect(second).toEqual({ results: expect.any(Array) as unknown, count: 0 });
      expect(ids(second.results)).toEqual(desc(alice).slice(3, 6));
      const last = await store.mails.listForAddress(ALICE, { limit: 3, offset: 6 });
      expect(ids(last.results)).toEqual(desc(alice).slice(6));
      const past = await store.mails.listForAddress(ALICE, { limit: 3, offset: 10 });
      expect(past).toEqual({ results: [], count: 0 });
    });

    it('leaves raw and raw_blob unread with withRaw: false, every other column the same', async () => {
      await store.mails.insertMany(
        [newMail(ALICE), newMail(ALICE, { raw: null, rawGzip: gzipSync(Buffer.from('zipped')) })],
        NOW,
      );
      const whole = await store.mails.listForAddress(ALICE, { limit: 10, offset: 0 });
      const lean = await store.mails.listForAddress(ALICE, {
        limit: 10,
        offset: 0,
        withRaw: false,
      });
      expect(lean.count).toBe(2);
      expect(lean.results).toEqual(
        whole.results.map((row) => ({ ...row, raw: null, raw_blob: null })),
      );
      // The same for the admin lists and a user's mail across bound addresses.
      for (const list of [
        await store.mails.list({ limit: 10, offset: 0, withRaw: false }),
        await store.mails.list({ limit: 10, offset: 0, address: ALICE, withRaw: false }),
        await store.mails.listUnknown({ limit: 10, offset: 0, withRaw: false }),
      ]) {
        expect(list.results.map((r) => [r.raw, r.raw_blob])).toEqual([
          [null, null],
          [null, null],
        ]);
      }
    });

    it('returns an empty first page for an address without mail', async () => {
      await seed(BOB, 2);
      expect(await store.mails.listForAddress(ALICE, { limit: 10, offset: 0 })).toEqual({
        results: [],
        count: 0,
      });
    });
  });

  describe('mails.listNewer', () => {
    it('lists the address’s mails after an id, oldest first, up to the limit', async () => {
      const alice = await seed(ALICE, 5);
      await seed(BOB, 5);
      const all = await store.mails.listNewer(ALICE, 0, 100);
      expect(ids(all)).toEqual(alice);
      const after = await store.mails.listNewer(ALICE, alice[1] ?? -1, 2);
      expect(ids(after)).toEqual(alice.slice(2, 4));
      expect(await store.mails.listNewer(ALICE, alice[4] ?? -1, 10)).toEqual([]);
      expect(await store.mails.listNewer('nobody@example.com', 0, 10)).toEqual([]);
    });
  });

  describe('mails.findForAddress / deleteForAddress / clearAddress', () => {
    it('finds only the address’s own mail', async () => {
      const [a] = await seed(ALICE, 1);
      const [b] = await seed(BOB, 1);
      expect((await store.mails.findForAddress(ALICE, a ?? -1))?.id).toBe(a);
      expect(await store.mails.findForAddress(ALICE, b ?? -1)).toBeUndefined();
      expect(await store.mails.findForAddress(ALICE, (b ?? 0) + 1000)).toBeUndefined();
    });

    it('deletes only the address’s own mail', async () => {
      const [a] = await seed(ALICE, 1);
      const [b] = await seed(BOB, 1);
      expect(await store.mails.deleteForAddress(ALICE, b ?? -1)).toBe(false);
      expect(await store.mails.findById(b ?? -1)).toBeDefined();
      expect(await store.mails.deleteForAddress(ALICE, a ?? -1)).toBe(true);
      expect(await store.mails.deleteForAddress(ALICE, a ?? -1)).toBe(false);
      expect(await store.mails.findById(a ?? -1)).toBeUndefined();
    });

    it('clears one address and reports how many mails went', async () => {
      await seed(ALICE, 4);
      await seed(BOB, 2);
      expect(await store.mails.clearAddress(ALICE)).toBe(4);
      expect(await store.mails.clearAddress(ALICE)).toBe(0);
      expect(await count('raw_mails', 'address = ?', [BOB])).toBe(2);
      expect(await store.mails.count()).toBe(2);
    });
  });

  describe('admin: mails.list / listUnknown / findById / deleteById / count', () => {
    it('lists every mail newest first, or one exact address', async () => {
      const a = await seed(ALICE, 3);
      const b = await seed(BOB, 2);
      const all = await store.mails.list({ limit: 10, offset: 0 });
      expect(all.count).toBe(5);
      expect(ids(all.results)).toEqual(desc([...a, ...b]));
      const page2 = await store.mails.list({ limit: 2, offset: 2 });
      expect(page2.count).toBe(0);
      expect(ids(page2.results)).toEqual(desc([...a, ...b]).slice(2, 4));
      const bob = await store.mails.list({ limit: 10, offset: 0, address: BOB });
      expect(bob.count).toBe(2);
      expect(ids(bob.results)).toEqual(desc(b));
      expect(await store.mails.list({ limit: 10, offset: 0, address: 'BOB@example.com' })).toEqual({
        results: [],
        count: 0,
      });
    });

    it('lists unknown mails: those whose address has no address row', async () => {
      await store.addresses.insert({ name: ALICE, passwordHash: null, sourceMeta: 't' }, NOW);
      await seed(ALICE, 2);
      const stray = await seed('gone@example.com', 3);
      const other = await seed('never@example.com', 1);
      const page = await store.mails.listUnknown({ limit: 10, offset: 0 });
      expect(page.count).toBe(4);
      expect(ids(page.results)).toEqual(desc([...stray, ...other]));
      const next = await store.mails.listUnknown({ limit: 2, offset: 2 });
      expect(next.count).toBe(0);
      expect(ids(next.results)).toEqual(desc([...stray, ...other]).slice(2));
      // Once the address exists its mail is no longer unknown.
      await store.addresses.insert(
        { name: 'gone@example.com', passwordHash: null, sourceMeta: 't' },
        NOW,
      );
      const after = await store.mails.listUnknown({ limit: 10, offset: 0 });
      expect(after.count).toBe(1);
      expect(ids(after.results)).toEqual(other);
    });

    it('finds, deletes and counts by id', async () => {
      const [a, b] = await seed(ALICE, 2);
      expect(await store.mails.count()).toBe(2);
      expect((await store.mails.findById(a ?? -1))?.address).toBe(ALICE);
      expect(await store.mails.deleteById(a ?? -1)).toBe(true);
      expect(await store.mails.deleteById(a ?? -1)).toBe(false);
      expect(await store.mails.findById(a ?? -1)).toBeUndefined();
      expect(await store.mails.findById(b ?? -1)).toBeDefined();
      expect(await store.mails.count()).toBe(1);
    });
  });

  describe('retention: mails and sendbox by age', () => {
    it('deletes up to `limit` of the oldest mails strictly before the cutoff', async () => {
      // Inserted out of age order, so "oldest" cannot be read from the ids.
      const d5 = await seed(ALICE, 2, day(5));
      const d3 = await seed(BOB, 2, day(3));
      const d1 = await seed(ALICE, 2, day(1));
      const d9 = await seed(BOB, 1, day(9));
      expect(await store.retention.deleteMailsOlderThan(day(5), 3)).toBe(3);
      const left = ids((await store.mails.list({ limit: 100, offset: 0 })).results);
      expect(left).toEqual(desc([...d5, ...d3.slice(1), ...d9]));
      // The mails at exactly the cutoff stay.
      expect(await store.retention.deleteMailsOlderThan(day(5), 100)).toBe(1);
      expect(await store.mails.count()).toBe(3);
      expect(d1.every((id) => left.every((l) => l !== id))).toBe(true);
      expect(await store.retention.deleteMailsOlderThan(day(5), 0)).toBe(0);
    });

    it('deletes every unknown mail before the cutoff, across several batches', async () => {
      await store.addresses.insert({ name: ALICE, passwordHash: null, sourceMeta: 't' }, NOW);
      const n = MAIL_CLEANUP_BATCH * 2 + 17;
      // Known and unknown mails interleaved, so every batch has known ones to skip; three
      // timestamps stored out of id order, so batches resume across and within timestamps.
      const input = Array.from({ length: n * 2 }, (_, i) =>
        newMail(i % 2 === 0 ? ALICE : `u${i % 5}@example.com`),
      );
      const third = Math.floor(input.length / 3);
      await store.mails.insertMany(input.slice(0, third), day(3));
      await store.mails.insertMany(input.slice(third, 2 * third), day(1));
      await store.mails.insertMany(input.slice(2 * third), day(2));
      const recentUnknown = await seed('u1@example.com', 2, day(20));
      expect(await store.retention.deleteUnknownMailsOlderThan(day(10))).toBe(n);
      expect(await count('raw_mails', 'address = ?', [ALICE])).toBe(n);
      const unknown = await store.mails.listUnknown({ limit: 100, offset: 0 });
      expect(unknown.count).toBe(2);
      expect(ids(unknown.results)).toEqual(desc(recentUnknown));
      expect(await store.retention.deleteUnknownMailsOlderThan(day(10))).toBe(0);
    });

    it('deletes up to `limit` of the oldest sendbox rows before the cutoff', async () => {
      for (const [address, created] of [
        [ALICE, day(4)],
        [BOB, day(2)],
        [ALICE, day(2)],
        [BOB, day(8)],
      ] as const) {
        await raw.run('INSERT INTO sendbox (address, raw, created_at) VALUES (?, ?, ?)', [
          address,
          '{}',
          created,
        ]);
      }
      expect(await store.retention.deleteSendboxOlderThan(day(8), 2)).toBe(2);
      const left = await raw.all<{ created_at: string }>(
        'SELECT created_at FROM sendbox ORDER BY id',
      );
      expect(left.map((r) => r.created_at)).toEqual([day(4), day(8)]);
      expect(await store.retention.deleteSendboxOlderThan(day(8), 10)).toBe(1);
      expect(await count('sendbox')).toBe(1);
    });
  });

  describe('retention: addresses with their data', () => {
    /** An address created at `created` (updated at `updated`), with a row in every table. */
    const addressWithData = async (name: string, created: string, updated = created) => {
      const row = await store.addresses.insert(
        { name, passwordHash: null, sourceMeta: 't' },
        created,
      );
      if (updated !== created) await store.addresses.touch(row.id, updated, '9999-12-31 00:00:00');
      await store.mails.insertMany([newMail(name)], created);
      await raw.run('INSERT INTO sendbox (address, raw, created_at) VALUES (?, ?, ?)', [
        name,
        '{}',
        created,
      ]);
      await raw.run(
        'INSERT INTO address_sender (address, balance, enabled, created_at) VALUES (?, ?, ?, ?)',
        [name, 5, 1, created],
      );
      await raw.run(
        'INSERT INTO auto_reply_mails (address, name, subject, message, enabled, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        [name, 'n', 's', 'm', 1, created],
      );
      return row.id;
    };
    const bind = (addressId: number) =>
      raw.run('INSERT INTO users_address (user_id, address_id, created_at) VALUES (?, ?, ?)', [
        1,
        addressId,
        NOW,
      ]);
    const remainingNames = async () =>
      (await raw.all<{ name: string }>('SELECT name FROM address ORDER BY name')).map(
        (r) => r.name,
      );
    /** The address table holds `addresses`, and every other table exactly the rows of `names`. */
    const expectDataOf = async (names: string[], addresses = names) => {
      expect(await remainingNames()).toEqual([...addresses].sort());
      for (const table of ['raw_mails', 'sendbox', 'address_sender', 'auto_reply_mails']) {
        const rows = await raw.all<{ address: string }>(`SELECT address FROM ${table}`);
        expect(rows.map((r) => r.address).sort(), table).toEqual([...names].sort());
      }
    };

    it('inactive: up to `limit` by oldest updated_at, with their data', async () => {
      await addressWithData('a@x.com', day(1), day(6));
      const b = await addressWithData('b@x.com', day(2), day(3));
      await addressWithData('c@x.com', day(3), day(2));
      await addressWithData('d@x.com', day(1), day(9));
      await bind(b);
      expect(await store.retention.deleteAddressesWithData('inactive', day(7), 2)).toBe(2);
      await expectDataOf(['a@x.com', 'd@x.com']);
      expect(await count('users_address')).toBe(0);
      expect(await store.retention.deleteAddressesWithData('inactive', day(7), null)).toBe(1);
      await expectDataOf(['d@x.com']);
    });

    it('created: up to `limit` by oldest created_at, strictly before the cutoff', async () => {
      await addressWithData('a@x.com', day(3));
      await addressWithData('b@x.com', day(1));
      await addressWithData('c@x.com', day(2));
      await addressWithData('d@x.com', day(4));
      expect(await store.retention.deleteAddressesWithData('created', day(3), 1)).toBe(1);
      await expectDataOf(['a@x.com', 'c@x.com', 'd@x.com']);
      expect(await store.retention.deleteAddressesWithData('created', day(3), 10)).toBe(1);
      await expectDataOf(['a@x.com', 'd@x.com']);
      expect(await store.retention.deleteAddressesWithData('created', day(3), 0)).toBe(0);
    });

    it('created: a limit above the batch size spans several transactions exactly', async () => {
      const n = ADDRESS_CLEANUP_BATCH * 2 + 60;
      const rows = await store.addresses.insertMany(
        Array.from({ length: n }, (_, i) => ({
          name: `many${i}@x.com`,
          passwordHash: null,
          sourceMeta: 't',
        })),
        day(1),
      );
      const limit = ADDRESS_CLEANUP_BATCH * 2 + 50;
      expect(await store.retention.deleteAddressesWithData('created', day(5), limit)).toBe(limit);
      // Same creation time: the lowest ids went first.
      const left = await raw.all<{ id: unknown }>('SELECT id FROM address ORDER BY id');
      expect(left.map((r) => Number(r.id))).toEqual(rows.slice(limit).map((r) => r?.id));
    });

    it('unbound: every old address no user holds, with their data', async () => {
      const bound = await addressWithData('bound@x.com', day(1));
      await addressWithData('free@x.com', day(1));
      await addressWithData('new@x.com', day(9));
      await bind(bound);
      expect(await store.retention.deleteAddressesWithData('unbound', day(5), null)).toBe(1);
      await expectDataOf(['bound@x.com', 'new@x.com']);
      expect(await count('users_address')).toBe(1);
    });

    it('unbound: clears more than one batch, skipping bound addresses', async () => {
      const n = (ADDRESS_CLEANUP_BATCH * 2 + 10) * 3;
      // Three creation times stored out of id order, so batches resume across and within them.
      for (const [part, created] of [
        [0, day(3)],
        [1, day(1)],
        [2, day(2)],
      ] as const) {
        const rows = await store.addresses.insertMany(
          Array.from({ length: n / 3 }, (_, i) => ({
            name: `bulk${part}-${i}@x.com`,
            passwordHash: null,
            sourceMeta: 't',
          })),
          created,
        );
        expect(rows.every((r) => r !== null)).toBe(true);
      }
      // Every third address is bound, spread over the whole id range.
      await raw.run(
        'INSERT INTO users_address (user_id, address_id, created_at) SELECT 1, id, ? FROM address WHERE id % 3 = 0',
        [NOW],
      );
      const bound = await count('users_address');
      expect(await store.retention.deleteAddressesWithData('unbound', day(5), null)).toBe(
        n - bound,
      );
      expect(await count('address')).toBe(bound);
      expect(await count('address', 'id NOT IN (SELECT address_id FROM users_address)')).toBe(0);
    });

    it('empty: every old address without mail; a limit caps it', async () => {
      await addressWithData('full@x.com', day(1));
      for (const name of ['e1@x.com', 'e2@x.com', 'e3@x.com']) {
        await store.addresses.insert({ name, passwordHash: null, sourceMeta: 't' }, day(1));
      }
      await store.addresses.insert(
        { name: 'enew@x.com', passwordHash: null, sourceMeta: 't' },
        day(9),
      );
      expect(await store.retention.deleteAddressesWithData('empty', day(5), 2)).toBe(2);
      expect(await remainingNames()).toEqual(['e3@x.com', 'enew@x.com', 'full@x.com']);
      expect(await store.retention.deleteAddressesWithData('empty', day(5), null)).toBe(1);
      await expectDataOf(['full@x.com'], ['enew@x.com', 'full@x.com']);
    });
  });

  describe('retention.statistics', () => {
    it('counts mails, addresses, active addresses, users and sent mails', async () => {
      const zero = await store.retention.statistics(day(20), day(1));
      expect(zero).toEqual({
        mailCount: 0,
        addressCount: 0,
        activeAddressCount7days: 0,
        activeAddressCount30days: 0,
        userCount: 0,
        sendMailCount: 0,
      });
      for (const [name, updated] of [
        ['a@x.com', day(25)],
        ['b@x.com', day(10)],
        ['c@x.com', day(1)],
        ['d@x.com', day(20)],
      ] as const) {
        await store.addresses.insert({ name, passwordHash: null, sourceMeta: 't' }, updated);
      }
      await seed(ALICE, 3);
      await seed('a@x.com', 1);
      await raw.run('INSERT INTO sendbox (address, raw, created_at) VALUES (?, ?, ?)', [
        'a@x.com',
        '{}',
        NOW,
      ]);
      for (const email of ['u1@x.com', 'u2@x.com']) {
        await raw.run(
          'INSERT INTO users (user_email, password, created_at, updated_at) VALUES (?, ?, ?, ?)',
          [email, 'h', NOW, NOW],
        );
      }
      // Active means updated strictly after the cutoff: d@x.com (day 20) is not active since day 20.
      expect(await store.retention.statistics(day(20), day(5))).toEqual({
        mailCount: 4,
        addressCount: 4,
        activeAddressCount7days: 1,
        activeAddressCount30days: 3,
        userCount: 2,
        sendMailCount: 1,
      });
    });
  });
});
