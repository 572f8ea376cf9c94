/**
 * @module What differs between SQLite and PostgreSQL, named as capabilities so the single SQL
 * implementation never asks "which database is this?".
 */
import type { ColumnDataType, CreateTableBuilder, Kysely } from 'kysely';
import type { Database } from '../db-schema.js';
import type { ExclusiveJob } from '../ports.js';

export interface DialectCapabilities {
  readonly name: 'sqlite' | 'postgres';
  /** Adds the auto-increment integer primary key `id` (never reused, like SQLite AUTOINCREMENT). */
  addIdColumn<T extends string>(table: CreateTableBuilder<T, never>): CreateTableBuilder<T, 'id'>;
  readonly blobType: ColumnDataType;
  /** True when the error is a unique-constraint violation. */
  isUniqueViolation(error: unknown): boolean;
  /**
   * Makes transactions that take the same lock run one after another: the lock is held until
   * the calling transaction ends. PostgreSQL takes a transaction-scoped advisory lock (shared by
   * every node); SQLite has nothing to do, as each transaction already holds its single write lock.
   */
  lockTransaction(trx: Kysely<Database>, lock: TransactionLock): Promise<void>;
  /**
   * Store.runExclusive: runs `fn` holding the job's lock, or resolves false when another holder
   * has it. PostgreSQL takes a session advisory lock that every node sees; SQLite, which serves
   * one node, keeps the lock in this process.
   */
  runExclusive(db: Kysely<Database>, job: ExclusiveJob, fn: () => Promise<void>): Promise<boolean>;
}

/** The transaction locks, each with its own key (PostgreSQL advisory locks). */
export const TRANSACTION_LOCKS = {
  /** Address batches: see address-repository `insertMany`. */
  addressInsertMany: 1,
} as const;
export type TransactionLock = keyof typeof TRANSACTION_LOCKS;

/** The exclusive jobs' lock keys, apart from the transaction locks' (PostgreSQL advisory locks). */
export const EXCLUSIVE_JOB_LOCKS = {
  /** The cleanup scheduler's tick: one node runs it. */
  'scheduled-cleanup': 101,
} as const satisfies Record<ExclusiveJob, number>;

export interface OpenedDatabase {
  readonly db: Kysely<Database>;
  readonly caps: DialectCapabilities;
  /** Runs after Kysely is destroyed (drop test databases, ...). */
  readonly afterClose?: () => Promise<void>;
}
