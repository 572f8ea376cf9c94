/**
 * @module The mails a user reaches through their bound addresses (users_address → address →
 * raw_mails by name), and the names themselves for live updates. Every query selects mails by
 * address, so it runs on the `idx_raw_mails_address_id (address, id)` index, one range per
 * bound address.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db-schema.js';
import type { UserStore } from '../ports.js';
import { mailPage, SUMMARY_COLUMNS } from './mail-page.js';
import { hasNul } from './text-match.js';

export function createUserMailQueries(
  db: Kysely<Database>,
): Pick<UserStore, 'listMails' | 'deleteMail' | 'boundAddressNames' | 'listNewerMails'> {
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

  return {
    // Newest first, a page of ids from the index, as the admin lists (mail-page.ts).
    async listMails(userId, { address, ...page }) {
      const mails = db.selectFrom('raw_mails');
      if (address === undefined)
        return mailPage(db, mails.where('address', 'in', boundNames(userId)), page);
      // One address: checked once, then read straight down its index range.
      if (hasNul(address) || !(await isBound(userId, address))) return { results: [], count: 0 };
      return mailPage(db, mails.where('address', '=', address), page);
    },

    async deleteMail(userId, mailId) {
      const result = await db
        .deleteFrom('raw_mails')
        .where('id', '=', mailId)
        .where('address', 'in', boundNames(userId))
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    // The user row left-joined to its bindings: no row at all means no user, a row with a null
    // name a user without addresses.
    async boundAddressNames(userId) {
      const rows = await db
        .selectFrom('users as u')
        .leftJoin('users_address as ua', 'ua.user_id', 'u.id')
        .leftJoin('address as a', 'a.id', 'ua.address_id')
        .select('a.name')
        .where('u.id', '=', userId)
        .execute();
      if (rows.length === 0) return null;
      return rows.flatMap((row) => (row.name === null ? [] : [row.name]));
    },

    async listNewerMails(userId, afterId, limit) {
      const rows = await db
        .selectFrom('raw_mails')
        .where('address', 'in', boundNames(userId))
        .where('id', '>', afterId)
        .select(SUMMARY_COLUMNS)
        .orderBy('id', 'asc')
        .limit(limit)
        .execute();
      return rows.map((row) => ({ ...row, raw: null, raw_blob: null }));
    },
  };
}
