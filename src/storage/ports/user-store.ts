/**
 * @module The user part of the storage port: user accounts, their roles, the addresses bound
 * to them and those addresses' mails.
 */
import type { AddressListItem } from './address-store.js';
import type { MailListQuery, MailRecord } from './mail-store.js';
import type { Page } from './page.js';

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
  /**
   * Names of the addresses bound to the user now, in one read with the user's existence: null
   * when there is no such user (deleted; its token is still validly signed).
   */
  boundAddressNames(userId: number): Promise<string[] | null>;
  /**
   * Mails of the addresses bound now with an id above `afterId`, oldest first, at most
   * `limit`: summaries, `raw` and `raw_blob` null (live updates, GET /user_api/mails/events).
   */
  listNewerMails(userId: number, afterId: number, limit: number): Promise<MailRecord[]>;
}
