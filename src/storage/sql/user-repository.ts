/** @module The user tables, as far as address creation needs them (the users issue adds more). */
import type { Kysely } from 'kysely';
import type { Database } from '../db-schema.js';
import type { UserStore } from '../ports.js';

export function createUserRepository(db: Kysely<Database>): UserStore {
  return {
    async exists(userId) {
      const row = await db
        .selectFrom('users')
        .select('id')
        .where('id', '=', userId)
        .executeTakeFirst();
      return row !== undefined;
    },
    async findRoleName(userId) {
      const row = await db
        .selectFrom('user_roles')
        .select('role_text')
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row?.role_text ?? undefined;
    },
    async countBoundAddresses(userId) {
      const row = await db
        .selectFrom('users_address')
        .select((e) => e.fn.countAll<number>().as('count'))
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
  };
}
