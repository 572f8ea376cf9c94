/**
 * @module The address part of the storage port: address rows, the admin address list, and
 * the AddressStore that creates, finds, lists and deletes them.
 */
import type { Page } from './page.js';

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
