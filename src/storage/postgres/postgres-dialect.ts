/** @module PostgreSQL backend: a pg pool behind Kysely, for several stateless nodes. */
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Database } from '../db-schema.js';
import {
  EXCLUSIVE_JOB_LOCKS,
  TRANSACTION_LOCKS,
  type DialectCapabilities,
  type OpenedDatabase,
} from '../sql/dialect-capabilities.js';

const INT8_OID = 20;
// tmpmail's advisory locks use the two-int key form, whose key space is apart from the
// single-bigint one Kysely's migrator locks with; the first int ('tmpm') marks them as ours.
const ADVISORY_LOCK_SPACE = 0x746d706d;

const postgresCapabilities: DialectCapabilities = {
  name: 'postgres',
  addIdColumn: (table) => table.addColumn('id', 'bigserial', (c) => c.primaryKey()),
  blobType: 'bytea',
  isUniqueViolation: (error) => (error as { code?: unknown } | null)?.code === '23505',
  async lockTransaction(trx, lock) {
    const key = TRANSACTION_LOCKS[lock];
    await sql`select pg_advisory_xact_lock(${ADVISORY_LOCK_SPACE}, ${key})`.execute(trx);
  },
  // A session lock, not a transaction one: the job runs many short transactions of its own, and
  // a transaction held open for its whole length would hold back vacuum. The lock belongs to one
  // connection, reserved until the unlock; if the process dies, the server ends the session and
  // the lock goes with it.
  async runExclusive(db, job, fn) {
    const key = EXCLUSIVE_JOB_LOCKS[job];
    return db.connection().execute(async (conn) => {
      const { rows } = await sql<{
        locked: boolean;
      }>`select pg_try_advisory_lock(${ADVISORY_LOCK_SPACE}, ${key}) as locked`.execute(conn);
      if (rows[0]?.locked !== true) return false;
      try {
        await fn();
      } finally {
        await sql`select pg_advisory_unlock(${ADVISORY_LOCK_SPACE}, ${key})`.execute(conn);
      }
      return true;
    });
  },
};

export interface PostgresOptions {
  connectionString: string;
  /** Pool size; each node keeps at most this many connections. */
  maxConnections?: number;
}

export function openPostgresDatabase(options: PostgresOptions): OpenedDatabase {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    // bigserial ids and count(*) arrive as int8; they stay far below 2^53, so read them as numbers.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection that the server closes (restart, failover, pg_terminate_backend, idle
  // timeouts) surfaces as a pool 'error' event; unhandled, that event would crash the process.
  // The pool has already discarded the client and the next query opens a new one.
  // https://node-postgres.com/apis/pool#error
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, caps: postgresCapabilities };
}
