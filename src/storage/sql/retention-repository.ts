/**
 * @module Cleanup deletions (reference §7.2) and the statistics counts on Kysely. Sweeps that
 * the reference runs uncapped are split into bounded batches, so a large sweep never holds the
 * SQLite write lock (or PostgreSQL row locks) long enough to stall mail intake.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db-schema.js';
import type { AddressCleanupRule, RetentionStore, Statistics } from '../ports.js';
import { deleteAddressesWithData, type AddressKey } from './delete-addresses-with-data.js';
import { hasNoAddressRow } from './mail-filters.js';

/**
 * Most mails one cleanup statement deletes: a short write lock per batch, and well under SQLite's
 * 999 bound parameters for the id list.
 */
export const MAIL_CLEANUP_BATCH = 500;
/**
 * Most addresses one cleanup transaction deletes. Each takes its mails, sendbox and other rows
 * along, so the batch is smaller than for mails to keep the write lock short.
 */
export const ADDRESS_CLEANUP_BATCH = 100;

/**
 * Where a batched sweep resumes: after this (timestamp, id) in the sweep's order. Rows the sweep
 * skips (known mail, bound addresses, addresses with mail) are not scanned again, and the scan
 * stays inside the timestamp index range below the cutoff.
 */
interface Cursor {
  at: string;
  id: number;
}

/** The timestamp each address rule ages by; every rule sweeps in (timestamp, id) order. */
const ADDRESS_RULE_COLUMN = {
  inactive: 'updated_at',
  created: 'created_at',
  unbound: 'created_at',
  empty: 'created_at',
} as const satisfies Record<AddressCleanupRule, 'created_at' | 'updated_at'>;

/** The next `size` addresses the rule selects, oldest first, after `cursor`. */
async function addressCandidates(
  db: Kysely<Database>,
  rule: AddressCleanupRule,
  cutoff: string,
  cursor: Cursor | null,
  size: number,
): Promise<(AddressKey & { at: string })[]> {
  const column = ADDRESS_RULE_COLUMN[rule];
  let query = db
    .selectFrom('address')
    .select(['address.id', 'address.name', `address.${column} as at`])
    .where(column, '<', cutoff);
  if (cursor !== null) {
    // The redundant `>=` bounds the index range; the OR alone would not.
    query = query.where((eb) =>
      eb.and([
        eb(column, '>=', cursor.at),
        eb.or([eb(column, '>', cursor.at), eb('address.id', '>', cursor.id)]),
      ]),
    );
  }
  if (rule === 'unbound') {
    query = query.where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('users_address')
            .select('users_address.id')
            .whereRef('users_address.address_id', '=', 'address.id'),
        ),
      ),
    );
  } else if (rule === 'empty') {
    query = query.where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('raw_mails')
            .select('raw_mails.id')
            .whereRef('raw_mails.address', '=', 'address.name'),
        ),
      ),
    );
  }
  return query.orderBy(column).orderBy('address.id').limit(size).execute();
}

/** Deletes up to `limit` of the oldest rows (created_at, id) created before `cutoff`. */
async function deleteOldest(
  db: Kysely<Database>,
  table: 'raw_mails' | 'sendbox',
  cutoff: string,
  limit: number,
): Promise<number> {
  const oldest = db
    .selectFrom(table)
    .select('id')
    .where('created_at', '<', cutoff)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit);
  const result = await db.deleteFrom(table).where('id', 'in', oldest).executeTakeFirst();
  return Number(result.numDeletedRows);
}

async function deleteUnknownMails(db: Kysely<Database>, cutoff: string): Promise<number> {
  let deleted = 0;
  let cursor: Cursor | null = null;
  for (;;) {
    let query = db
      .selectFrom('raw_mails')
      .select(['id', 'created_at'])
      .where('created_at', '<', cutoff)
      .where(hasNoAddressRow);
    if (cursor !== null) {
      const { at, id } = cursor;
      query = query.where((eb) =>
        eb.and([eb('created_at', '>=', at), eb.or([eb('created_at', '>', at), eb('id', '>', id)])]),
      );
    }
    const batch = await query
      .orderBy('created_at')
      .orderBy('id')
      .limit(MAIL_CLEANUP_BATCH)
      .execute();
    const last = batch.at(-1);
    if (last === undefined) return deleted;
    // Checked again as it deletes: an address created meanwhile keeps its mail.
    const result = await db
      .deleteFrom('raw_mails')
      .where(
        'id',
        'in',
        batch.map((r) => r.id),
      )
      .where(hasNoAddressRow)
      .executeTakeFirst();
    deleted += Number(result.numDeletedRows);
    if (batch.length < MAIL_CLEANUP_BATCH) return deleted;
    cursor = { at: last.created_at, id: last.id };
  }
}

