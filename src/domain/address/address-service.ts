/**
 * @module Address creation, credentials and passwords (reference §2): the service both
 * `/api/new_address` and `/admin/new_address` (and the batch endpoint and CLI) go through.
 * The rules themselves are planned in address-plan.ts.
 */
import { formatSqlTimestamp, type Clock } from '../../shared/clock.js';
import { randomLowerAlnum } from '../../shared/random-string.js';
import {
  AddressTakenError,
  type AddressListItem,
  type AddressListQuery,
  type AddressRecord,
  type NewAddress,
  type Page,
  type Store,
} from '../../storage/ports.js';
import { DomainError } from '../errors.js';
import { readMaxAddressCount } from '../user/user-settings.js';
import { randomName } from './address-name.js';
import {
  asCreationError,
  createAddressPlanner,
  type AdminCreation,
  type CreationOptions,
  type Plan,
  type PublicCreation,
} from './address-plan.js';
import { ADMIN_NAME_LENGTH, type AddressPolicy } from './address-policy.js';

export type { AdminCreation, CreationOptions, PublicCreation } from './address-plan.js';

/** Issues the address credential (implemented by auth/address-token). */
export interface AddressTokenIssuer {
  issue(claims: { address: string; address_id: number | string }): Promise<string>;
}

export interface PasswordHasher {
  hash(secret: string): Promise<string>;
  verify(secret: string, stored: string): Promise<boolean>;
  /** SHA-256 hex, the form in which clients send typed passwords. */
  clientDigest(plain: string): string;
}

export interface AddressServiceDeps {
  store: Store;
  policy: AddressPolicy;
  tokens: AddressTokenIssuer;
  passwords: PasswordHasher;
  clock: Clock;
  random?: () => number;
}

/** The creation response, shaped as the reference's `{jwt, address, password, address_id}`. */
export interface CreatedAddress {
  jwt: string;
  address: string;
  password: string | null;
  address_id: number;
}

export interface BatchCreation extends CreationOptions {
  names: readonly string[];
  enablePrefix?: boolean | undefined;
}

export interface BatchResult {
  created: CreatedAddress[];
  failed: { name: string; error: DomainError }[];
}

// Random subdomains and random names are retried on collision (reference: up to 5 attempts).
const MAX_ATTEMPTS = 5;
const ACTIVITY_GRANULARITY_MS = 86_400_000;

/** Creating addresses: gates, planning, storing with retries, issuing credentials. */
function createAddressCreation(deps: AddressServiceDeps) {
  const { store, policy, clock } = deps;
  const planner = createAddressPlanner({ store, policy, random: deps.random ?? Math.random });
  const now = () => formatSqlTimestamp(clock.now());

  async function newPassword(): Promise<{ plain: string | null; hash: string | null }> {
    if (!policy.enableAddressPassword) return { plain: null, hash: null };
    const plain = randomLowerAlnum(8);
    return { plain, hash: await deps.passwords.hash(deps.passwords.clientDigest(plain)) };
  }

  async function respond(row: AddressRecord, password: string | null): Promise<CreatedAddress> {
    const jwt = await deps.tokens.issue({ address: row.name, address_id: row.id });
    return { jwt, address: row.name, password, address_id: row.id };
  }

  /** Stores a planned address, retrying random parts on a name collision. */
  async function store1(plan: Plan, sourceMeta: string): Promise<CreatedAddress> {
    const password = await newPassword();
    const retries = plan.randomSubdomain || plan.rename ? MAX_ATTEMPTS : 1;
    for (let attempt = 1; ; attempt++) {
      const entry: NewAddress = {
        name: `${plan.localPart}@${planner.withSubdomain(plan)}`,
        passwordHash: password.hash,
        sourceMeta,
      };
      try {
        return await respond(await store.addresses.insert(entry, now()), password.plain);
      } catch (error) {
        if (!(error instanceof AddressTakenError)) throw error;
        if (attempt >= retries) throw new DomainError('address_exists');
        if (plan.rename) plan.localPart = plan.rename();
      }
    }
  }

  return {
    /** `/api/new_address`: gates, then the full /api rule set (reference §2.6). */
    async createPublic(input: PublicCreation): Promise<CreatedAddress> {
      const user =
        input.userId !== undefined && (await store.users.exists(input.userId))
          ? input.userId
          : undefined;
      if (policy.disableAnonymousCreate && user === undefined)
        throw new DomainError('new_address_anonymous_disabled');
      if (!policy.enableUserCreate) throw new DomainError('new_address_disabled');
      if (policy.disableAnonymousCreate && user !== undefined) {
        // The global maximum only: this path reads no role token (reference §2.6 step 3).
        const max = await readMaxAddressCount(store.settings);
        if (max > 0 && (await store.users.countBoundAddresses(user)) >= max) {
          throw new DomainError('max_address_count_reached');
        }
      }
      await input.humanCheck?.();
      const plan = await planner.planPublic(input, await planner.roleOf(user));
      try {
        return await store1(plan, input.sourceMeta);
      } catch (error) {
        throw asCreationError(error);
      }
    },

    /** `/admin/new_address`: no gates, no block list or check pattern, fixed length 1–30. */
    async createByAdmin(input: AdminCreation): Promise<CreatedAddress> {
      const plan = await planner.planAdmin(input);
      try {
        return await store1(plan, 'admin');
      } catch (error) {
        throw asCreationError(error);
      }
    },

    /**
     * Many admin creations in one transaction. Each name is checked as `/admin/new_address`
     * would; names that fail a rule or are taken are reported, the rest are created.
     */
    async createBatchByAdmin(input: BatchCreation): Promise<BatchResult> {
      if (input.names.length > policy.batchMax)
        throw new DomainError('batch_too_large', { max: policy.batchMax });
      const failed: BatchResult['failed'] = [];
      const planned: { name: string; plan: Plan; entry: NewAddress; password: string | null }[] =
        [];
      // Read once: per name it was one settings query each, 1000 round trips per batch on
      // PostgreSQL (bench/README.md).
      const subdomainMatch = await planner.subdomainMatch();
      for (const name of input.names) {
        try {
          const plan = await planner.planAdmin({ ...input, name }, subdomainMatch);
          const password = await newPassword();
          const entry = {
            name: `${plan.localPart}@${planner.withSubdomain(plan)}`,
            passwordHash: password.hash,
            sourceMeta: 'admin',
          };
          planned.push({ name, plan, entry, password: password.plain });
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          failed.push({ name, error });
        }
      }
      const rows = await store.addresses.insertMany(
        planned.map((p) => p.entry),
        now(),
      );
      const created: CreatedAddress[] = [];
      for (const [i, p] of planned.entries()) {
        const row = rows[i];
        if (row) created.push(await respond(row, p.password));
        else
          failed.push({ name: p.name, error: new DomainError('address_exists').duringCreation() });
      }
      return { created, failed };
    },

    /** A fresh random name that passes the admin rules, for batches created by count. */
    randomAdminName(): string {
      return randomName(ADMIN_NAME_LENGTH.min, Math.min(12, ADMIN_NAME_LENGTH.max));
    },
  };
}

