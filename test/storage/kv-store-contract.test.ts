/**
 * The storage contract of the key/value store (KvStore, src/storage/ports.ts) on every backend
 * in DIALECTS. Times are real epoch milliseconds, far past 2^31, as the domain passes them.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/storage/ports.js';
import { openContractStores, type ContractStores } from '../helpers/contract-stores.js';
import type { RawSql } from '../helpers/raw-sql.js';
import { DIALECTS } from '../helpers/test-stores.js';

const T0 = Date.UTC(2024, 4, 6, 7, 8, 9);
const MINUTE = 60_000;

describe.each(DIALECTS)('KvStore contract on %s', (dialect) => {
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
    await stores?.empty(['kv']);
  });

  const rowCount = async () =>
    Number((await raw.all<{ n: unknown }>('SELECT count(*) AS n FROM kv'))[0]?.n);

  describe('get / put / delete', () => {
    it('reads what was put until it expires, and nothing for an unknown key', async () => {
      expect(await store.kv.get('code:a@x.test', T0)).toBeUndefined();
      await store.kv.put('code:a@x.test', '123456', T0 + MINUTE);
      expect(await store.kv.get('code:a@x.test', T0)).toBe('123456');
      expect(await store.kv.get('code:a@x.test', T0 + MINUTE - 1)).toBe('123456');
      // Expired from its expiry on.
      expect(await store.kv.get('code:a@x.test', T0 + MINUTE)).toBeUndefined();
    });

    it('put overwrites the value and the expiry of an existing key', async () => {
      await store.kv.put('k', 'one', T0 + MINUTE);
      await store.kv.put('k', 'two', T0 + 2 * MINUTE);
      expect(await store.kv.get('k', T0 + MINUTE)).toBe('two');
      await store.kv.put('k', 'three', T0);
      expect(await store.kv.get('k', T0)).toBeUndefined();
      expect(await rowCount()).toBe(1);
    });

    it('keeps large values and any characters', async () => {
      const value = `{"ünï":"${'x'.repeat(100_000)}"}`;
      await store.kv.put('k:ü/%_', value, T0 + MINUTE);
      expect(await store.kv.get('k:ü/%_', T0)).toBe(value);
      expect(await store.kv.get('k:ü/__', T0)).toBeUndefined();
    });

    it('delete removes the key, and deleting an unknown key is fine', async () => {
      await store.kv.put('k', 'v', T0 + MINUTE);
      await store.kv.delete('k');
      await store.kv.delete('never');
      expect(await store.kv.get('k', T0)).toBeUndefined();
      expect(await rowCount()).toBe(0);
    });
  });

  describe('putIfAbsent', () => {
    it('stores when absent and refuses while a live entry exists', async () => {
      expect(await store.kv.putIfAbsent('once', 'first', T0 + MINUTE, T0)).toBe(true);
      expect(await store.kv.putIfAbsent('once', 'second', T0 + 5 * MINUTE, T0 + 1)).toBe(false);
      expect(await store.kv.get('once', T0 + MINUTE - 1)).toBe('first');
      expect(await store.kv.get('once', T0 + MINUTE)).toBeUndefined();
    });

    it('treats an expired entry as absent and replaces value and expiry', async () => {
      await store.kv.put('once', 'old', T0);
      expect(await store.kv.putIfAbsent('once', 'new', T0 + MINUTE, T0)).toBe(true);
      expect(await store.kv.get('once', T0 + MINUTE - 1)).toBe('new');
    });

    it('lets exactly one of many concurrent callers store', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? other : store).kv.putIfAbsent('race', `v${i}`, T0 + MINUTE, T0),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.kv.get('race', T0)).toBe(`v${results.indexOf(true)}`);
    });
  });

  describe('increment', () => {
    it('starts at 1 and counts up, keeping the first expiry', async () => {
      expect(await store.kv.increment('count', T0 + MINUTE, T0)).toBe(1);
      expect(await store.kv.increment('count', T0 + 10 * MINUTE, T0 + 1)).toBe(2);
      expect(await store.kv.increment('count', T0 + 10 * MINUTE, T0 + 2)).toBe(3);
      expect(await store.kv.get('count', T0)).toBe('3');
      expect(await store.kv.get('count', T0 + MINUTE)).toBeUndefined();
    });

    it('restarts an expired counter at 1 with the new expiry', async () => {
      await store.kv.increment('count', T0 + MINUTE, T0);
      await store.kv.increment('count', T0 + MINUTE, T0);
      expect(await store.kv.increment('count', T0 + 3 * MINUTE, T0 + MINUTE)).toBe(1);
      expect(await store.kv.get('count', T0 + 2 * MINUTE)).toBe('1');
    });

    it('counts on from a value put as decimal text', async () => {
      await store.kv.put('count', '41', T0 + MINUTE);
      expect(await store.kv.increment('count', T0 + MINUTE, T0)).toBe(42);
    });

    it('counts past 2^31', async () => {
      await store.kv.put('big', String(2 ** 31), T0 + MINUTE);
      expect(await store.kv.increment('big', T0 + MINUTE, T0)).toBe(2 ** 31 + 1);
    });

    it('loses no increment when many run at once', async () => {
      const n = 40;
      const values = await Promise.all(
        Array.from({ length: n }, (_, i) =>
          (i % 2 ? other : store).kv.increment('hits', T0 + MINUTE, T0),
        ),
      );
      expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      expect(await store.kv.get('hits', T0)).toBe(String(n));
    });
  });

  describe('purgeExpired', () => {
    it('deletes expired entries only and says how many', async () => {
      await store.kv.put('old1', 'v', T0 - MINUTE);
      await store.kv.put('old2', 'v', T0);
      await store.kv.put('live', 'v', T0 + 1);
      expect(await store.kv.purgeExpired(T0)).toBe(2);
      expect(await rowCount()).toBe(1);
      expect(await store.kv.get('live', T0)).toBe('v');
      expect(await store.kv.purgeExpired(T0)).toBe(0);
    });

    it('purges a backlog larger than one purge statement', async () => {
      const n = 2500;
      const rows = Array.from({ length: n }, (_, i) => `('old${i}', 'v', ${T0 - i})`);
      await raw.run(`INSERT INTO kv (key, value, expires_at) VALUES ${rows.join(', ')}`);
      await store.kv.put('live', 'v', T0 + 1);
      expect(await store.kv.purgeExpired(T0)).toBe(n);
      expect(await rowCount()).toBe(1);
    });
  });
});
