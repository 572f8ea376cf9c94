/**
 * @module Planning one new address (reference §2.1–2.4): the name rules, prefix and domain
 * choice for /api and for admin, checked before anything is stored.
 */
import { randomLowerAlnum } from '../../shared/random-string.js';
import type { Store } from '../../storage/ports.js';
import { DomainError } from '../errors.js';
import { readStoredSubdomainMatch } from '../settings/account-settings.js';
import { SettingKeys } from '../settings/setting-keys.js';
import {
  effectiveSubdomainMatch,
  isValidDomainName,
  pickDefaultDomain,
  resolveRequestedDomain,
} from './address-domain.js';
import {
  assertLength,
  assertMatchesCheckPattern,
  assertNotBlocked,
  assertValidLocalPart,
  normalizeName,
  randomName,
} from './address-name.js';
import { ADMIN_NAME_LENGTH, type AddressPolicy, type RoleDefinition } from './address-policy.js';

export interface CreationOptions {
  domain?: string | undefined;
  enableRandomSubdomain?: boolean | undefined;
}

export interface PublicCreation extends CreationOptions {
  name?: string | undefined;
  sourceMeta: string;
  userId?: number | undefined;
  /** Human check (Turnstile), run after the gates as the reference orders it. */
  humanCheck?: () => Promise<void>;
}

export interface AdminCreation extends CreationOptions {
  name: string;
  enablePrefix?: boolean | undefined;
}

/** A plan for one address before it is stored: every rule already checked. */
export interface Plan {
  localPart: string;
  domain: string;
  randomSubdomain: boolean;
  /** Regenerates the local part (for random names) on a collision. */
  rename?: () => string;
}

export interface AddressPlannerDeps {
  store: Store;
  policy: AddressPolicy;
  random: () => number;
}

/** Marks a rule violation as the reason an address creation failed. */
export function asCreationError(error: unknown): unknown {
  return error instanceof DomainError ? error.duringCreation() : error;
}

export function createAddressPlanner({ store, policy, random }: AddressPlannerDeps) {
  async function subdomainMatch(): Promise<boolean> {
    return effectiveSubdomainMatch(
      policy.subdomainMatchEnv,
      await readStoredSubdomainMatch(store.settings),
    );
  }

  async function blockList(): Promise<string[]> {
    const value = await store.settings.get(SettingKeys.addressBlockList);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  }

  async function roleOf(userId: number | undefined): Promise<RoleDefinition | undefined> {
    if (userId === undefined) return undefined;
    const name = await store.users.findRoleName(userId);
    return policy.roles.find((r) => r.role === name);
  }

  async function chooseDomain(
    options: CreationOptions,
    allowed: readonly string[],
    knownSubdomainMatch?: boolean,
  ) {
    const requested = options.domain?.trim().toLowerCase();
    // The setting is read only when it can matter: a default domain, an allowed one named
    // exactly and an invalid name are decided without it (one query less per creation).
    const needsMatch =
      requested !== undefined && !allowed.includes(requested) && isValidDomainName(requested);
    const rules = {
      allowed,
      subdomainMatch: needsMatch && (knownSubdomainMatch ?? (await subdomainMatch())),
      randomSubdomainDomains: policy.randomSubdomainDomains,
    };
    const domain = requested
      ? resolveRequestedDomain(requested, rules)
      : pickDefaultDomain(allowed, policy.defaultDomainFirst, random);
    if (options.enableRandomSubdomain && !policy.randomSubdomainDomains.includes(domain)) {
      throw new DomainError('random_subdomain_not_allowed');
    }
    return domain;
  }

  function finishName(name: string, prefix: string): string {
    const localPart = `${prefix}${name}`;
    assertValidLocalPart(localPart);
    return localPart;
  }

  async function planPublic(
    input: PublicCreation,
    role: RoleDefinition | undefined,
  ): Promise<Plan> {
    const useRandom = policy.disableCustomName || !input.name?.trim();
    const generate = () => randomName(policy.minLength, policy.maxLength);
    const raw = useRandom ? generate() : (input.name as string);
    const blocked = await blockList();
    // The reference checks the request's own text (or the random name) first: an entry like
    // "a.b" is caught before normalization strips the dot. Then the normalized name.
    assertNotBlocked(raw.trim().toLowerCase(), blocked);
    const prefix = role?.prefix ?? policy.prefix;
    const allowed = role && role.domains.length > 0 ? role.domains : policy.defaultDomains;
    try {
      const name = normalizeName(raw, policy.stripPattern);
      assertNotBlocked(name, blocked);
      assertMatchesCheckPattern(name, policy.checkPattern);
      assertLength(name, policy.minLength, policy.maxLength);
      return {
        localPart: finishName(name, prefix),
        domain: await chooseDomain(input, allowed),
        randomSubdomain: input.enableRandomSubdomain === true,
        ...(useRandom ? { rename: () => `${prefix}${generate()}` } : {}),
      };
    } catch (error) {
      throw asCreationError(error);
    }
  }

  /** `knownSubdomainMatch`: the setting read once for a whole batch (one query, not one per name). */
  async function planAdmin(input: AdminCreation, knownSubdomainMatch?: boolean): Promise<Plan> {
    try {
      const name = normalizeName(input.name, policy.stripPattern);
      assertLength(name, ADMIN_NAME_LENGTH.min, ADMIN_NAME_LENGTH.max);
      return {
        localPart: finishName(name, input.enablePrefix ? policy.prefix : ''),
        domain: await chooseDomain(input, policy.domains, knownSubdomainMatch),
        randomSubdomain: input.enableRandomSubdomain === true,
      };
    } catch (error) {
      throw asCreationError(error);
    }
  }

  return {
    planPublic,
    planAdmin,
    roleOf,
    subdomainMatch,
    /** The domain part, with a fresh random label when the plan asks for one. */
    withSubdomain(plan: Plan): string {
      return plan.randomSubdomain
        ? `${randomLowerAlnum(policy.randomSubdomainLength)}.${plan.domain}`
        : plan.domain;
    },
  };
}

export type AddressPlanner = ReturnType<typeof createAddressPlanner>;
