/** @module WebAuthn credentials of users (the user_passkeys table) on Kysely. */
import type { Kysely } from 'kysely';
import type { Database } from '../db-schema.js';
import type { PasskeyStore } from '../ports.js';

// PostgreSQL refuses NUL in text parameters (an error, not "no match"); a credential id from a
// client that contains one matches nothing on every backend.
const hasNul = (text: string) => text.includes('\u0000');

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