/** Using existing addresses: password login and changes, credentials, listing, activity. */
function createAddressAccess(deps: AddressServiceDeps) {
  const { store, policy, clock } = deps;
  const now = () => formatSqlTimestamp(clock.now());

  /** Records use of an address, at most once a day per address (reference §4.5). */
  async function touch(addressId: number): Promise<void> {
    const at = clock.now();
    const olderThan = formatSqlTimestamp(new Date(at.getTime() - ACTIVITY_GRANULARITY_MS));
    await store.addresses.touch(addressId, formatSqlTimestamp(at), olderThan);
  }

  return {
    touch,
    /** `/api/address_login`: the address and its stored password hash. */
    async login(
      email: string,
      passwordDigest: string,
      humanCheck?: () => Promise<void>,
    ): Promise<{ jwt: string; address: string }> {
      if (!policy.enableAddressPassword) throw new DomainError('password_login_disabled');
      if (!email || !passwordDigest) throw new DomainError('email_password_required');
      await humanCheck?.();
      const row = await store.addresses.findByName(email.trim().toLowerCase());
      if (!row) throw new DomainError('address_not_found');
      if (!row.password || !(await deps.passwords.verify(passwordDigest, row.password))) {
        throw new DomainError('invalid_email_or_password');
      }
      return {
        jwt: await deps.tokens.issue({ address: row.name, address_id: row.id }),
        address: row.name,
      };
    },

    /** Sets a new password (owner change or admin reset); `passwordDigest` is what clients send. */
    async setPassword(addressId: number, passwordDigest: string): Promise<void> {
      if (!policy.enableAddressPassword) throw new DomainError('password_change_disabled');
      if (!passwordDigest) throw new DomainError('new_password_required');
      const hash = await deps.passwords.hash(passwordDigest);
      if (!(await store.addresses.setPassword(addressId, hash, now())))
        throw new DomainError('address_not_found');
    },

    /** A credential for an existing address (admin "show password"). */
    async credential(addressId: number): Promise<string> {
      const row = await store.addresses.findById(addressId);
      if (!row) throw new DomainError('address_not_found');
      return deps.tokens.issue({ address: row.name, address_id: String(row.id) });
    },

    async remove(addressId: number): Promise<void> {
      if (!(await store.addresses.deleteWithData(addressId)))
        throw new DomainError('address_not_found');
    },

    list(query: AddressListQuery): Promise<Page<AddressListItem>> {
      return store.addresses.list(query);
    },

    /** `/api/settings`: the address and its send balance; counts as activity. */
    async settings(
      addressId: number,
      name: string,
    ): Promise<{ address: string; send_balance: number }> {
      await touch(addressId);
      return { address: name, send_balance: await store.addresses.sendBalance(name) };
    },
  };
}

export function createAddressService(deps: AddressServiceDeps) {
  return { ...createAddressCreation(deps), ...createAddressAccess(deps) };
}

export type AddressService = ReturnType<typeof createAddressService>;
