/**
 * @module 0003: what the user accounts, passkeys and the key/value store need.
 *
 * - `kv`: the short-lived values the reference keeps in Cloudflare KV (decisions.md 11). Expiry
 *   is epoch milliseconds (bigint: past 2^31), indexed so the scheduled purge of expired entries
 *   reads only those.
 * - `idx_user_passkeys_passkey_id`: sign-in looks a credential up by id before it knows the user;
 *   the unique (user_id, passkey_id) constraint of 0001 cannot serve that. Not unique, so a
 *   database carried over from the reference (which only makes the pair unique) still migrates.
 * - `user_passkeys.counter` becomes bigint on PostgreSQL: WebAuthn signature counters run to
 *   2^32 - 1, past int4. (SQLite's INTEGER is already 64-bit.)
 * - `idx_user_roles_user_id` is not needed: user_roles.user_id is unique (0001), hence indexed.
 */
import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../sql/dialect-capabilities.js';

export async function up(db: Kysely<unknown>, caps: DialectCapabilities): Promise<void> {
  await db.schema
    .createTable('kv')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('idx_kv_expires_at').on('kv').column('expires_at').execute();

  await db.schema
    .createIndex('idx_user_passkeys_passkey_id')
    .on('user_passkeys')
    .column('passkey_id')
    .execute();

  if (caps.name === 'postgres') {
    await db.schema
      .alterTable('user_passkeys')
      .alterColumn('counter', (col) => col.setDataType('bigint'))
      .execute();
  }
}
