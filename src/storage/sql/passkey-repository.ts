/**
 * @module WebAuthn credentials of users (the user_passkeys table) on Kysely. Registration
 * inserts under the user's row lock, as address bindings do (user-address-bindings.ts), so the
 * per-user limit holds under concurrent registrations on every node.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db-schema.js';
import type { PasskeyInsertOutcome, PasskeyStore } from '../ports.js';
import { lockRow } from './user-address-bindings.js';
import { hasNul } from './text-match.js';

function toRow(passkey: Parameters<PasskeyStore['insert']>[0], now: string) {
  return {
    user_id: passkey.userId,
    passkey_name: passkey.name,
    passkey_id: passkey.passkeyId,
    passkey: passkey.passkey,
    counter: passkey.counter,
    created_at: now,
    updated_at: now,
  };
}

type NewPasskey = Parameters<PasskeyStore['insert']>[0];

async function insertWithinLimitIn(
  trx: Kysely<Database>,
  passkey: NewPasskey,
  max: number,
  now: string,
): Promise<PasskeyInsertOutcome> {
  // Held until the transaction ends: a second registration for this user waits here, then
  // counts the first one's row.
  if (!(await lockRow(trx, 'users', passkey.userId))) return { outcome: 'user_not_found' };
  if (max > 0) {
    const row = await trx
      .selectFrom('user_passkeys')
      .select((e) => e.fn.countAll<number>().as('count'))
      .where('user_id', '=', passkey.userId)
      .executeTakeFirstOrThrow();
    if (Number(row.count) >= max) return { outcome: 'limit_reached' };
  }
  const taken = hasNul(passkey.passkeyId)
    ? undefined
    : await trx
        .selectFrom('user_passkeys')
        .select('id')
        .where('passkey_id', '=', passkey.passkeyId)
        .limit(1)
        .executeTakeFirst();
  if (taken) return { outcome: 'credential_taken' };
  const inserted = await trx
    .insertInto('user_passkeys')
    .values(toRow(passkey, now))
    .returningAll()
    .executeTakeFirstOrThrow();
  return { outcome: 'inserted', passkey: inserted };
}

export function createPasskeyRepository(db: Kysely<Database>): PasskeyStore {
  return {
    listForUser: (userId) =>
      db
        .selectFrom('user_passkeys')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('id', 'asc')
        .execute(),

    // Only the pair (user, credential) is unique (as in the reference), so one credential id
    // could be registered twice; the first registration wins, so a later copy can never take
    // over a sign-in. Registration should refuse a known id (WebAuthn §7.1 step 22).
    findByCredentialId: async (passkeyId) =>
      hasNul(passkeyId)
        ? undefined
        : db
            .selectFrom('user_passkeys')
            .selectAll()
            .where('passkey_id', '=', passkeyId)
            .orderBy('id', 'asc')
            .limit(1)
            .executeTakeFirst(),

    insert: (passkey, now) =>
      db
        .insertInto('user_passkeys')
        .values(toRow(passkey, now))
        .returningAll()
        .executeTakeFirstOrThrow(),

    insertWithinLimit: (passkey, max, now) =>
      db.transaction().execute((trx) => insertWithinLimitIn(trx, passkey, max, now)),

    async rename(userId, passkeyId, name, now) {
      if (hasNul(passkeyId)) return false;
      const result = await db
        .updateTable('user_passkeys')
        .set({ passkey_name: name, updated_at: now })
        .where('user_id', '=', userId)
        .where('passkey_id', '=', passkeyId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async delete(userId, passkeyId) {
      if (hasNul(passkeyId)) return false;
      const result = await db
        .deleteFrom('user_passkeys')
        .where('user_id', '=', userId)
        .where('passkey_id', '=', passkeyId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async updateCounter(id, counter, now) {
      await db
        .updateTable('user_passkeys')
        .set({ counter, updated_at: now })
        .where('id', '=', id)
        .execute();
    },
  };
}
