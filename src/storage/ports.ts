/**
 * @module The storage port: what the domain needs from a database, and nothing more. One
 * implementation (storage/sql) serves SQLite and PostgreSQL; tests run one contract suite
 * against both (test/storage/store-contract.test.ts).
 */

/** An `address` row. Timestamps are UTC `YYYY-MM-DD HH:MM:SS` text, as the reference returns. */
export interface AddressRecord {
  id: number;
  name: string;
  /** Salted hash of the address password, or null when the address has none. */
  password: string | null;
  source_meta: string | null;
  created_at: string;
  updated_at: string;
}

/** One row of the admin address list (password never included). */
export interface AddressListItem {
  id: number;
  name: string;
  source_meta: string | null;
  created_at: string;
  updated_at: string;
  mail_count: number;
  send_count: number;
}

export const ADDRESS_SORT_COLUMNS = [
  'id',
  'name',
  'created_at',
  'updated_at',
  'source_meta',
  'mail_count',
  'send_count',
] as const;
export type AddressSortColumn = (typeof ADDRESS_SORT_COLUMNS)[number];

export interface AddressListQuery {
  limit: number;
  offset: number;
  /** Substring of the name, matched case-insensitively. */
  query?: string | undefined;
  sortBy: AddressSortColumn;
  sortOrder: 'asc' | 'desc';
}

/** A page of results; `count` is only computed for the first page (offset 0), as the reference does. */
export interface Page<T> {
  results: T[];
  count: number;
}

export interface NewAddress {
  name: string;
  passwordHash: string | null;
  sourceMeta: string;
}

/** Thrown by inserts when the address name is already taken (unique constraint). */
export class AddressTakenError extends Error {
  constructor(readonly addressName: string) {
    super(`address ${addressName} already exists`);
    this.name = 'AddressTakenError';
  }
}

export interface AddressStore {
  /** Inserts one address; throws AddressTakenError when the name exists. */
  insert(address: NewAddress, now: string): Promise<AddressRecord>;
  /**
   * Inserts many addresses in one transaction. The result has one entry per input, in order:
   * the new row, or null when that name was already taken (by an existing row or an earlier
   * entry of the same batch).
   */
  insertMany(addresses: readonly NewAddress[], now: string): Promise<(AddressRecord | null)[]>;
  findById(id: number): Promise<AddressRecord | undefined>;
  findByName(name: string): Promise<AddressRecord | undefined>;
  list(query: AddressListQuery): Promise<Page<AddressListItem>>;
  /** Deletes the address and everything keyed by it (mails, sendbox, sender, auto-reply, binding). */
  deleteWithData(id: number): Promise<boolean>;
  setPassword(id: number, passwordHash: string, now: string): Promise<boolean>;
  /** The send balance of an enabled sender row for this address name, else 0. */
  sendBalance(name: string): Promise<number>;
  /** Records activity: sets updated_at to now when it is older than `olderThan`. */
  touch(id: number, now: string, olderThan: string): Promise<void>;
}

export interface SettingsStore {
  /** The JSON value stored under `key`, or undefined. */
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, now: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** Stores several keys at once, all or nothing; an undefined value deletes its key. */
  setMany(entries: readonly (readonly [string, unknown])[], now: string): Promise<void>;
}

/** A `users` row. `password` is the salted server-side hash, or "" for an OAuth2-only user. */
export interface UserRecord {
  id: number;
  user_email: string;
  password: string;
  user_info: string | null;
  created_at: string;
  updated_at: string;
}

/** One row of the admin user list (reference §1.6 row 25). */
export interface UserListItem {
  id: number;
  user_email: string;
  created_at: string;
  updated_at: string;
  role_text: string | null;
  address_count: number;
}

/** Thrown by UserStore.insert when the e-mail is already registered (unique constraint). */
export class UserTakenError extends Error {
  constructor(readonly userEmail: string) {
    super(`user ${userEmail} already exists`);
    this.name = 'UserTakenError';
  }
}

export interface NewUser {
  email: string;
  /** Salted hash, or "" for a user who signs in through OAuth2 only. */
  passwordHash: string;
  userInfo: string | null;
}

/** What UserStore.bind did. */
export type BindOutcome = 'bound' | 'already_bound' | 'bound_to_other' | 'limit_reached';

export interface UserStore {
  exists(userId: number): Promise<boolean>;
  findById(userId: number): Promise<UserRecord | undefined>;
  /** Exact match on the stored (lower-cased) e-mail. */
  findByEmail(email: string): Promise<UserRecord | undefined>;
  /** Throws UserTakenError when the e-mail exists. */
  insert(user: NewUser, now: string): Promise<UserRecord>;
  /** Inserts, or overwrites password and user_info of the existing user with this e-mail. */
  upsert(user: NewUser, now: string): Promise<UserRecord>;
  /** Inserts with the given (usually empty) password when absent; an existing user is kept as is. */
  insertIfAbsent(user: NewUser, now: string): Promise<UserRecord>;
  setPassword(userId: number, passwordHash: string, now: string): Promise<boolean>;
  /** Deletes the user with their bindings, role and passkeys; the addresses themselves stay. */
  delete(userId: number): Promise<boolean>;
  /** Newest first; `query` is a case-insensitive substring of the e-mail. */
  list(query: {
    limit: number;
    offset: number;
    query?: string | undefined;
  }): Promise<Page<UserListItem>>;

