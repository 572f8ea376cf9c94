/**
 * @module The admin's view of the effective configuration, `GET /admin/worker/configs`
 * (reference §1.6 row 42, keys in §5.3). Secrets never appear: passwords only as counts, the
 * JWT secret and S3 credentials only as booleans, as the reference does.
 */

/**
 * The configuration options the view reads, by their names. The app passes its whole config;
 * options tmpmail does not have (yet) are optional and shown as the reference shows them unset.
 */
export interface WorkerConfigSource {
  readonly DEFAULT_LANG: string | undefined;
  readonly TITLE: string | undefined;
  readonly PASSWORDS: readonly string[];
  readonly ADMIN_PASSWORDS: readonly string[];
  readonly ANNOUNCEMENT: string;
  readonly ALWAYS_SHOW_ANNOUNCEMENT: boolean;
  readonly PREFIX: string;
  readonly ADDRESS_CHECK_REGEX: string | undefined;
  readonly ADDRESS_REGEX: string | undefined;
  readonly MIN_ADDRESS_LEN: number;
  readonly MAX_ADDRESS_LEN: number;
  readonly DEFAULT_DOMAINS: readonly string[];
  readonly DOMAINS: readonly string[];
  readonly ENABLE_CREATE_ADDRESS_SUBDOMAIN_MATCH: boolean | undefined;
  readonly RANDOM_SUBDOMAIN_DOMAINS: readonly string[];
  readonly RANDOM_SUBDOMAIN_LENGTH: number;
  readonly DOMAIN_LABELS: readonly string[];
  readonly ADMIN_USER_ROLE: string | undefined;
  readonly USER_ROLES: readonly unknown[];
  readonly ADMIN_CONTACT: string | undefined;
  readonly ENABLE_USER_CREATE_EMAIL: boolean;
  readonly DISABLE_ANONYMOUS_USER_CREATE_EMAIL: boolean;
  readonly ENABLE_USER_DELETE_EMAIL: boolean;
  readonly COPYRIGHT: string | undefined;
  readonly DISABLE_SHOW_GITHUB: boolean;
  readonly DISABLE_SHOW_GITHUB_FOR_USER: boolean;
  readonly DISABLE_ADMIN_PASSWORD_CHECK: boolean;
  readonly ENABLE_CHECK_JUNK_MAIL: boolean;
  readonly JUNK_MAIL_CHECK_LIST: readonly string[];
  readonly JUNK_MAIL_FORCE_PASS_LIST: readonly string[];
  readonly REMOVE_EXCEED_SIZE_ATTACHMENT: boolean;
  readonly REMOVE_ALL_ATTACHMENT: boolean;
  readonly USER_DEFAULT_ROLE?: string | undefined;
  /** A comma-separated string (the reference's form) or a list. */
  readonly NO_LIMIT_SEND_ROLE?: string | readonly string[] | undefined;
  readonly FORWARD_ADDRESS_LIST?: readonly string[] | undefined;
  readonly SUBDOMAIN_FORWARD_ADDRESS_LIST?: readonly unknown[] | undefined;
  readonly ENABLE_AUTO_REPLY?: boolean | undefined;
  readonly ENABLE_WEBHOOK?: boolean | undefined;
  readonly ENABLE_ANOTHER_WORKER?: boolean | undefined;
  readonly ANOTHER_WORKER_LIST?: readonly unknown[] | undefined;
  readonly S3_ENDPOINT?: string | undefined;
  readonly S3_ACCESS_KEY_ID?: string | undefined;
  readonly S3_SECRET_ACCESS_KEY?: string | undefined;
  readonly S3_BUCKET?: string | undefined;
}

const commaList = (value: string | readonly string[] | undefined): string[] =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((role) => role.trim())
        .filter(Boolean)
    : [...(value ?? [])];

/**
 * The §5.3 keys, computed once at start-up (the configuration never changes while running).
 * `version` is the reference version this server is compatible with. Unset texts are null.
 * `hasJwtSecret` is true when a secret is in use, configured or generated (decisions.md 8).
 */