async function deleteAddresses(
  db: Kysely<Database>,
  rule: AddressCleanupRule,
  cutoff: string,
  limit: number | null,
): Promise<number> {
  let remaining = limit ?? Number.POSITIVE_INFINITY;
  let deleted = 0;
  let cursor: Cursor | null = null;
  while (remaining > 0) {
    const size = Math.min(ADDRESS_CLEANUP_BATCH, remaining);
    const after = cursor;
    // Chosen and deleted in one transaction, so a batch is removed whole or not at all.
    const batch = await db.transaction().execute(async (trx) => {
      const candidates = await addressCandidates(trx, rule, cutoff, after, size);
      return { candidates, deleted: await deleteAddressesWithData(trx, candidates) };
    });
    deleted += batch.deleted;
    remaining -= batch.candidates.length;
    const last = batch.candidates.at(-1);
    if (last === undefined || batch.candidates.length < size) break;
    cursor = { at: last.at, id: last.id };
  }
  return deleted;
}

/** The six counts in one round trip; each is an index-only count where an index fits. */
async function statistics(
  db: Kysely<Database>,
  activeSince7days: string,
  activeSince30days: string,
): Promise<Statistics> {
  const row = await db
    .selectNoFrom(({ selectFrom, fn }) => [
      selectFrom('raw_mails').select(fn.countAll<number>().as('n')).as('mailCount'),
      selectFrom('address').select(fn.countAll<number>().as('n')).as('addressCount'),
      selectFrom('address')
        .select(fn.countAll<number>().as('n'))
        .where('updated_at', '>', activeSince7days)
        .as('activeAddressCount7days'),
      selectFrom('address')
        .select(fn.countAll<number>().as('n'))
        .where('updated_at', '>', activeSince30days)
        .as('activeAddressCount30days'),
      selectFrom('users').select(fn.countAll<number>().as('n')).as('userCount'),
      selectFrom('sendbox').select(fn.countAll<number>().as('n')).as('sendMailCount'),
    ])
    .executeTakeFirstOrThrow();
  return {
    mailCount: Number(row.mailCount),
    addressCount: Number(row.addressCount),
    activeAddressCount7days: Number(row.activeAddressCount7days),
    activeAddressCount30days: Number(row.activeAddressCount30days),
    userCount: Number(row.userCount),
    sendMailCount: Number(row.sendMailCount),
  };
}

/**
 * Runs the admin's own DELETE statement (custom cleanup SQL) as written. Checked again here,
 * cheaply, so that nothing but one DELETE ever reaches the database through this door.
 */
async function executeRawDelete(db: Kysely<Database>, statement: string): Promise<number> {
  if (!/^delete\s/i.test(statement) || statement.includes(';')) {
    throw new Error('only a single DELETE statement may run as custom cleanup SQL');
  }
  const result = await sql.raw(statement).execute(db);
  return Number(result.numAffectedRows ?? 0);
}

export function createRetentionRepository(db: Kysely<Database>): RetentionStore {
  return {
    deleteMailsOlderThan: (cutoff, limit) => deleteOldest(db, 'raw_mails', cutoff, limit),
    deleteUnknownMailsOlderThan: (cutoff) => deleteUnknownMails(db, cutoff),
    deleteSendboxOlderThan: (cutoff, limit) => deleteOldest(db, 'sendbox', cutoff, limit),
    deleteAddressesWithData: (rule, cutoff, limit) => deleteAddresses(db, rule, cutoff, limit),
    statistics: (since7, since30) => statistics(db, since7, since30),
    executeRawDelete: (statement) => executeRawDelete(db, statement),
  };
}
