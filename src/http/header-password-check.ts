/**
 * @module Password headers (`x-admin-auth`, `x-custom-auth`) under the login throttle
 * (login-throttle.ts): a wrong header counts as a failed login of the client IP, both on the
 * IP's budget over all logins and on its own, tighter budget for this header (the account
 * `<scope>:<ip>`), and over either limit the header is answered without being compared.
 *
 * The common case stays cheap: a client this node has not seen fail gets its header compared
 * at once, and a right one costs no counter lookup (no Redis round trip per admin request).
 * Only a wrong header, or any header from an IP with a failure or an attempt in flight on this
 * node (LoginThrottle.mayBeLimited), goes through the counters, and then before the comparison.
 * The account is per IP rather than one shared "admin" account: one shared count would let
 * anybody lock the admin (or, for the site password, every visitor) out with a few requests.
 */
import type { Context } from 'hono';
import { secretIn } from '../auth/secret-compare.js';
import type { AppEnv } from './app-env.js';
import type { ClientIpResolver } from './client-ip.js';
import type { LoginThrottle } from './login-throttle.js';

export type HeaderVerdict =
  | { kind: 'absent' }
  | { kind: 'right' }
  /** Over a limit: the header was not compared (or the comparison is not to be told). */
  | { kind: 'limited'; retryAfterMs: number }
  | {
      kind: 'wrong';
      /** The request is refused: the attempt stays counted as a failure. */
      count(): Promise<void>;
      /** The request got in another way (a role token, no password check): not counted. */
      release(): Promise<void>;
    };

/** Checks the header's value (undefined: not sent); the verdict must be counted or released. */
export type HeaderPasswordCheck = (
  c: Context<AppEnv>,
  given: string | undefined,
) => Promise<HeaderVerdict>;

export interface HeaderPasswordOptions {
  passwords: readonly string[];
  /** Names the header's count beside the IP, e.g. `admin-header`. */
  scope: string;
  throttle: LoginThrottle;
  clientIp: ClientIpResolver;
}

const ABSENT: HeaderVerdict = { kind: 'absent' };
const RIGHT: HeaderVerdict = { kind: 'right' };
const done = () => Promise.resolve();

export function createHeaderPasswordCheck(options: HeaderPasswordOptions): HeaderPasswordCheck {
  const { passwords, scope, throttle, clientIp } = options;
  return async (c, given) => {
    if (given === undefined) return ABSENT;
    const ip = clientIp(c);
    // In-process calls (tests, no socket) have no client to count against.
    if (ip === undefined) {
      return secretIn(given, passwords) ? RIGHT : { kind: 'wrong', count: done, release: done };
    }
    // Compared first only when this node has no reason to think the IP is limited.
    const known = throttle.mayBeLimited(ip) ? undefined : secretIn(given, passwords);
    if (known === true) return RIGHT;
    // Counted up front, like a login: parallel guesses cannot all pass under the limit.
    const start = await throttle.begin({ ip, account: { scope, id: ip } });
    if (!start.allowed) return { kind: 'limited', retryAfterMs: start.retryAfterMs };
    if (known ?? secretIn(given, passwords)) {
      await start.settle('success');
      return RIGHT;
    }
    return {
      kind: 'wrong',
      count: () => start.settle('failure'),
      release: () => start.settle('other'),
    };
  };
}