export function buildWorkerConfigs(
  source: WorkerConfigSource,
  { version, hasJwtSecret }: { version: string; hasJwtSecret: boolean },
): Readonly<Record<string, unknown>> {
  return Object.freeze({
    DEFAULT_LANG: source.DEFAULT_LANG ?? null,
    TITLE: source.TITLE ?? null,
    HAS_PASSWORD: source.PASSWORDS.length,
    HAS_ADMIN_PASSWORDS: source.ADMIN_PASSWORDS.length,
    ANNOUNCEMENT: source.ANNOUNCEMENT,
    ALWAYS_SHOW_ANNOUNCEMENT: source.ALWAYS_SHOW_ANNOUNCEMENT,
    PREFIX: source.PREFIX,
    ADDRESS_CHECK_REGEX: source.ADDRESS_CHECK_REGEX ?? null,
    ADDRESS_REGEX: source.ADDRESS_REGEX ?? null,
    MIN_ADDRESS_LEN: source.MIN_ADDRESS_LEN,
    MAX_ADDRESS_LEN: source.MAX_ADDRESS_LEN,
    FORWARD_ADDRESS_LIST: source.FORWARD_ADDRESS_LIST ?? [],
    SUBDOMAIN_FORWARD_ADDRESS_LIST: source.SUBDOMAIN_FORWARD_ADDRESS_LIST ?? [],
    DEFAULT_DOMAINS: source.DEFAULT_DOMAINS.length > 0 ? source.DEFAULT_DOMAINS : source.DOMAINS,
    DOMAINS: source.DOMAINS,
    ENABLE_CREATE_ADDRESS_SUBDOMAIN_MATCH: source.ENABLE_CREATE_ADDRESS_SUBDOMAIN_MATCH === true,
    RANDOM_SUBDOMAIN_DOMAINS: source.RANDOM_SUBDOMAIN_DOMAINS,
    RANDOM_SUBDOMAIN_LENGTH: source.RANDOM_SUBDOMAIN_LENGTH,
    DOMAIN_LABELS: source.DOMAIN_LABELS,
    HAS_JWT_SECRET: hasJwtSecret,
    ADMIN_USER_ROLE: source.ADMIN_USER_ROLE ?? null,
    USER_DEFAULT_ROLE: source.USER_DEFAULT_ROLE ?? null,
    USER_ROLES: source.USER_ROLES,
    NO_LIMIT_SEND_ROLE: commaList(source.NO_LIMIT_SEND_ROLE),
    ADMIN_CONTACT: source.ADMIN_CONTACT ?? null,
    ENABLE_USER_CREATE_EMAIL: source.ENABLE_USER_CREATE_EMAIL,
    DISABLE_ANONYMOUS_USER_CREATE_EMAIL: source.DISABLE_ANONYMOUS_USER_CREATE_EMAIL,
    ENABLE_USER_DELETE_EMAIL: source.ENABLE_USER_DELETE_EMAIL,
    ENABLE_AUTO_REPLY: source.ENABLE_AUTO_REPLY ?? false,
    COPYRIGHT: source.COPYRIGHT ?? null,
    ENABLE_WEBHOOK: source.ENABLE_WEBHOOK ?? false,
    S3_ENABLED: Boolean(
      source.S3_ENDPOINT &&
      source.S3_ACCESS_KEY_ID &&
      source.S3_SECRET_ACCESS_KEY &&
      source.S3_BUCKET,
    ),
    VERSION: version,
    DISABLE_SHOW_GITHUB: source.DISABLE_SHOW_GITHUB,
    DISABLE_SHOW_GITHUB_FOR_USER: source.DISABLE_SHOW_GITHUB_FOR_USER,
    DISABLE_ADMIN_PASSWORD_CHECK: source.DISABLE_ADMIN_PASSWORD_CHECK,
    ENABLE_CHECK_JUNK_MAIL: source.ENABLE_CHECK_JUNK_MAIL,
    JUNK_MAIL_CHECK_LIST: source.JUNK_MAIL_CHECK_LIST,
    JUNK_MAIL_FORCE_PASS_LIST: source.JUNK_MAIL_FORCE_PASS_LIST,
    REMOVE_EXCEED_SIZE_ATTACHMENT: source.REMOVE_EXCEED_SIZE_ATTACHMENT,
    REMOVE_ALL_ATTACHMENT: source.REMOVE_ALL_ATTACHMENT,
    ENABLE_ANOTHER_WORKER: source.ENABLE_ANOTHER_WORKER ?? false,
    ANOTHER_WORKER_LIST: source.ANOTHER_WORKER_LIST ?? [],
  });
}
