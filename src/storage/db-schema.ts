/** @module Row types of every table, as Kysely sees them (keep in step with migrations/). */
import type { Generated } from 'kysely';

export interface AddressTable {
  id: Generated<number>;
  name: string;
  password: string | null;
  source_meta: string | null;
  created_at: string;
  updated_at: string;
}

export interface RawMailsTable {
  id: Generated<number>;
  message_id: string | null;
  source: string | null;
  address: string | null;
  raw: string | null;
  raw_blob: Uint8Array | null;
  metadata: string | null;
  created_at: string;
  /** Parsed at intake (migration 0002); null on older rows. */
  subject: string | null;
  sender: string | null;
  size: number | null;
  /** JSON array of attachment descriptions. */
  attachments: string | null;
}

export interface AutoReplyMailsTable {
  id: Generated<number>;
  source_prefix: string | null;
  name: string | null;
  address: string;
  subject: string | null;
  message: string | null;
  enabled: number;
  created_at: string;
}

export interface AddressSenderTable {
  id: Generated<number>;
  address: string;
  balance: number;
  enabled: number;
  created_at: string;
}

export interface SendboxTable {
  id: Generated<number>;
  address: string | null;
  raw: string | null;
  created_at: string;
}

export interface SettingsTable {
  key: string;
  value: string;
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  id: Generated<number>;
  user_email: string;
  password: string;
  user_info: string | null;
  created_at: string;
  updated_at: string;
}

export interface UsersAddressTable {
  id: Generated<number>;
  user_id: number;
  address_id: number;
  created_at: string;
}

export interface UserRolesTable {
  id: Generated<number>;
  user_id: number;
  role_text: string | null;
  created_at: string;
  updated_at: string;
}

export interface UserPasskeysTable {
  id: Generated<number>;
  user_id: number;
  passkey_name: string;
  passkey_id: string;
  passkey: string;
  counter: number;
  created_at: string;
  updated_at: string;
}

/**
 * Short-lived values (migration 0003). A counter (KvStore.increment) keeps its count as decimal
 * text in `value`, so every entry reads back as the text the port returns.
 */
export interface KvTable {
  key: string;
  value: string;
  /** Epoch milliseconds; the entry reads as absent from then on. */
  expires_at: number;
}

export interface Database {
  address: AddressTable;
  raw_mails: RawMailsTable;
  auto_reply_mails: AutoReplyMailsTable;
  address_sender: AddressSenderTable;
  sendbox: SendboxTable;
  settings: SettingsTable;
  users: UsersTable;
  users_address: UsersAddressTable;
  user_roles: UserRolesTable;
  user_passkeys: UserPasskeysTable;
  kv: KvTable;
}
