/**
 * @module The key/value store (the reference's Cloudflare KV, decisions.md 11) on the `kv`
 * table. An entry whose `expires_at` is not after `nowMs` is expired: it reads as absent and is
 * overwritten as if absent, and the scheduled retention run purges it. Counters keep their count
 * as decimal text in `value`, so `get` on a counter returns it like any other value.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db-schema.js';
import type { KvStore } from '../ports.js';

/**
 * Expired entries one purge statement deletes: a backlog goes in several short statements, so
 * the SQLite write lock (or PostgreSQL row locks) is never held long and intake keeps flowing.
 */
const PURGE_BATCH_ROWS = 1000;

/**
 * Atomic on both backends: the read, the add and the write are one upsert, so concurrent
 * increments (on any node) each see the previous one's result. An expired counter restarts at 1
 * with the new expiry; a live one keeps its expiry.
 */
async function increment(
  db: Kysely<Database>,
  key: string,
  expiresAtMs: number,
  nowMs: number,
): Promise<number> {
  const expired = sql<boolean>`kv.expires_at <= ${nowMs}`;
  const row = await db
    .insertInto('kv')
    .values({ key, value: '1', expires_at: expiresAtMs })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        value: sql<string>`case when ${expired} then '1'
          else cast(cast(kv.value as bigint) + 1 as text) end`,
        expires_at: sql<number>`case when ${expired} then excluded.expires_at
          else kv.expires_at end`,
      }),
    )
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

async function purgeExpired(db: Kysely<Database>, nowMs: number): Promise<number> {
  let purged = 0;
  for (;;) {
    const result = await db
      .deleteFrom('kv')
      .where('key', 'in', (eb) =>
        eb.selectFrom('kv').select('key').where('expires_at', '<=', nowMs).limit(PURGE_BATCH_ROWS),
      )
      .executeTakeFirst();
    const deleted = Number(result.numDeletedRows);
    purged += deleted;
    if (deleted < PURGE_BATCH_ROWS) return purged;
  }
}

export function createKvRepository(db: Kysely<Database>): KvStore {
  const upsert = (key: string, value: string, expiresAtMs: number) =>
    db
      .insertInto('kv')
      .values({ key, value, expires_at: expiresAtMs })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet((eb) => ({
          value: eb.ref('excluded.value'),
          expires_at: eb.ref('excluded.expires_at'),
        })),
      );

  return {
    async get(key, nowMs) {
      const row = await db
        .selectFrom('kv')
        .select('value')
        .where('key', '=', key)
        .where('expires_at', '>', nowMs)
        .executeTakeFirst();
      return row?.value;
    },

    // One statement, so two callers racing for the same key cannot both store: the loser's
    // insert meets the winner's row, whose expiry (the WHERE of the update) keeps it.
    async putIfAbsent(key, value, expiresAtMs, nowMs) {
      const row = await db
        .insertInto('kv')
        .values({ key, value, expires_at: expiresAtMs })
        .onConflict((oc) =>
          oc
            .column('key')
            .doUpdateSet((eb) => ({
              value: eb.ref('excluded.value'),
              expires_at: eb.ref('excluded.expires_at'),
            }))
            .where('kv.expires_at', '<=', nowMs),
        )
        .returning('key')
        .executeTakeFirst();
      return row !== undefined;
    },

    async put(key, value, expiresAtMs) {
      await upsert(key, value, expiresAtMs).execute();
    },

    async delete(key) {
      await db.deleteFrom('kv').where('key', '=', key).execute();
    },

    increment: (key, expiresAtMs, nowMs) => increment(db, key, expiresAtMs, nowMs),

    purgeExpired: (nowMs) => purgeExpired(db, nowMs),
  };
}
