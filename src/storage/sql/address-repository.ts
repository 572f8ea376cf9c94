/** @module The address table (and the rows keyed by an address) on Kysely. */
import { sql, type Kysely } from 'kysely';
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

// PostgreSQL refuses NUL in text parameters (an error, not "no match"), and no stored name
// contains one (names are validated), so a lookup with NUL matches nothing on every backend.
const hasNul = (text: string) => text.includes('\u0000');

/** Escapes LIKE wildcards so a search for `a_b` matches the text `a_b` only. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

// One INSERT binds 5 parameters per row; SQLite accepts at most 32,766 per statement
// (PostgreSQL 65,535), so large batches go in chunks, still inside one transaction.
const INSERT_CHUNK_ROWS = 1000;

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
  const nameFilter = (query: string | undefined) =>
    query && hasNul(query)
      ? sql<boolean>`1 = 0`
      : query
        ? sql<boolean>`lower(name) like ${likeContains(query.toLowerCase())} escape '\\'`
        : sql<boolean>`1 = 1`;

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
        .select((eb) => [
          'a.id',
          'a.name',
          'a.source_meta',
          'a.created_at',
          'a.updated_at',
          eb
            .selectFrom('raw_mails')
            .select((e) => e.fn.countAll<number>().as('c'))
            .whereRef('raw_mails.address', '=', 'a.name')
            .as('mail_count'),
          eb
            .selectFrom('sendbox')
            .select((e) => e.fn.countAll<number>().as('c'))
            .whereRef('sendbox.address', '=', 'a.name')
            .as('send_count'),
        ])
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
        results: results.map((r) => ({
          ...r,
          mail_count: Number(r.mail_count ?? 0),
          send_count: Number(r.send_count ?? 0),
        })),
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
