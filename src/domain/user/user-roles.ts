/**
 * @module User roles (reference §3.2): the roles of USER_ROLES, the role each user holds (one
 * `user_roles` row, effective only when its name is a configured role), USER_DEFAULT_ROLE,
 * ADMIN_USER_ROLE, and the per-role maximum of bound addresses (setting `role_address_config`)
 * that overrides the global one of user_settings.
 */
import { formatSqlTimestamp, type Clock } from '../../shared/clock.js';
import type { SettingsStore, UserStore } from '../../storage/ports.js';
import type { RoleDefinition } from '../address/address-policy.js';
import { DomainError } from '../errors.js';
import { readMaxAddressCount } from './user-settings.js';

export const ROLE_ADDRESS_CONFIG_KEY = 'role_address_config';
// Bounds that keep the stored value small; far more roles than any USER_ROLES lists.
const MAX_ROLE_CONFIGS = 1000;
const MAX_ROLE_NAME = 200;
const MAX_ADDRESS_COUNT = 1_000_000;

/** `{<role>: {maxAddressCount?}}`; a missing or negative count follows the global maximum. */
export type RoleAddressConfig = Record<string, { maxAddressCount?: number }>;

export interface UserRolesDeps {
  /** USER_ROLES, domains normalized. */
  roles: readonly RoleDefinition[];
  /** USER_DEFAULT_ROLE */
  defaultRole: string | undefined;
  /** ADMIN_USER_ROLE */
  adminRole: string | undefined;
  users: UserStore;
  settings: SettingsStore;
  clock: Clock;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** POST /admin/role_address_config: a plain object of objects with counts ≥ 0, else a 400. */
export function parseRoleAddressConfig(configs: unknown): RoleAddressConfig {
  if (!isPlainObject(configs)) throw new DomainError('invalid_max_address_count');
  const entries = Object.entries(configs);
  if (entries.length > MAX_ROLE_CONFIGS) {
    throw new DomainError('invalid_input', { detail: `at most ${MAX_ROLE_CONFIGS} roles` });
  }
  const result: RoleAddressConfig = {};
  for (const [role, entry] of entries) {
    if (role.length > MAX_ROLE_NAME || (entry !== null && !isPlainObject(entry))) {
      throw new DomainError('invalid_input', { detail: `configs.${role.slice(0, 50)}` });
    }
    const count = entry?.['maxAddressCount'];
    if (count === undefined || count === null) {
      result[role] = {};
      continue;
    }
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
      throw new DomainError('invalid_max_address_count');
    }
    result[role] = { maxAddressCount: Math.min(count, MAX_ADDRESS_COUNT) };
  }
  return result;
}

export async function readRoleAddressConfig(settings: SettingsStore): Promise<RoleAddressConfig> {
  const stored = await settings.get(ROLE_ADDRESS_CONFIG_KEY);
  return isPlainObject(stored) ? (stored as RoleAddressConfig) : {};
}

/** The role's own maximum when configured (≥ 0), else the global one (0 = unlimited). */
export async function resolveMaxAddressCount(
  settings: SettingsStore,
  role: string | undefined,
): Promise<number> {
  if (role !== undefined) {
    const own = (await readRoleAddressConfig(settings))[role]?.maxAddressCount;
    if (typeof own === 'number' && Number.isInteger(own) && own >= 0) return own;
  }
  return readMaxAddressCount(settings);
}

/** POST /admin/user_roles input: a positive user id, and a role name or nothing (removal). */
function parseRoleAssignment(userId: unknown, roleText: unknown): [number, string] {
  if (typeof userId !== 'number' || !Number.isSafeInteger(userId) || userId <= 0) {
    throw new DomainError('invalid_user_id');
  }
  if (roleText !== undefined && roleText !== null && typeof roleText !== 'string') {
    throw new DomainError('invalid_role_text');
  }
  return [userId, roleText ?? ''];
}

export function createUserRoles(deps: UserRolesDeps) {
  const { users, settings } = deps;
  const now = () => formatSqlTimestamp(deps.clock.now());
  const find = (name: string | undefined) =>
    name === undefined ? undefined : deps.roles.find((r) => r.role === name);
  const maxAddressCount = (role: string | undefined) => resolveMaxAddressCount(settings, role);

  return {
    find,
    /** GET /admin/user_roles: the configured roles. */
    list: (): RoleDefinition[] => deps.roles.map((r) => ({ ...r, domains: [...r.domains] })),
    isAdminRole: (name: string | undefined) =>
      deps.adminRole !== undefined && deps.adminRole !== '' && name === deps.adminRole,

    /** The user's stored role name (undefined: no role row) and its definition, if configured. */
    async ofUser(
      userId: number,
    ): Promise<{ name: string; role: RoleDefinition | undefined } | undefined> {
      const name = await users.findRoleName(userId);
      return name === undefined ? undefined : { name, role: find(name) };
    },

    /** POST /admin/user_roles: sets the role, or removes it for an empty role_text. */
    async setUserRole(rawUserId: unknown, roleText: unknown): Promise<void> {
      const [userId, text] = parseRoleAssignment(rawUserId, roleText);
      if (text !== '' && !find(text)) throw new DomainError('invalid_role_text');
      if (!(await users.exists(userId))) throw new DomainError('invalid_user_id');
      await users.setRole(userId, text === '' ? null : text, now());
    },

    /**
     * Gives USER_DEFAULT_ROLE to a user who has no role yet (verified registration, OAuth2).
     * A default role that USER_ROLES does not list is the operator's mistake: a 500, as the
     * reference answers.
     */
    async assignDefaultRole(userId: number): Promise<void> {
      if (!deps.defaultRole) return;
      await users.setRoleIfAbsent(userId, requireDefaultRole(), now());
    },

    /** Throws unless USER_DEFAULT_ROLE is unset or a configured role (checked before writing). */
    checkDefaultRole(): void {
      if (deps.defaultRole) requireDefaultRole();
    },

    addressConfig: () => readRoleAddressConfig(settings),
    async setAddressConfig(configs: unknown): Promise<void> {
      await settings.set(ROLE_ADDRESS_CONFIG_KEY, parseRoleAddressConfig(configs), now());
    },
    maxAddressCount,
    /** The maximum for a user by their stored role (transfer targets, who present no token). */
    async maxAddressCountOfUser(userId: number): Promise<number> {
      const name = await users.findRoleName(userId);
      return maxAddressCount(find(name)?.role);
    },
  };

  function requireDefaultRole(): string {
    const role = deps.defaultRole ?? '';
    if (!find(role)) throw new DomainError('invalid_user_default_role');
    return role;
  }
}

export type UserRoles = ReturnType<typeof createUserRoles>;
