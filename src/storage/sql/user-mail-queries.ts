/**
 * @module The mails a user reaches through their bound addresses (users_address → address →
 * raw_mails by name). Every query selects mails by address, so it runs on the
 * `idx_raw_mails_address_id (address, id)` index, one range per bound address.
 */
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from '../db-schema.js';
import type { MailRecord, Page, UserStore } from '../ports.js';

/** The columns of a MailRecord, as mail-repository.ts reads them. */
const MAIL_COLUMNS = [
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

// PostgreSQL refuses NUL in text parameters; no stored address name contains one.
const hasNul = (text: string) => text.includes('\u0000');

type MailQuery = SelectQueryBuilder<Database, 'raw_mails', object>;

export function createUserMailQueries(
  db: Kysely<Database>,
): Pick<UserStore, 'listMails' | 'deleteMail'> {
  const boundNames = (userId: number) =>
    db
      .selectFrom('users_address as ua')
      .innerJoin('address as a', 'a.id', 'ua.address_id')
      .select('a.name')
      .where('ua.user_id', '=', userId);

  async function isBound(userId: number, name: string): Promise<boolean> {
    const row = await boundNames(userId).where('a.name', '=', name).executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Newest first, the total only for the first page (reference §0.4). The page's ids come
   * from the index alone, then only those rows are read (as mail-repository.ts's pageOf).
   */
  async function pageOf(
    filtered: MailQuery,
    limit: number,
    offset: number,
  ): Promise<Page<MailRecord>> {
    const pageIds = filtered.select('id').orderBy('id', 'desc').limit(limit).offset(offset);
    const results = await db
      .selectFrom('raw_mails')
      .select(MAIL_COLUMNS)
      .where('id', 'in', pageIds)
      .orderBy('id', 'desc')
      .execute();
    let count = 0;
    if (offset === 0) {
      const row = await filtered
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .executeTakeFirstOrThrow();
      count = Number(row.count);
    }
    return { results, count };
  }

  return {
    async listMails(userId, { limit, offset, address }) {
      if (address === undefined)
        return pageOf(
          db.selectFrom('raw_mails').where('address', 'in', boundNames(userId)),
          limit,
          offset,
        );
      // One address: checked once, then read straight down its index range.
      if (hasNul(address) || !(await isBound(userId, address))) return { results: [], count: 0 };
      return pageOf(db.selectFrom('raw_mails').where('address', '=', address), limit, offset);
    },

    async deleteMail(userId, mailId) {
      const result = await db
        .deleteFrom('raw_mails')
        .where('id', '=', mailId)
        .where('address', 'in', boundNames(userId))
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