  /** The role name stored for a user, if any. */
  findRoleName(userId: number): Promise<string | undefined>;
  /** Sets the user's role, or removes it when `role` is null. */
  setRole(userId: number, role: string | null, now: string): Promise<void>;
  /** Sets the role only when the user has no role row yet (the default role, reference §3.2). */
  setRoleIfAbsent(userId: number, role: string, now: string): Promise<void>;

  countBoundAddresses(userId: number): Promise<number>;
  /** The user an address is bound to, if any. */
  boundUserOf(addressId: number): Promise<number | undefined>;
  /**
   * Binds an address to a user in one transaction: counts the user's bindings against `max`
   * (0 = unlimited) and refuses an address bound to someone else.
   */
  bind(userId: number, addressId: number, max: number, now: string): Promise<BindOutcome>;
  /** Removes the binding when it is this user's; false when there was none. */
  unbind(userId: number, addressId: number): Promise<boolean>;
  /**
   * Moves an address bound to `fromUserId` to `toUserId` (reference §3.4): in one transaction
   * the address row is deleted and re-inserted under the same name with a new id and no
   * password (so the old owner's credentials stop working, decisions.md 2), then bound to the
   * target. Mails stay, being keyed by name. Checks the target's binding count against `max`.
   */
  transfer(
    fromUserId: number,
    addressId: number,
    toUserId: number,
    max: number,
    now: string,
  ): Promise<
    | { outcome: 'transferred'; newAddressId: number }
    | { outcome: 'not_bound' | 'limit_reached' | 'bound_to_other' }
  >;
  /** The user's addresses with mail and send counts, newest first (`limit` absent = all). */
  listBoundAddresses(
    userId: number,
    page?: { limit: number; offset: number },
  ): Promise<Page<AddressListItem>>;
  /** Sets updated_at of every bound address older than `olderThan` to now. */
  touchBoundAddresses(userId: number, now: string, olderThan: string): Promise<void>;
  /** Mails of every bound address (or of one of them, by name), newest first. */
  listMails(
    userId: number,
    query: MailListQuery & { address?: string | undefined },
  ): Promise<Page<MailRecord>>;
  /** Deletes a mail only when its address is bound to the user. */
  deleteMail(userId: number, mailId: number): Promise<boolean>;
}

/** A `user_passkeys` row. `passkey` is JSON of the credential (id, publicKey, counter, ...). */
export interface PasskeyRecord {
  id: number;
  user_id: number;
  passkey_name: string;
  passkey_id: string;
  passkey: string;
  counter: number;
  created_at: string;
  updated_at: string;
}

/** What PasskeyStore.insertWithinLimit did. */
export type PasskeyInsertOutcome =
  | { outcome: 'inserted'; passkey: PasskeyRecord }
  | { outcome: 'user_not_found' | 'limit_reached' | 'credential_taken' };

export interface PasskeyStore {
  listForUser(userId: number): Promise<PasskeyRecord[]>;
  /** By credential id, whoever owns it (authentication does not know the user yet). */
  findByCredentialId(passkeyId: string): Promise<PasskeyRecord | undefined>;
  insert(
    passkey: { userId: number; name: string; passkeyId: string; passkey: string; counter: number },
    now: string,
  ): Promise<PasskeyRecord>;
  /**
   * Registration's insert, in one transaction under the write lock of the user's row (as
   * UserStore.bind): refuses when the user is gone, holds `max` passkeys already (0 =
   * unlimited), or the credential id is registered to anyone, so concurrent registrations
   * cannot pass the count together. (Two users registering one credential id at the same
   * moment are not serialised; sign-in then finds the first registration.)
   */
  insertWithinLimit(
    passkey: Parameters<PasskeyStore['insert']>[0],
    max: number,
    now: string,
  ): Promise<PasskeyInsertOutcome>;
  rename(userId: number, passkeyId: string, name: string, now: string): Promise<boolean>;
  delete(userId: number, passkeyId: string): Promise<boolean>;
  /** Stores the new signature counter after a successful authentication. */
  updateCounter(id: number, counter: number, now: string): Promise<void>;
}

/**
 * Short-lived values that the reference keeps in Cloudflare KV (verification codes, daily
 * counters, used challenges), in the database so every node sees them (decisions.md 11).
 * `nowMs` and expiries are epoch milliseconds; an expired entry reads as absent.
 */
