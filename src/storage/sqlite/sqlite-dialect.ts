/** @module The embedded default: one SQLite file through better-sqlite3, in WAL mode. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../db-schema.js';
import type { DialectCapabilities, OpenedDatabase } from '../sql/dialect-capabilities.js';

const sqliteCapabilities: DialectCapabilities = {
  name: 'sqlite',
  addIdColumn: (table) => table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()),
  blobType: 'blob',
  isUniqueViolation: (error) => {
    const code = (error as { code?: unknown } | null)?.code;
    return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
  },
};

/** Opens (creating if needed) the SQLite file at `path`; `:memory:` works for throwaway stores. */
export function openSqliteDatabase(path: string): OpenedDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new SqliteDatabase(path);
  // WAL lets readers run while one writer commits. NORMAL syncs the WAL at checkpoints rather
  // than every commit: a power cut may lose the last commits, a process crash loses nothing.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  // Another process (the CLI next to a running server) may hold the write lock briefly; wait
  // for it instead of failing with SQLITE_BUSY.
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return { db, caps: sqliteCapabilities };
}
