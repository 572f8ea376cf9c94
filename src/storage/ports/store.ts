/**
 * @module The Store aggregate: every part of the storage port, plus migrations, the schema
 * status and jobs that run in one place at a time.
 */
import type { AddressStore } from './address-store.js';
import type { KvStore } from './kv-store.js';
import type { MailStore } from './mail-store.js';
import type { PasskeyStore } from './passkey-store.js';
import type { RetentionStore } from './retention-store.js';
import type { SettingsStore } from './settings-store.js';
import type { UserStore } from './user-store.js';

/** Jobs that run in one place at a time (Store.runExclusive). */
export type ExclusiveJob = 'scheduled-cleanup';

/** Where the schema stands against this code's migrations, for the admin database page. */
export interface SchemaStatus {
  /** The newest applied migration, or null on an empty database. */
  current: string | null;
  /** The newest migration this code knows. */
  latest: string;
  /** Known migrations not applied yet, in order. */
  pending: string[];
  /** Bytes the database takes, where the backend tells cheaply; else null. */
  sizeBytes: number | null;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  readonly addresses: AddressStore;
  readonly settings: SettingsStore;
  readonly users: UserStore;
  readonly passkeys: PasskeyStore;
  readonly kv: KvStore;
  readonly mails: MailStore;
  readonly retention: RetentionStore;
  /** Applies pending migrations (under a lock on PostgreSQL); returns the names applied. */
  migrate(): Promise<string[]>;
  /** The newest applied migration, or null on an empty database. */
  schemaVersion(): Promise<string | null>;
  /** Applied and pending migrations and the database size (read-only). */
  schemaStatus(): Promise<SchemaStatus>;
  /**
   * Runs `fn` unless `job` is already running, in this process or, on PostgreSQL, on any node
   * sharing the database: resolves false without running it then, true once it ran. Errors of
   * `fn` are passed on.
   */
  runExclusive(job: ExclusiveJob, fn: () => Promise<void>): Promise<boolean>;
  close(): Promise<void>;
}
