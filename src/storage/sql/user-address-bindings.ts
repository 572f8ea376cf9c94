/**
 * @module A user's address bindings (users_address) on Kysely: bind, unbind and transfer under
 * row locks, and the bound addresses and their mails.
 *
 * Locking: bind and transfer first take the write lock of the receiving user's `users` row (a
 * no-op UPDATE, held until the transaction ends), so two bindings for one user run one after
 * the other and the second counts the first; without it both could pass the count at max - 1.
 * PostgreSQL locks just that row; SQLite's BEGIN IMMEDIATE already serialises every write
 * transaction. A no-op UPDATE rather than SELECT … FOR UPDATE, which SQLite lacks. The unique
 * users_address.address_id keeps one address from being bound to two users.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db-schema.js';
import type { AddressListItem, BindOutcome, Page, UserStore } from '../ports.js';
import { addressListColumns, withNumericCounts } from './address-repository.js';
import { createUserMailQueries } from './user-mail-queries.js';

type Trx = Kysely<Database>;

/** Takes the row's write lock until the transaction ends; false when there is no such row. */
export async function lockRow(trx: Trx, table: 'users' | 'address', id: number): Promise<boolean> {
  const result = await trx
    .updateTable(table)
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

async function bindingCount(trx: Trx, userId: number): Promise<number> {
  const row = await trx
    .selectFrom('users_address')
    .select((e) => e.fn.countAll<number>().as('count'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

async function boundUser(trx: Trx, addressId: number): Promise<number | undefined> {
  const row = await trx
    .selectFrom('users_address')
    .select('user_id')
    .where('address_id', '=', addressId)
    .executeTakeFirst();
  return row === undefined ? undefined : Number(row.user_id);
}

const boundAddresses = (db: Kysely<Database>, userId: number) =>
  db
    .selectFrom('users_address as ua')
    .innerJoin('address as a', 'a.id', 'ua.address_id')
    .where('ua.user_id', '=', userId);

const atLimit = (count: number, max: number) => max > 0 && count >= max;

async function bindIn(
  trx: Trx,
  userId: number,
  addressId: number,
  max: number,
  now: string,
): Promise<BindOutcome> {
  // The domain checked both rows exist; one missing now was deleted meanwhile, and a binding
  // to it would be an orphan that counts against the user's limit.
  if (!(await lockRow(trx, 'users', userId))) throw new Error(`user ${userId} no longer exists`);
  if (!(await lockRow(trx, 'address', addressId)))
    throw new Error(`address ${addressId} no longer exists`);
  const holder = await boundUser(trx, addressId);
  if (holder === userId) return 'already_bound';
  if (holder !== undefined) return 'bound_to_other';
  if (atLimit(await bindingCount(trx, userId), max)) return 'limit_reached';
  // The address row lock keeps other binds of it out; DO NOTHING covers any other writer
  // without aborting the transaction as a caught unique violation would on PostgreSQL.
  const inserted = await trx
    .insertInto('users_address')
    .values({ user_id: userId, address_id: addressId, created_at: now })
    .onConflict((oc) => oc.column('address_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted ? 'bound' : 'bound_to_other';
}

type TransferResult = Awaited<ReturnType<UserStore['transfer']>>;

async function transferIn(
  trx: Trx,
  fromUserId: number,
  addressId: number,
  toUserId: number,
  max: number,
  now: string,
): Promise<TransferResult> {
  if (!(await lockRow(trx, 'users', toUserId)))
    throw new Error(`user ${toUserId} no longer exists`);
  const holder = await boundUser(trx, addressId);
  if (holder === undefined) return { outcome: 'not_bound' };
  if (holder !== fromUserId) return { outcome: 'bound_to_other' };
  if (atLimit(await bindingCount(trx, toUserId), max)) return { outcome: 'limit_reached' };
  // Deleting the binding locks it: a concurrent transfer or unbind of the same address waits
  // here and then finds nothing to move.
  const unbound = await trx
    .deleteFrom('users_address')
    .where('address_id', '=', addressId)
    .where('user_id', '=', fromUserId)
    .executeTakeFirst();
  if (Number(unbound.numDeletedRows) === 0) return { outcome: 'not_bound' };
  const address = await trx
    .deleteFrom('address')
    .where('id', '=', addressId)
    .returning(['name', 'source_meta', 'created_at'])
    .executeTakeFirst();
  if (address === undefined) return { outcome: 'not_bound' };
  // Same name, so mails, sendbox, sender and auto-reply (keyed by name) stay with it; a new id
  // and no password, so the old owner's address credentials stop working (decisions.md 2).
  const created = await trx
    .insertInto('address')
    .values({ ...address, password: null, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const newAddressId = Number(created.id);
  await trx
    .insertInto('users_address')
    .values({ user_id: toUserId, address_id: newAddressId, created_at: now })
    .execute();
  return { outcome: 'transferred', newAddressId };
}

/** The user's addresses with mail and send counts, newest first; all of them without `page`. */
async function listBoundAddresses(
  db: Kysely<Database>,
  userId: number,
  page?: { limit: number; offset: number },
): Promise<Page<AddressListItem>> {
  let query = boundAddresses(db, userId).select(addressListColumns).orderBy('a.id', 'desc');
  if (page) query = query.limit(page.limit).offset(page.offset);
  const rows = await query.execute();
  const results = rows.map(withNumericCounts);
  if (!page) return { results, count: results.length };
  let count = 0;
  if (page.offset === 0) {
    const row = await boundAddresses(db, userId)
      .select((e) => e.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    count = Number(row.count);
  }
  return { results, count };
}

export function createUserAddressBindings(
  db: Kysely<Database>,
): Pick<
  UserStore,
  | 'countBoundAddresses'
  | 'boundUserOf'
  | 'bind'
  | 'unbind'
  | 'transfer'
  | 'listBoundAddresses'
  | 'touchBoundAddresses'
  | 'listMails'
  | 'deleteMail'
  | 'boundAddressNames'
  | 'listNewerMails'
> {
  return {
    countBoundAddresses: (userId) => bindingCount(db, userId),

    boundUserOf: (addressId) => boundUser(db, addressId),

    bind: (userId, addressId, max, now) =>
      db.transaction().execute((trx) => bindIn(trx, userId, addressId, max, now)),

    async unbind(userId, addressId) {
      const result = await db
        .deleteFrom('users_address')
        .where('user_id', '=', userId)
        .where('address_id', '=', addressId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    transfer: (fromUserId, addressId, toUserId, max, now) =>
      db.transaction().execute((trx) => transferIn(trx, fromUserId, addressId, toUserId, max, now)),

    listBoundAddresses: (userId, page) => listBoundAddresses(db, userId, page),

    async touchBoundAddresses(userId, now, olderThan) {
      await db
        .updateTable('address')
        .set({ updated_at: now })
        .where('id', 'in', (eb) =>
          eb.selectFrom('users_address').select('address_id').where('user_id', '=', userId),
        )
        .where('updated_at', '<', olderThan)
        .execute();
    },

    ...createUserMailQueries(db),
  };
}
