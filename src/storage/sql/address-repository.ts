/** @module The address table (and the rows keyed by an address) on Kysely. */
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from '../db-schema.js';
import {
  AddressTakenError,
  type AddressListItem,
  type AddressListQuery,
  type AddressStore,
  type NewAddress,
  type Page,
} from '../ports.js';
import { deleteAddressesWithData } from './delete-addresses-with-data.js';
import type { DialectCapabilities } from './dialect-capabilities.js';
import { containsIgnoringCase, hasNul } from './text-match.js';

// One INSERT binds 5 parameters per row; SQLite accepts at most 32,766 per statement
// (PostgreSQL 65,535), so large batches go in chunks, still inside one transaction.
const INSERT_CHUNK_ROWS = 1000;

/** A query's tables with the address table as `a`. */
type AddressAsA = Database & { a: Database['address'] };

/**
 * The columns of an AddressListItem, for a query with the address table as `a`; pass the rows
 * through withNumericCounts (PostgreSQL returns counts as strings).
 */
export function addressListColumns<DB extends AddressAsA>(eb: ExpressionBuilder<DB, 'a'>) {
  // Kysely cannot resolve table names against a generic DB; these columns need only `a`.
  const { selectFrom } = eb as unknown as ExpressionBuilder<AddressAsA, 'a'>;
  return [
    'a.id',
    'a.name',
    'a.source_meta',
    'a.created_at',
    'a.updated_at',
    selectFrom('raw_mails')
      .select((e) => e.fn.countAll<number>().as('c'))
      .whereRef('raw_mails.address', '=', 'a.name')
      .as('mail_count'),
    selectFrom('sendbox')
      .select((e) => e.fn.countAll<number>().as('c'))
      .whereRef('sendbox.address', '=', 'a.name')
      .as('send_count'),
  ] as const;
}

export function withNumericCounts<R extends { mail_count: unknown; send_count: unknown }>(row: R) {
  return {
    ...row,
    mail_count: Number(row.mail_count ?? 0),
    send_count: Number(row.send_count ?? 0),
  };
}

function toRow(address: NewAddress, now: string) {
  return {
    name: address.name,
    password: address.passwordHash,
    source_meta: address.sourceMeta,
    created_at: now,
    updated_at: now,
  };
}

export function createAddressRepository(
  db: Kysely<Database>,
  caps: DialectCapabilities,
): AddressStore {
  const nameFilter = (query: string | undefined) => containsIgnoringCase('name', query);

  return {
    async insert(address, now) {
      try {
        return await db
          .insertInto('address')
          .values(toRow(address, now))
          .returningAll()
          .executeTakeFirstOrThrow();
      } catch (error) {
        if (caps.isUniqueViolation(error)) throw new AddressTakenError(address.name);
        throw error;
      }
    },

    async insertMany(addresses, now) {
      if (addresses.length === 0) return [];
      const inserted = await db.transaction().execute(async (trx) => {
        // Batches inserting overlapping names in different orders wait on each other's
        // uncommitted rows and deadlock on PostgreSQL, so batches take turns. (A single insert
        // holds nothing while it waits, so it needs no lock.)
        await caps.lockTransaction(trx, 'addressInsertMany');
        const rows = [];
        for (let i = 0; i < addresses.length; i += INSERT_CHUNK_ROWS) {
          const chunk = addresses.slice(i, i + INSERT_CHUNK_ROWS);
          rows.push(
            ...(await trx
              .insertInto('address')
              .values(chunk.map((a) => toRow(a, now)))
              .onConflict((oc) => oc.column('name').doNothing())
              .returningAll()
              .execute()),
          );
        }
        return rows;
      });
      const byName = new Map(inserted.map((row) => [row.name, row]));
      return addresses.map((a) => {
        const row = byName.get(a.name);
        byName.delete(a.name); // a name repeated inside the batch is created once
        return row ?? null;
      });
    },

    findById: (id) => db.selectFrom('address').selectAll().where('id', '=', id).executeTakeFirst(),

    findByName: async (name) =>
      hasNul(name)
        ? undefined
        : db.selectFrom('address').selectAll().where('name', '=', name).executeTakeFirst(),

    async list(query: AddressListQuery): Promise<Page<AddressListItem>> {
      const results = await db
        .selectFrom('address as a')
        .select(addressListColumns)
        .where(nameFilter(query.query))
        .orderBy(query.sortBy, query.sortOrder)
        .orderBy('a.id', query.sortOrder)
        .limit(query.limit)
        .offset(query.offset)
        .execute();
      let count = 0;
      if (query.offset === 0) {
        const row = await db
          .selectFrom('address')
          .select((e) => e.fn.countAll<number>().as('count'))
          .where(nameFilter(query.query))
          .executeTakeFirstOrThrow();
        count = Number(row.count);
      }
      return {
        results: results.map(withNumericCounts),
        count,
      };
    },

    async deleteWithData(id) {
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('address')
          .select('name')
          .where('id', '=', id)
          .executeTakeFirst();
        return (
          row !== undefined && (await deleteAddressesWithData(trx, [{ id, name: row.name }])) > 0
        );
      });
    },

    async setPassword(id, passwordHash, now) {
      const result = await db
        .updateTable('address')
        .set({ password: passwordHash, updated_at: now })
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async sendBalance(name) {
      const row = await db
        .selectFrom('address_sender')
        .select('balance')
        .where('address', '=', name)
        .where('enabled', '=', 1)
        .executeTakeFirst();
      return row?.balance ?? 0;
    },

    async touch(id, now, olderThan) {
      await db
        .updateTable('address')
        .set({ updated_at: now })
        .where('id', '=', id)
        .where('updated_at', '<', olderThan)
        .execute();
    },
  };
}
