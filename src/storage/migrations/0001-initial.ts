/**
 * @module 0001: the reference's ten tables (cloudflare-temp-email-api.md §4.1) with the indexes
 * list queries need. Timestamps are TEXT in `YYYY-MM-DD HH:MM:SS` UTC on both backends, written by
 * the application, so they sort lexically and read back identically everywhere.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectCapabilities } from '../sql/dialect-capabilities.js';

const TIMESTAMP = 'text';

export async function up(db: Kysely<unknown>, caps: DialectCapabilities): Promise<void> {
  const now = sql`'1970-01-01 00:00:00'`;

  await caps
    .addIdColumn(db.schema.createTable('address'))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('password', 'text')
    .addColumn('source_meta', 'text')
    .addColumn('created_at', TIMESTAMP, (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', TIMESTAMP, (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex('idx_address_created_at')
    .on('address')
    .column('created_at')
    .execute();
  await db.schema
    .createIndex('idx_address_updated_at')
    .on('address')
    .column('updated_at')
    .execute();
  await db.schema
    .createIndex('idx_address_source_meta')
    .on('address')
    .column('source_meta')
    .execute();

  await caps
    .addIdColumn(db.schema.createTable('raw_mails'))
    .addColumn('message_id', 'text')
    .addColumn('source', 'text')
    .addColumn('address', 'text')
    .addColumn('raw', 'text')
    .addColumn('raw_blob', caps.blobType)
    .addColumn('metadata', 'text')
    .addColumn('created_at', TIMESTAMP, (c) => c.notNull().defaultTo(now))
    .execute();
  // (address, id) serves "newest mail of one address" without a sort, at any table size.
  await db.schema
    .createIndex('idx_raw_mails_address_id')
    .on('raw_mails')
    .columns(['address', 'id'])
    .execute();
  await db.schema
    .createIndex('idx_raw_mails_created_at')
    .on('raw_mails')
    .column('created_at')
    .execute();
  await db.schema
    .createIndex('idx_raw_mails_message_id')
    .on('raw_mails')
    .column('message_id')
    .execute();

  await caps
    .addIdColumn(db.schema.createTable('auto_reply_mails'))
    .addColumn('source_prefix', 'text')
    .addColumn('name', 'text')
    .addColumn('address', 'text', (c) => c.notNull().unique())
    .addColumn('subject', 'text')
    .addColumn('message', 'text')
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', TIMESTAMP, (c) => c.notNull().defaultTo(now))
    .execute();

  await caps
    .addIdColumn(db.schema.createTable('address_sender'))
    .addColumn('address', 'text', (c) => c.notNull().unique())
    .addColumn('balance', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', TIMESTAMP, (c) => c.notNull().defaultTo(now))
    .execute();

  await caps
    .addIdColumn(db.schema.createTable('sendbox'))
    .addColumn('address', 'text')
    .addColumn('raw', 'text')
    .addColumn('created_at', TIMESTAMP, (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex('idx_sendbox_address_id')
    .on('sendbox')
    .columns(['address', 'id'])
    .execute();
  await db.schema
    .createIndex('idx_sendbox_created_at')
    .on('sendbox')
    .column('created_at')
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', TIMESTAMP, (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', TIMESTAMP, (c) => c.notNull().defaultTo(now))
    .execute();

  await caps
    .addIdColumn(db.schema.createTable('users'))
    .addColumn('user_email', 'text', (c) => c.notNull().unique())
    .addColumn('password', 'text', (c) => c.notNull())
    .addColumn('user_info', 'text')
    .addColumn('created_at', TIMESTAMP, (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', TIMESTAMP, (c) => c.notNull().defaultTo(now))
    .execute();

  await caps
    .addIdColumn(db.schema.createTable('users_address'))
    .addColumn('user_id', 'bigint', (c) => c.notNull())
    .addColumn('address_id', 'bigint', (c) => c.notNull().unique())
    .addColumn('created_at', TIMESTAMP, (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex('idx_users_address_user_id')
    .on('users_address')
    .column('user_id')
    .execute();

  await caps
    .addIdColumn(db.schema.createTable('user_roles'))
    .addColumn('user_id', 'bigint', (c) => c.notNull().unique())
    .addColumn('role_text', 'text')
    .addColumn('created_at', TIMESTAMP, (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', TIMESTAMP, (c) => c.notNull().defaultTo(now))
    .execute();

  await caps
    .addIdColumn(db.schema.createTable('user_passkeys'))
    .addColumn('user_id', 'bigint', (c) => c.notNull())
    .addColumn('passkey_name', 'text', (c) => c.notNull())
    .addColumn('passkey_id', 'text', (c) => c.notNull())
    .addColumn('passkey', 'text', (c) => c.notNull())
    .addColumn('counter', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', TIMESTAMP, (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', TIMESTAMP, (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('uq_user_passkeys_user_passkey', ['user_id', 'passkey_id'])
    .execute();
}
