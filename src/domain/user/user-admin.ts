/**
 * @module User management by the admin (reference §1.6 rows 25–28, 33–34): list and search,
 * create, delete, reset a password, list a user's addresses and bind an address to a user.
 */
import { formatSqlTimestamp, type Clock } from '../../shared/clock.js';
import {
  UserTakenError,
  type AddressListItem,
  type Page,
  type Store,
  type UserListItem,
} from '../../storage/ports.js';
import { DomainError } from '../errors.js';
import { checkUserPassword } from './user-registration.js';
import { normalizeUserEmail, readMaxAddressCount } from './user-settings.js';

/**
 * Most addresses one "addresses of this user" answer lists (newest first). The reference lists
 * all, which a limit of 0 (unlimited) lets grow without bound.
 */
export const MAX_LISTED_BOUND_ADDRESSES = 1000;
/** The longest e-mail address (RFC 5321 path limit); the same cap applies to searches. */
const MAX_EMAIL_LENGTH = 254;

export interface UserAdminDeps {
  store: Pick<Store, 'users' | 'addresses' | 'settings'>;
  clock: Clock;
  hashPassword(secret: string): Promise<string>;
}

/** Who to bind (an id, or an e-mail when no id is given) and what (an id, or a name). */
export interface AdminBindRequest {
  userId?: number | undefined;
  userEmail?: string | undefined;
  addressId?: number | undefined;
  address?: string | undefined;
}

type BindStores = UserAdminDeps['store'];

/** The user of a bind request: by id when given, else by e-mail; 400 UserNotFoundMsg if none. */
async function resolveUserId(store: BindStores, request: AdminBindRequest): Promise<number> {
  if (request.userId !== undefined) {
    if (!(await store.users.exists(request.userId))) throw new DomainError('user_not_found');
    return request.userId;
  }
  const user = await store.users.findByEmail(normalizeUserEmail(request.userEmail ?? ''));
  if (!user) throw new DomainError('user_not_found');
  return user.id;
}

/** The address of a bind request: by id when given, else by name; 400 AddressNotFoundMsg if none. */
async function resolveAddressId(store: BindStores, request: AdminBindRequest): Promise<number> {
  const row =
    request.addressId !== undefined
      ? await store.addresses.findById(request.addressId)
      : await store.addresses.findByName((request.address ?? '').trim().toLowerCase());
  if (!row) throw new DomainError('address_not_found_400');
  return row.id;
}

export function createUserAdmin({ store, clock, hashPassword }: UserAdminDeps) {
  const now = () => formatSqlTimestamp(clock.now());

  return {
    /** Newest first; `query` is a case-insensitive substring of the e-mail. */
    list(page: {
      limit: number;
      offset: number;
      query?: string | undefined;
    }): Promise<Page<UserListItem>> {
      const query = page.query?.trim().slice(0, MAX_EMAIL_LENGTH);
      return store.users.list({ ...page, query: query || undefined });
    },

    /**
     * Creates a user with the given password (the client's SHA-256 hex, stored salted and
     * hashed). As in the reference, no default role is assigned.
     */
    async create(email: string, password: string): Promise<void> {
      const normalized = normalizeUserEmail(email);
      if (normalized === '' || normalized.length > MAX_EMAIL_LENGTH || password === '') {
        throw new DomainError('user_login_failed');
      }
      checkUserPassword(password);
      try {
        await store.users.insert(
          { email: normalized, passwordHash: await hashPassword(password), userInfo: null },
          now(),
        );
      } catch (error) {
        if (error instanceof UserTakenError) throw new DomainError('user_exists');
        throw error;
      }
    },

    /**
     * Deletes the user, their bindings, role and passkeys; the addresses stay, unbound.
     * Deleting a user who is not there succeeds, as in the reference.
     */
    async remove(userId: number): Promise<void> {
      await store.users.delete(userId);
    },

    async resetPassword(userId: number, password: string): Promise<void> {
      checkUserPassword(password);
      const updated = await store.users.setPassword(userId, await hashPassword(password), now());
      if (!updated) throw new DomainError('user_not_found');
    },

    /** The user's addresses with mail and send counts, newest first (no count, as the reference). */
    async boundAddresses(userId: number): Promise<{ results: AddressListItem[] }> {
      const page = await store.users.listBoundAddresses(userId, {
        limit: MAX_LISTED_BOUND_ADDRESSES,
        offset: 0,
      });
      return { results: page.results };
    },

    /**
     * Binds an address to a user under the global `maxAddressCount` (roles are not consulted,
     * as in the reference). Binding an address the user already holds succeeds.
     */
    async bind(request: AdminBindRequest): Promise<void> {
      const hasUser = request.userId !== undefined || Boolean(request.userEmail?.trim());
      const hasAddress = request.addressId !== undefined || Boolean(request.address?.trim());
      if (!hasUser || !hasAddress) throw new DomainError('no_address_or_user_token');
      const userId = await resolveUserId(store, request);
      const addressId = await resolveAddressId(store, request);
      const max = await readMaxAddressCount(store.settings);
      const outcome = await store.users.bind(userId, addressId, max, now());
      if (outcome === 'limit_reached') throw new DomainError('max_address_count_reached');
      if (outcome === 'bound_to_other') throw new DomainError('address_bound_to_other');
    },
  };
}

export type UserAdmin = ReturnType<typeof createUserAdmin>;
