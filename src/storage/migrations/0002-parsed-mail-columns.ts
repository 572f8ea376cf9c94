/**
 * @module 0002: the fields of a mail parsed once at intake (decisions.md 6), so lists need no
 * re-parse. Nullable: rows stored before this migration have none, and readers fall back to
 * parsing `raw`. A nullable column without a default is added in constant time on both
 * backends, however large the table.
 *
 * No new index: the indexes of 0001 serve every mail query (plans checked on SQLite and
 * PostgreSQL with a million mails, see sql/mail-repository.ts and sql/retention-repository.ts):
 * - one address's page, its count and listNewer: `idx_raw_mails_address_id (address, id)`, the
 *   page ids and the count read from the index alone;
 * - the admin list: the primary key, read backwards;
 * - unknown mails: the primary key (page) or `idx_raw_mails_address_id` (count, per address),
 *   anti-joined with the unique index on `address.name`;
 * - cleanup by age: `idx_raw_mails_created_at`.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // SQLite's ALTER TABLE adds one column per statement.
  await db.schema.alterTable('raw_mails').addColumn('subject', 'text').execute();
  await db.schema.alterTable('raw_mails').addColumn('sender', 'text').execute();
  await db.schema.alterTable('raw_mails').addColumn('size', 'integer').execute();
  // JSON array of {filename, mimeType, disposition, size, contentId}.
  await db.schema.alterTable('raw_mails').addColumn('attachments', 'text').execute();
}