export interface KvStore {
  get(key: string, nowMs: number): Promise<string | undefined>;
  /** Stores the value unless a live entry exists; true when it stored. */
  putIfAbsent(key: string, value: string, expiresAtMs: number, nowMs: number): Promise<boolean>;
  put(key: string, value: string, expiresAtMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Adds 1 to a counter (created at 1 with this expiry when absent or expired); the new value. */
  increment(key: string, expiresAtMs: number, nowMs: number): Promise<number>;
  /** Deletes expired entries; how many. */
  purgeExpired(nowMs: number): Promise<number>;
}

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

/** A received mail to store: raw MIME (plain or gzip) plus fields parsed once at intake. */
export interface NewMail {
  /** Recipient address as stored (lower-case, decisions.md 1). */
  address: string;
  /** Envelope sender (MAIL FROM). */
  source: string;
  messageId: string | null;
  /** Raw MIME text, or null when `rawGzip` holds it. */
  raw: string | null;
  rawGzip: Uint8Array | null;
  /** JSON text of `{ai_extract, extracted_at}`, or null. */
  metadata: string | null;
  subject: string;
  /** Display form of From: `Name <addr>`, or "" when absent. */
  sender: string;
  /** Size of the raw MIME in bytes. */
  size: number;
  /** JSON array of `{filename, mimeType, disposition, size, contentId}`. */
  attachments: string;
}

/** A stored mail row: the reference's columns plus the parsed ones. `raw_blob` stays internal. */
export interface MailRecord {
  id: number;
  message_id: string | null;
  source: string | null;
  address: string | null;
  raw: string | null;
  raw_blob: Uint8Array | null;
  metadata: string | null;
  created_at: string;
  subject: string | null;
  sender: string | null;
  size: number | null;
  attachments: string | null;
}

export interface MailListQuery {
  limit: number;
  offset: number;
  /**
   * False: `raw` and `raw_blob` are not read (null in the results), for lists that show the
   * summary columns only; a page of large mails then costs no more than one of small ones.
   */
  withRaw?: boolean;
}

export interface MailStore {
  /** Stores mails in one transaction; returns their ids in order. */
  insertMany(mails: readonly NewMail[], now: string): Promise<number[]>;
  /** Newest first; `count` only when offset is 0. */
  listForAddress(address: string, query: MailListQuery): Promise<Page<MailRecord>>;
  /** Mails of `address` with id greater than `afterId`, oldest first (long-poll, SSE catch-up). */
  listNewer(address: string, afterId: number, limit: number): Promise<MailRecord[]>;
  findForAddress(address: string, id: number): Promise<MailRecord | undefined>;
  deleteForAddress(address: string, id: number): Promise<boolean>;
  clearAddress(address: string): Promise<number>;
  /** Admin: every mail, optionally of one exact address. */
  list(query: MailListQuery & { address?: string | undefined }): Promise<Page<MailRecord>>;
  /** Admin: mails whose address has no `address` row. */
  listUnknown(query: MailListQuery): Promise<Page<MailRecord>>;
  findById(id: number): Promise<MailRecord | undefined>;
  deleteById(id: number): Promise<boolean>;
  count(): Promise<number>;
}

/**
 * Which addresses an address cleanup removes (reference §7.2), each older than a cutoff:
 * `inactive` by updated_at, `created` by created_at, `unbound` (created_at) when no user holds
 * it, `empty` (created_at) when it has no mail.
 */
export type AddressCleanupRule = 'inactive' | 'created' | 'unbound' | 'empty';

/** The admin statistics (reference §1.6 row 17). */
export interface Statistics {
  mailCount: number;
  addressCount: number;
  activeAddressCount7days: number;
  activeAddressCount30days: number;
  userCount: number;
  sendMailCount: number;
}

/**
 * Bulk deletions for cleanup (reference §7.2) and the statistics counts. Cutoffs are
 * `YYYY-MM-DD HH:MM:SS` UTC text; "older than" is strictly before the cutoff. Each method
 * returns how many rows (mails, sendbox rows, addresses) it deleted.
 */
export interface RetentionStore {
  /** Deletes up to `limit` of the oldest mails (created_at, id) created before `cutoff`. */
  deleteMailsOlderThan(cutoff: string, limit: number): Promise<number>;
  /** Deletes every mail created before `cutoff` whose address has no `address` row. */
  deleteUnknownMailsOlderThan(cutoff: string): Promise<number>;
  /** Deletes up to `limit` of the oldest sendbox rows created before `cutoff`. */
  deleteSendboxOlderThan(cutoff: string, limit: number): Promise<number>;
  /**
   * Deletes addresses the rule selects, with their data (as AddressStore.deleteWithData), up to
   * `limit` of them (oldest first by the rule's column), or all when `limit` is null. Works in
   * batches of a bounded size, one transaction each.
   */
  deleteAddressesWithData(
    rule: AddressCleanupRule,
    cutoff: string,
    limit: number | null,
  ): Promise<number>;
  /** Row counts; active = updated_at after `activeSince7days` / `activeSince30days`. */
  statistics(activeSince7days: string, activeSince30days: string): Promise<Statistics>;
  /**
   * Runs one DELETE statement written by the admin (custom cleanup SQL, reference §7.3) as it
   * is, in the database's own dialect; resolves with the rows it deleted. The retention domain
   * checks the statement first (one DELETE, no comments). The only raw SQL the store runs, and
   * it is the admin's own.
   */
  executeRawDelete(statement: string): Promise<number>;
}
