/** @module Reading a page of raw_mails rows: the columns of a MailRecord and the page query. */
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from '../db-schema.js';
import type { MailListQuery, MailRecord, Page } from '../ports.js';

/** The columns of a MailRecord, named so a later column never leaks into results unasked. */
export const MAIL_COLUMNS = [
  'id',
  'message_id',
  'source',
  'address',
  'raw',
  'raw_blob',
  'metadata',
  'created_at',
  'subject',
  'sender',
  'size',
  'attachments',
] as const satisfies readonly (keyof MailRecord)[];

/** MAIL_COLUMNS without the message itself, for summary lists (`withRaw: false`). */
export const SUMMARY_COLUMNS = MAIL_COLUMNS.filter(
  (column): column is Exclude<(typeof MAIL_COLUMNS)[number], 'raw' | 'raw_blob'> =>
    column !== 'raw' && column !== 'raw_blob',
);

export type MailQuery = SelectQueryBuilder<Database, 'raw_mails', object>;

/** How many mails `query` selects. */
export async function countMails(query: MailQuery): Promise<number> {
  const row = await query
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * A page of the mails `filtered` selects, newest first, with the total only for the first page
 * (reference §0.4). The page's ids come from an index alone and only those rows are read: with
 * the plain `ORDER BY id DESC LIMIT … OFFSET …` PostgreSQL reads (or sorts) every skipped row,
 * 90 ms instead of 2 ms at offset 9,000 of one address.
 */
export async function mailPage(
  db: Kysely<Database>,
  filtered: MailQuery,
  { limit, offset, withRaw = true }: MailListQuery,
  count: () => Promise<number> = () => countMails(filtered),
): Promise<Page<MailRecord>> {
  const pageIds = filtered.select('id').orderBy('id', 'desc').limit(limit).offset(offset);
  const rows = db.selectFrom('raw_mails').where('id', 'in', pageIds).orderBy('id', 'desc');
  const results = withRaw
    ? await rows.select(MAIL_COLUMNS).execute()
    : (await rows.select(SUMMARY_COLUMNS).execute()).map((row) => ({
        ...row,
        raw: null,
        raw_blob: null,
      }));
  return { results, count: offset === 0 ? await count() : 0 };
}
