/** @module The settings key/value table; values are stored as JSON text. */
import type { Kysely } from 'kysely';
import type { Database } from '../db-schema.js';
import type { SettingsStore } from '../ports.js';

export function createSettingsRepository(db: Kysely<Database>): SettingsStore {
  const upsert = (trx: Kysely<Database>, key: string, value: unknown, now: string) =>
    trx
      .insertInto('settings')
      .values({ key, value: JSON.stringify(value), created_at: now, updated_at: now })
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), updated_at: now })),
      )
      .execute();

  return {
    async get(key) {
      const row = await db
        .selectFrom('settings')
        .select('value')
        .where('key', '=', key)
        .executeTakeFirst();
      if (!row) return undefined;
      try {
        return JSON.parse(row.value) as unknown;
      } catch {
        // A value written by hand that is not JSON is read as the plain string it is.
        return row.value;
      }
    },
    async set(key, value, now) {
      await upsert(db, key, value, now);
    },
    async delete(key) {
      await db.deleteFrom('settings').where('key', '=', key).execute();
    },
    async setMany(entries, now) {
      await db.transaction().execute(async (trx) => {
        for (const [key, value] of entries) {
          if (value === undefined)
            await trx.deleteFrom('settings').where('key', '=', key).execute();
          else await upsert(trx, key, value, now);
        }
      });
    },
  };
}
