/** @module The address-creation rules, as plain values built from the configuration. */

export interface RoleDefinition {
  role: string;
  /** Normalized base domains; empty means the default domains. */
  domains: readonly string[];
  /** A string replaces PREFIX ("" means none); null means PREFIX. */
  prefix: string | null;
}

export interface AddressPolicy {
  /** Every served domain (admin creation may use any of them). */
  domains: readonly string[];
  /** Domains for anonymous users and users without a role (DEFAULT_DOMAINS, else DOMAINS). */
  defaultDomains: readonly string[];
  randomSubdomainDomains: readonly string[];
  randomSubdomainLength: number;
  /** PREFIX, trimmed and lower-cased. */
  prefix: string;
  /** ADDRESS_REGEX: characters to strip from a requested name. */
  stripPattern: string;
  /** ADDRESS_CHECK_REGEX: /api names must match it. */
  checkPattern: string | undefined;
  minLength: number;
  maxLength: number;
  disableCustomName: boolean;
  defaultDomainFirst: boolean;
  /** ENABLE_CREATE_ADDRESS_SUBDOMAIN_MATCH: undefined when not configured. */
  subdomainMatchEnv: boolean | undefined;
  enableUserCreate: boolean;
  disableAnonymousCreate: boolean;
  enableAddressPassword: boolean;
  roles: readonly RoleDefinition[];
  /** Most addresses one batch request may create. */
  batchMax: number;
}

/** Admin creation ignores MIN/MAX_ADDRESS_LEN and uses these fixed limits (reference §2.1). */
export const ADMIN_NAME_LENGTH = { min: 1, max: 30 } as const;
