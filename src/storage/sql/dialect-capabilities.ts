/**
 * @module What differs between SQLite and PostgreSQL, named as capabilities so the single SQL
 * implementation never asks "which database is this?".
 */
import type { ColumnDataType, CreateTableBuilder, Kysely } from 'kysely';
import type { Database } from '../db-schema.js';

export interface DialectCapabilities {
  readonly name: 'sqlite' | 'postgres';
  /** Adds the auto-increment integer primary key `id` (never reused, like SQLite AUTOINCREMENT). */
  addIdColumn<T extends string>(table: CreateTableBuilder<T, never>): CreateTableBuilder<T, 'id'>;
  readonly blobType: ColumnDataType;
  /** True when the error is a unique-constraint violation. */
  isUniqueViolation(error: unknown): boolean;
}

export interface OpenedDatabase {
  readonly db: Kysely<Database>;
  readonly caps: DialectCapabilities;
  /** Runs after Kysely is destroyed (drop test databases, ...). */
  readonly afterClose?: () => Promise<void>;
}
