/**
 * @module The one configuration schema: every option with its type, default and description.
 * Names follow cloudflare_temp_email's variables so existing deployments move over unchanged;
 * options of our own (PORT, DATABASE_URL, ...) are named in the same style.
 */
import { z } from 'zod';
import {
  bool,
  domainList,
  int,
  json,
  list,
  optionalBool,
  optionalStr,
  regex,
  str,
  type OptionSpec,
} from './option-kinds.js';

const userRoleSchema = z.array(
  z.object({
    role: z.string().min(1),
    domains: z.array(z.string()).optional(),
    prefix: z.string().nullable().optional(),
  }),
);

const proxyEndpointSchema = z.object({
  host: z.string().optional(),
  port: z.number().int().optional(),
  starttls: z.boolean().optional(),
});
const smtpImapProxySchema = z.object({
  smtp: proxyEndpointSchema.optional(),
  imap: proxyEndpointSchema.optional(),
});

/** Exact origins (scheme://host[:port]), as browsers put them into clientDataJSON. */
const originListSchema = z.array(
  z.string().refine(
    (value) => {
      try {
        return new URL(value).origin === value;
      } catch {
        return false;
      }
    },
    { message: 'expected an origin such as https://mail.example.com (no path, no trailing /)' },
  ),
);

export const configSchema = {
  // --- where tmpmail listens and stores (ours) ---
  HOST: str('127.0.0.1', {
    description:
      'Interface the HTTP server binds to. Loopback by default; use 0.0.0.0 in production.',
  }),
  PORT: int(8787, { description: 'HTTP port (0 picks a free port).', min: 0, max: 65535 }),
  DATABASE_URL: str('./data/tmpmail.sqlite', {
    description:
      'An SQLite file path (or sqlite:PATH) for the embedded default, or a postgres:// URL to share one database between several nodes.',
  }),
  DATA_DIR: str('./data', {
    description: 'Directory for local state such as the generated JWT secret.',
  }),
  LOG_LEVEL: str('info', {
    description: 'pino log level: fatal, error, warn, info, debug, trace or silent.',
  }),
  TRUSTED_PROXIES: list({
    description:
      'Proxies whose X-Forwarded-For / CF-Connecting-IP headers are believed (IPs, CIDRs, or "loopback", "linklocal", "uniquelocal"). Empty: the client IP is the socket peer.',
  }),
  REDIS_URL: optionalStr({
    description:
      'redis:// URL; when set, rate-limit and login-failure counters are shared by every node through Redis, and new mail wakes live waits on every node at once.',
  }),
  RATE_LIMIT_PER_MINUTE: int(10, {
    description:
      'Requests per minute one client IP may make to each rate-limited path (/api/new_address, ...). 0 turns the limit off.',
    min: 0,
    max: 1_000_000,
  }),
  LOGIN_MAX_FAILURES: int(10, {
    description:
      'Failed logins one account (e-mail, address or passkey) may have per LOGIN_FAILURE_WINDOW_SECONDS; then its logins get 429 until the window ends. 0 turns the account limit off.',
    min: 0,
    max: 1_000_000,
  }),
  LOGIN_MAX_FAILURES_PER_IP: int(50, {
    description:
      'Failed logins one client IP may have per LOGIN_FAILURE_WINDOW_SECONDS over all login endpoints (higher than the account limit: many users may share one IP). 0 turns it off.',
    min: 0,
    max: 1_000_000,
  }),
  LOGIN_FAILURE_WINDOW_SECONDS: int(900, {
    description: 'Window in which failed logins are counted (fixed, from the first failure).',
    min: 1,
    max: 86_400,
  }),
  IP_ASN_ORGANIZATION_HEADER: optionalStr({
    description:
      "Request header in which a trusted proxy (TRUSTED_PROXIES) passes the client's ASN organisation, for the admin ASN blacklist. Unset: the ASN blacklist is not applied.",
  }),
  MAX_REQUEST_BODY_BYTES: int(1_048_576, {
    description: 'Largest accepted HTTP request body; larger bodies get 413.',
    min: 1024,
    max: 104_857_600,
  }),
  ADDRESS_BATCH_MAX: int(1000, {
    description: 'Most addresses POST /admin/addresses/batch creates in one request.',
    min: 1,
    max: 10_000,
  }),
  ADDRESS_JWT_TTL_SECONDS: int(0, {
    description:
      'Lifetime of address credentials in seconds; 0 means they never expire (the reference behaviour).',
    min: 0,
    max: 10 * 365 * 86_400,
  }),
  WEB_UI: bool(true, {
    description:
      'Serve the web UI (built into WEB_DIR) at / and its pages. false: API only, and / answers the health check.',
  }),
  WEB_DIR: optionalStr({
    description:
      'Directory of the built web UI (npm run build:web). Unset: dist/web of the installed package.',
  }),
  TURNSTILE_VERIFY_URL: str('https://challenges.cloudflare.com/turnstile/v0/siteverify', {
    description:
      'Turnstile siteverify endpoint (override only for testing or a compatible service).',
  }),

  // --- mail intake (SMTP) ---
  DISABLE_SMTP: bool(false, {
    description:
      'Do not start the SMTP server (mail then arrives only through the HTTP ingest endpoint).',
  }),
  SMTP_HOST: str('127.0.0.1', {
    description:
      'Interface the SMTP server binds to. Loopback by default; use 0.0.0.0 in production.',
  }),
  SMTP_PORT: int(2525, {
    description: 'SMTP port (25 in production, usually mapped from 2525; 0 picks a free port).',
    min: 0,
    max: 65535,
  }),
  SMTP_HOSTNAME: optionalStr({
    description:
      'Name the SMTP server gives in its greeting and EHLO reply (default: the machine hostname).',
  }),
  SMTP_TLS_CERT: optionalStr({
    description: 'PEM certificate file for STARTTLS (with SMTP_TLS_KEY).',
  }),
  SMTP_TLS_KEY: optionalStr({ description: 'PEM private key file for STARTTLS.', secret: true }),
  SMTP_MAX_MESSAGE_BYTES: int(26_214_400, {
    description: 'Largest accepted message (advertised with EHLO SIZE; larger messages get 552).',
    min: 1024,
    max: 1_073_741_824,
  }),
  SMTP_MAX_BUFFERED_BYTES: int(536_870_912, {
    description:
      'Message bytes all SMTP sessions together may hold in memory; past it new data gets 452 (retry later).',
    min: 1_048_576,
    max: 68_719_476_736,
  }),
  SMTP_MAX_RECIPIENTS: int(100, {
    description: 'Most recipients one message may have (RCPT TO beyond it get 452).',
    min: 1,
    max: 10_000,
  }),
  SMTP_MAX_CONNECTIONS: int(500, {
    description: 'Most SMTP connections open at once; more are refused with 421.',
    min: 1,
    max: 100_000,
  }),
  SMTP_SOCKET_TIMEOUT_SECONDS: int(60, {
    description: 'Idle time after which an SMTP connection is closed.',
    min: 5,
    max: 3600,
  }),
  BLACK_LIST: str('', {
    description:
      'Comma-separated sender substrings refused at MAIL FROM (entries are not trimmed).',
  }),
  ENABLE_CHECK_JUNK_MAIL: bool(false, {
    description:
      'Refuse mail whose SPF/DKIM/DMARC results (Received-SPF, Authentication-Results) fail.',
  }),
  JUNK_MAIL_CHECK_LIST: list({
    description: 'Methods (spf, dkim, dmarc) that, when present, must pass.',
  }),
  JUNK_MAIL_FORCE_PASS_LIST: list({ description: 'Methods that must be present and pass.' }),
  REMOVE_ALL_ATTACHMENT: bool(false, { description: 'Strip attachments from every stored mail.' }),
  REMOVE_EXCEED_SIZE_ATTACHMENT: bool(false, {
    description: 'Strip attachments from mails of 2 MiB or more.',
  }),
  ENABLE_MAIL_GZIP: bool(false, { description: 'Store raw mail gzip-compressed.' }),
  ENABLE_AI_EMAIL_EXTRACT: bool(true, {
    description:
      "Extract verification codes and links into each mail's metadata (deterministic, no AI service).",
  }),
  E2E_TEST_MODE: bool(false, {
    description: 'Enable /admin/test/receive_mail and /admin/test/seed_mail (never in production).',
  }),
  CLEANUP_BATCH_SIZE: int(3000, {
    description: 'Most rows one cleanup step deletes per run.',
    min: 1,
    max: 5000,
  }),
  CLEANUP_INTERVAL_SECONDS: int(3600, {
    description: 'How often the scheduler runs the enabled automatic cleanups (0 turns it off).',
    min: 0,
    max: 7 * 86_400,
  }),
  LIVE_CONNECTIONS_MAX: int(10_000, {
    description:
      'Most long-poll and Server-Sent-Events connections one node holds open; more get 503 until some close.',
    min: 1,
    max: 1_000_000,
  }),
  LONG_POLL_MAX_SECONDS: int(60, {
    description: 'Longest a "wait for the next mail" request may be held open.',
    min: 1,
    max: 600,
  }),
  LIVE_DB_POLL_SECONDS: int(2, {
    description:
      'While a long-poll or SSE stream waits, how often it also reads the database, for mail stored by another node. With REDIS_URL, nodes tell each other at once and this is only the fallback.',
    min: 1,
    max: 600,
  }),

  // --- showing mail HTML (GET /api/mails/:id/html and its admin twin) ---
  MAIL_HTML_MAX_BYTES: int(524_288, {
    description:
      'Longest HTML (or text) part a mail is rendered with; beyond it only the beginning is shown, with a notice. Sanitising costs about 1 s per MiB of CPU.',
    min: 1024,
    max: 16_777_216,
  }),
  MAIL_HTML_INLINE_IMAGE_MAX_BYTES: int(2_097_152, {
    description:
      'Largest inline (cid:) image embedded into rendered mail HTML; larger ones are not shown.',
    min: 0,
    max: 67_108_864,
  }),
  MAIL_HTML_INLINE_IMAGES_MAX_TOTAL_BYTES: int(10_485_760, {
    description:
      'Most inline image bytes one rendered mail embeds (an image referenced twice counts twice).',
    min: 0,
    max: 268_435_456,
  }),

  // --- secrets and access ---
  JWT_SECRET: optionalStr({
    description:
      'HS256 secret for every token. Unset: a random secret is generated once and kept in DATA_DIR/jwt-secret.',
    secret: true,
  }),
  PASSWORDS: list({
    description: 'Private-site passwords (x-custom-auth). Empty: the site is public.',
    secret: true,
  }),
  ADMIN_PASSWORDS: list({ description: 'Admin passwords (x-admin-auth).', secret: true }),
  DISABLE_ADMIN_PASSWORD_CHECK: bool(false, {
    description: 'Open the admin API without any password. Never do this on a reachable server.',
  }),
  ADMIN_USER_ROLE: optionalStr({ description: 'User role whose access token also opens /admin.' }),
  USER_DEFAULT_ROLE: optionalStr({
    description:
      'Role given to users on mail-verified registration and on every OAuth2 login; must be one of USER_ROLES.',
  }),
  USER_ROLES: json<z.infer<typeof userRoleSchema>>([], {
    description: 'Roles as JSON: [{"role":"vip","domains":["a.com"],"prefix":"vip"}].',
    schema: userRoleSchema,
  }),
  OAUTH2_HTTP_TIMEOUT_SECONDS: int(10, {
    description:
      'Longest one request to an OAuth2 provider (token exchange, user info) may take, body included.',
    min: 1,
    max: 120,
  }),
  OAUTH2_MAX_RESPONSE_BYTES: int(262_144, {
    description:
      'Largest OAuth2 provider answer (token or user info) read; larger ones fail the login.',
    min: 1024,
    max: 10_485_760,
  }),
  PASSKEY_ALLOWED_ORIGINS: json<z.infer<typeof originListSchema>>([], {
    description:
      'Origins allowed to register and use passkeys, e.g. ["https://mail.example.com"]; RP IDs must then be the host of one of them or a parent domain. Empty: trust the origin and domain the client sends, as the reference does.',
    schema: originListSchema,
  }),
  PASSKEY_MAX_PER_USER: int(20, {
    description: 'Most passkeys one user account may register.',
    min: 1,
    max: 1000,
  }),

  // --- address creation ---
  DOMAINS: domainList({
    description: 'Every mail domain tmpmail serves (JSON array).',
    default: ['tmpmail.localhost'],
  }),
  DEFAULT_DOMAINS: domainList({
    description:
      'Domains offered to anonymous users and users without a role; empty means DOMAINS.',
  }),
  DOMAIN_LABELS: list({ description: 'Display labels for DOMAINS, in the same order.' }),
  PREFIX: str('tmp', { description: 'Prefix put before every new name (trimmed, lower-cased).' }),
  ADDRESS_REGEX: regex('[^a-z0-9]', {
    description: 'Characters matching this pattern are removed from requested names.',
  }),
  ADDRESS_CHECK_REGEX: regex(undefined, {
    description: 'Names created through /api must match this pattern.',
  }),
  MIN_ADDRESS_LEN: int(1, {
    description: 'Shortest name allowed on /api (without prefix).',
    min: 1,
    max: 64,
  }),
  MAX_ADDRESS_LEN: int(30, {
    description: 'Longest name allowed on /api (without prefix).',
    min: 1,
    max: 64,
  }),
  DISABLE_CUSTOM_ADDRESS_NAME: bool(false, {
    description: 'Always give /api users a random name.',
  }),
  CREATE_ADDRESS_DEFAULT_DOMAIN_FIRST: bool(false, {
    description: 'Without a requested domain use the first allowed one instead of a random one.',
  }),
  ENABLE_CREATE_ADDRESS_SUBDOMAIN_MATCH: optionalBool({
    description:
      'Allow name@sub.base for every allowed base domain. Unset: the admin setting decides. Set to anything but true: off, whatever the admin sets.',
  }),
  RANDOM_SUBDOMAIN_DOMAINS: domainList({
    description: 'Base domains that allow a random (and a hand-written) subdomain.',
  }),
  RANDOM_SUBDOMAIN_LENGTH: int(8, {
    description: 'Length of a random subdomain label.',
    min: 1,
    max: 63,
  }),
  ENABLE_USER_CREATE_EMAIL: bool(true, {
    description: 'Allow anyone to create addresses through /api/new_address.',
  }),
  DISABLE_ANONYMOUS_USER_CREATE_EMAIL: bool(false, {
    description: 'Require a logged-in user (x-user-token) for /api/new_address.',
  }),
  ENABLE_USER_DELETE_EMAIL: bool(true, {
    description: 'Let address owners delete mail and their address.',
  }),
  ENABLE_ADDRESS_PASSWORD: bool(false, {
    description: 'Generate a password for new addresses and allow password login and change.',
  }),
  CF_TURNSTILE_SITE_KEY: optionalStr({
    description: 'Cloudflare Turnstile site key (both keys enable the check).',
  }),
  CF_TURNSTILE_SECRET_KEY: optionalStr({
    description: 'Cloudflare Turnstile secret key.',
    secret: true,
  }),
  ENABLE_GLOBAL_TURNSTILE_CHECK: bool(false, {
    description: 'Also require Turnstile on every login endpoint.',
  }),

  // --- texts and switches shown by the web UI ---
  TITLE: optionalStr({ description: 'Site title.' }),
  ANNOUNCEMENT: str('', { description: 'Announcement shown on the page.' }),
  ALWAYS_SHOW_ANNOUNCEMENT: bool(false, { description: 'Show the announcement on every visit.' }),
  ADMIN_CONTACT: optionalStr({ description: 'Contact shown to users.' }),
  COPYRIGHT: optionalStr({ description: 'Footer text.' }),
  STATUS_URL: str('', { description: 'Link to a status page.' }),
  DEFAULT_LANG: optionalStr({
    description: 'Language of messages when the client sends no x-lang: en or zh.',
  }),
  DISABLE_SHOW_GITHUB: bool(false, { description: 'Hide the project link.' }),
  DISABLE_SHOW_GITHUB_FOR_USER: bool(false, { description: 'Hide the project link for users.' }),
  ENABLE_AGENT_EMAIL_INFO: bool(false, { description: 'UI hint: show the agent e-mail help.' }),
  ENABLE_INDEX_ABOUT: bool(false, { description: 'UI hint: show the about section.' }),
  SMTP_IMAP_PROXY_CONFIG: json<z.infer<typeof smtpImapProxySchema>>(
    {},
    { description: 'UI hint: SMTP/IMAP endpoints shown to users.', schema: smtpImapProxySchema },
  ),
} satisfies Record<string, OptionSpec<unknown>>;

export type ConfigSchema = typeof configSchema;
export type OptionName = keyof ConfigSchema;

/** The validated, frozen configuration: one typed value per option. */
export type Config = {
  readonly [K in OptionName]: ConfigSchema[K] extends OptionSpec<infer T> ? T : never;
};
