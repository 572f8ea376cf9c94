/**
 * @module Received mail (the raw_mails table) on Kysely: intake writes in batches, reads scoped
 * to one address, and the admin lists. Rows come back as stored; `raw_blob` (gzip) is not
 * decoded here, that is the domain's job.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db-schema.js';
import type { MailStore, NewMail } from '../ports.js';
import { hasNoAddressRow } from './mail-filters.js';
import { countMails, MAIL_COLUMNS, mailPage, type MailQuery } from './mail-page.js';

/** Every column but `id` is bound per inserted row. */
const PARAMS_PER_ROW = MAIL_COLUMNS.length - 1;
/**
 * Rows per INSERT statement. 999 bound parameters is the lowest limit of any SQLite build (the
 * default before 3.32; the bundled one allows 32766, PostgreSQL 65535): portable, and mail rows
 * are large enough that bigger statements gain nothing.
 */
const ROWS_PER_INSERT = Math.floor(999 / PARAMS_PER_ROW);

/** Drivers bind Buffers as blob/bytea; wrap a plain Uint8Array without copying. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

function toRow(mail: NewMail, now: string) {
  return {
    message_id: mail.messageId,
    source: mail.source,
    address: mail.address,
    raw: mail.raw,
    raw_blob: mail.rawGzip === null ? null : asBuffer(mail.rawGzip),
    metadata: mail.metadata,
    created_at: now,
    subject: mail.subject,
    sender: mail.sender,
    size: mail.size,
    attachments: mail.attachments,
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

/**
 * How many mails have no address row: counted per distinct address, so the address table is
 * probed once per address rather than once per mail (SQLite, a million mails: 0.3 s, not 0.8 s).
 */
async function countUnknown(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom((eb) =>
      eb
        .selectFrom('raw_mails')
        .select((e) => ['raw_mails.address', e.fn.countAll<number>().as('n')])
        .groupBy('raw_mails.address')
        .as('g'),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('address').select('address.id').whereRef('address.name', '=', 'g.address'),
        ),
      ),
    )
    .select((eb) => eb.fn.sum<number | string | null>('g.n').as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count ?? 0);
}

async function insertMails(
  db: Kysely<Database>,
  mails: readonly NewMail[],
  now: string,
): Promise<number[]> {
  if (mails.length === 0) return [];
  const rows = mails.map((mail) => toRow(mail, now));
  const ids = await db.transaction().execute(async (trx) => {
    const inserted: number[] = [];
    for (const chunk of chunks(rows, ROWS_PER_INSERT)) {
      const returned = await trx.insertInto('raw_mails').values(chunk).returning('id').execute();
      inserted.push(...returned.map((r) => Number(r.id)));
    }
    return inserted;
  });
  // Neither backend promises RETURNING rows in VALUES order, but both assign ids in that order
  // (SQLite one row after another, PostgreSQL one nextval per row), so ascending ids are the
  // input order.
  return ids.sort((a, b) => a - b);
}

export function createMailRepository(db: Kysely<Database>): MailStore {
  const mails = (): MailQuery => db.selectFrom('raw_mails');
  const ofAddress = (address: string) => mails().where('address', '=', address);

  return {
    insertMany: (list, now) => insertMails(db, list, now),

    listForAddress: (address, query) => mailPage(db, ofAddress(address), query),

    listNewer: (address, afterId, limit) =>
      ofAddress(address)
        .where('id', '>', afterId)
        .select(MAIL_COLUMNS)
        .orderBy('id', 'asc')
        .limit(limit)
        .execute(),

    findForAddress: (address, id) =>
      ofAddress(address).where('id', '=', id).select(MAIL_COLUMNS).executeTakeFirst(),

    async deleteForAddress(address, id) {
      const result = await db
        .deleteFrom('raw_mails')
        .where('address', '=', address)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async clearAddress(address) {
      const result = await db
        .deleteFrom('raw_mails')
        .where('address', '=', address)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    list: ({ address, ...query }) =>
      mailPage(db, address === undefined ? mails() : ofAddress(address), query),

    listUnknown: (query) =>
      mailPage(db, mails().where(hasNoAddressRow), query, () => countUnknown(db)),

    findById: (id) => mails().where('id', '=', id).select(MAIL_COLUMNS).executeTakeFirst(),

    async deleteById(id) {
      const result = await db.deleteFrom('raw_mails').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    count: () => countMails(mails()),
  };
}
