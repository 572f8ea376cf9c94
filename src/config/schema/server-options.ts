/**
 * @module Options of the HTTP server and the node itself: where tmpmail listens and stores,
 * logging, trusted proxies, Redis, rate limits and login-failure limits, request size, the web
 * UI. Options of our own, named in the reference's style.
 */
import { bool, int, list, optionalStr, str, type OptionSpec } from '../option-kinds.js';

export const serverOptions = {
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
} satisfies Record<string, OptionSpec<unknown>>;
