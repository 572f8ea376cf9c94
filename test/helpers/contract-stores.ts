/**
 * The stores a storage contract test works on: a migrated store of the dialect, a second node
 * on the same database for races, and a direct SQL connection for seeding and checking rows.
 */
import { openStore } from '../../src/storage/open-store.js';
import type { Store } from '../../src/storage/ports.js';
import { openRawSql, type RawSql } from './raw-sql.js';
import { openTestStore, type Dialect } from './test-stores.js';

export interface ContractStores {
  store: Store;
  /**
   * On PostgreSQL a second Store on the same database, as another node. On SQLite the same
   * Store: better-sqlite3 waits for a lock synchronously, so a second connection in this
   * process would block the event loop the lock holder needs (SQLite serves one node).
   */
  other: Store;
  raw: RawSql;
  /** Deletes every row of `tables`, in order. */
  empty(tables: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

export async function openContractStores(dialect: Dialect): Promise<ContractStores> {
  const testStore = await openTestStore(dialect);
  const store = testStore.store;
  const other = dialect === 'postgres' ? openStore(testStore.url) : store;
  const raw = await openRawSql(dialect, testStore.url);
  return {
    store,
    other,
    raw,
    async empty(tables) {
      for (const table of tables) await raw.run(`DELETE FROM ${table}`);
    },
    async close() {
      await raw.close();
      if (other !== store) await other.close();
      await testStore.cleanup();
    },
  };
}
