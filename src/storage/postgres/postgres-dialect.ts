/** @module PostgreSQL backend: a pg pool behind Kysely, for several stateless nodes. */
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Database } from '../db-schema.js';
import type { DialectCapabilities, OpenedDatabase } from '../sql/dialect-capabilities.js';

const INT8_OID = 20;

const postgresCapabilities: DialectCapabilities = {
  name: 'postgres',
  addIdColumn: (table) => table.addColumn('id', 'bigserial', (c) => c.primaryKey()),
  blobType: 'bytea',
  isUniqueViolation: (error) => (error as { code?: unknown } | null)?.code === '23505',
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
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, caps: postgresCapabilities };
}
