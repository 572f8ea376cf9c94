/** @module The embedded default: one SQLite file through better-sqlite3, in WAL mode. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  type SqliteDatabase as KyselySqliteDatabase,
  type SqliteDialectConfig,
} from 'kysely';
import type { Database } from '../db-schema.js';
import type { DialectCapabilities, OpenedDatabase } from '../sql/dialect-capabilities.js';

/** Exclusive jobs running in this process, per database handle (SQLite serves one node). */
const runningJobs = new WeakMap<object, Set<string>>();

const sqliteCapabilities: DialectCapabilities = {
  name: 'sqlite',
  addIdColumn: (table) => table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()),
  blobType: 'blob',
  isUniqueViolation: (error) => {
    const code = (error as { code?: unknown } | null)?.code;
    return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
  },
  // BEGIN IMMEDIATE (below) already gives every transaction the one write lock.
  lockTransaction: () => Promise.resolve(),
  async runExclusive(db, job, fn) {
    let jobs = runningJobs.get(db);
    if (jobs === undefined) runningJobs.set(db, (jobs = new Set()));
    if (jobs.has(job)) return false;
    jobs.add(job);
    try {
      await fn();
    } finally {
      jobs.delete(job);
    }
    return true;
  },
};

/**
 * Starts every transaction with BEGIN IMMEDIATE, which takes the write lock up front and waits
 * for it through busy_timeout. A deferred BEGIN that reads first and writes later (delete with
 * data, the migrator) fails at once with SQLITE_BUSY or SQLITE_BUSY_SNAPSHOT when another
 * process wrote in between, because SQLite cannot wait there without risking a deadlock. Every
 * transaction here writes, so taking the lock early costs nothing.
 * https://www.sqlite.org/lang_transaction.html#deferred_immediate_and_exclusive_transactions
 *
 * Migrations run in one such transaction too: Kysely's SQLite adapter declares no transactional
 * DDL and takes no migration lock, so two processes migrating one file (the CLI beside a starting
 * server) could both apply a migration ("table already exists"), and a failed migration would
 * stay half applied. SQLite does run DDL in transactions, so say so and let the write lock
 * serialize migrators, as the advisory lock does on PostgreSQL.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly config: SqliteDialectConfig) {
    super(config);
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.config);
  }
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/** Prepared statements kept; the queries the service runs are far fewer. */
const STATEMENT_CACHE_SIZE = 200;

/**
 * Reuses prepared statements by SQL text (least recently used dropped first). Kysely prepares
 * every query anew, and for the small queries that run per mail and per request preparing
 * costs twice as much as running (10 µs of 14 µs for a settings read; bench/README.md).
 * better-sqlite3 resets a statement after each run; one still iterating (Kysely's stream()) is
 * busy, and then a fresh statement is prepared instead of sharing it.
 */
function withStatementCache(database: SqliteDatabase.Database): KyselySqliteDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => database.close(),
    prepare(sql) {
      const cached = cache.get(sql);
      if (cached && !cached.busy) {
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = database.prepare(sql);
      if (!cached) {
        cache.set(sql, statement);
        const oldest = cache.keys().next().value;
        if (cache.size > STATEMENT_CACHE_SIZE && oldest !== undefined) cache.delete(oldest);
      }
      return statement;
    },
  };
}

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
  const db = new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({ database: withStatementCache(database) }),
  });
  return { db, caps: sqliteCapabilities };
}
