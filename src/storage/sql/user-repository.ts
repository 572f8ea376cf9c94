/**
 * @module User accounts on Kysely: the users table with each user's role (user_roles), the
 * admin user list, and deletion with everything keyed by the user. Address bindings and the
 * mails they give access to are in user-address-bindings.ts.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db-schema.js';
import {
  UserTakenError,
  type NewUser,
  type Page,
  type UserListItem,
  type UserStore,
} from '../ports.js';
import type { DialectCapabilities } from './dialect-capabilities.js';
import { containsIgnoringCase, hasNul } from './text-match.js';
import { createUserAddressBindings } from './user-address-bindings.js';

const emailFilter = (query: string | undefined) => containsIgnoringCase('u.user_email', query);

function toRow(user: NewUser, now: string) {
  return {
    user_email: user.email,
    password: user.passwordHash,
    user_info: user.userInfo,
    created_at: now,
    updated_at: now,
  };
}

const findByEmail = async (db: Kysely<Database>, email: string) =>
  hasNul(email)
    ? undefined
    : db.selectFrom('users').selectAll().where('user_email', '=', email).executeTakeFirst();

/** Inserts the user unless the e-mail is registered; either way the stored row. */
async function insertIfAbsent(db: Kysely<Database>, user: NewUser, now: string) {
  const inserted = await db
    .insertInto('users')
    .values(toRow(user, now))
    .onConflict((oc) => oc.column('user_email').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return inserted;
  const existing = await findByEmail(db, user.email);
  // Only when the existing user was deleted between the two statements.
  if (!existing) throw new Error(`user ${user.email} vanished during insertIfAbsent`);
  return existing;
}

/** The admin user list: newest first, with role and number of bound addresses. */
async function listUsers(
  db: Kysely<Database>,
  { limit, offset, query }: Parameters<UserStore['list']>[0],
): Promise<Page<UserListItem>> {
  const results = await db
    .selectFrom('users as u')
    .leftJoin('user_roles as r', 'r.user_id', 'u.id')
    .select((eb) => [
      'u.id',
      'u.user_email',
      'u.created_at',
      'u.updated_at',
      'r.role_text',
      eb
        .selectFrom('users_address as ua')
        .select((e) => e.fn.countAll<number>().as('c'))
        .whereRef('ua.user_id', '=', 'u.id')
        .as('address_count'),
    ])
    .where(emailFilter(query))
    .orderBy('u.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  let count = 0;
  if (offset === 0) {
    const row = await db
      .selectFrom('users as u')
      .select((e) => e.fn.countAll<number>().as('count'))
      .where(emailFilter(query))
      .executeTakeFirstOrThrow();
    count = Number(row.count);
  }
  return {
    results: results.map((r) => ({
      ...r,
      role_text: r.role_text ?? null,
      address_count: Number(r.address_count ?? 0),
    })),
    count,
  };
}

/** Each user's role (user_roles, one row per user at most). */
function userRoles(
  db: Kysely<Database>,
): Pick<UserStore, 'findRoleName' | 'setRole' | 'setRoleIfAbsent'> {
  return {
    async findRoleName(userId) {
      const row = await db
        .selectFrom('user_roles')
        .select('role_text')
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row?.role_text ?? undefined;
    },

    async setRole(userId, role, now) {
      if (role === null) {
        await db.deleteFrom('user_roles').where('user_id', '=', userId).execute();
        return;
      }
      await db
        .insertInto('user_roles')
        .values({ user_id: userId, role_text: role, created_at: now, updated_at: now })
        .onConflict((oc) =>
          oc
            .column('user_id')
            .doUpdateSet((eb) => ({ role_text: eb.ref('excluded.role_text'), updated_at: now })),
        )
        .execute();
    },

    async setRoleIfAbsent(userId, role, now) {
      await db
        .insertInto('user_roles')
        .values({ user_id: userId, role_text: role, created_at: now, updated_at: now })
        .onConflict((oc) => oc.column('user_id').doNothing())
        .execute();
    },
  };
}

/**
 * The users row goes first: its row lock makes a concurrent bind (which locks that row, see
 * user-address-bindings.ts) wait, then find the user gone, instead of binding an address to a
 * user deleted meanwhile. Unlike the reference, the role and passkeys go too, so no orphaned
 * rows remain.
 */
const deleteUser = (db: Kysely<Database>, userId: number) =>
  db.transaction().execute(async (trx) => {
    const result = await trx.deleteFrom('users').where('id', '=', userId).executeTakeFirst();
    await trx.deleteFrom('users_address').where('user_id', '=', userId).execute();
    await trx.deleteFrom('user_roles').where('user_id', '=', userId).execute();
    await trx.deleteFrom('user_passkeys').where('user_id', '=', userId).execute();
    return Number(result.numDeletedRows) > 0;
  });

export function createUserRepository(db: Kysely<Database>, caps: DialectCapabilities): UserStore {
  return {
    async exists(userId) {
      const row = await db
        .selectFrom('users')
        .select('id')
        .where('id', '=', userId)
        .executeTakeFirst();
      return row !== undefined;
    },

    findById: (userId) =>
      db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst(),

    findByEmail: (email) => findByEmail(db, email),

    async insert(user, now) {
      try {
        return await db
          .insertInto('users')
          .values(toRow(user, now))
          .returningAll()
          .executeTakeFirstOrThrow();
      } catch (error) {
        if (caps.isUniqueViolation(error)) throw new UserTakenError(user.email);
        throw error;
      }
    },

    upsert: (user, now) =>
      db
        .insertInto('users')
        .values(toRow(user, now))
        .onConflict((oc) =>
          oc.column('user_email').doUpdateSet((eb) => ({
            password: eb.ref('excluded.password'),
            user_info: eb.ref('excluded.user_info'),
            updated_at: now,
          })),
        )
        .returningAll()
        .executeTakeFirstOrThrow(),

    insertIfAbsent: (user, now) => insertIfAbsent(db, user, now),

    async setPassword(userId, passwordHash, now) {
      const result = await db
        .updateTable('users')
        .set({ password: passwordHash, updated_at: now })
        .where('id', '=', userId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    delete: (userId) => deleteUser(db, userId),

    list: (query) => listUsers(db, query),

    ...userRoles(db),
    ...createUserAddressBindings(db),
  };
}
