/**
 * @module Brute-force limits for password and credential logins: failed attempts are counted
 * per client IP and per account (e-mail or address) in fixed windows (rate-limiter-flexible:
 * in memory for one node, in Redis when several nodes must share the count). Over either
 * limit, a login is refused before the credential is checked.
 *
 * Each node also keeps a small in-memory hint of the IPs with an attempt in flight or a recent
 * failure here, so the password headers (header-password-check.ts) can compare a right password
 * without a counter lookup for the clients that have not been failing.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Logger } from '../shared/logger.js';

export interface LoginThrottleOptions {
  /** LOGIN_MAX_FAILURES: failures one account may have per window; 0 = no account limit. */
  maxFailuresPerAccount: number;
  /** LOGIN_MAX_FAILURES_PER_IP: failures one client IP may have per window, over all logins. */
  maxFailuresPerIp: number;
  /** LOGIN_FAILURE_WINDOW_SECONDS */
  windowSeconds: number;
  redis?: Redis | undefined;
  logger: Logger;
}

/** Who is trying: either part may be unknown (in-process requests have no IP). */
export interface LoginKeys {
  ip: string | undefined;
  /** Kind of account and its identifier, e.g. `user` + the e-mail. */
  account: { scope: string; id: string } | undefined;
}

/** How a login ended: `other` is neither (a disabled feature, a server error). */
export type LoginOutcome = 'success' | 'failure' | 'other';

export type LoginStart =
  | { allowed: true; settle(outcome: LoginOutcome): Promise<void> }
  | { allowed: false; retryAfterMs: number };

export interface LoginThrottle {
  /**
   * Counts the attempt as a failure up front, so parallel guesses cannot all slip under the
   * limit; `settle` hands the count back unless the attempt really failed, and a success
   * also clears the account's failures.
   */
  begin(keys: LoginKeys): Promise<LoginStart>;
  /**
   * In memory, without a counter lookup: true while this node has an attempt from `ip` in
   * flight or saw one fail (or be refused) within the window. False says nothing about
   * failures counted on other nodes through Redis.
   */
  mayBeLimited(ip: string): boolean;
}

/** IPs the failure hints remember at most; beyond this the oldest are dropped. */
const MAX_HINTS = 10_000;

interface Hint {
  pending: number;
  /** performance.now() until which the IP counts as recently failed. */
  untilMs: number;
}

/**
 * The per-node hints behind mayBeLimited. Monotonic time (performance.now), as the limiters
 * count durations in real time whatever the app clock says. A dropped hint costs one password
 * comparison without a counter lookup, after which the IP is remembered again.
 */
function createFailureHints(windowMs: number) {
  const hints = new Map<string, Hint>();
  const live = (hint: Hint, now: number) => hint.pending > 0 || hint.untilMs > now;

  function prune() {
    const now = performance.now();
    for (const [ip, hint] of hints) if (!live(hint, now)) hints.delete(ip);
    // Still full (many IPs failing at once): drop the oldest tenth in one go.
    for (const ip of hints.keys()) {
      if (hints.size < MAX_HINTS * 0.9) break;
      hints.delete(ip);
    }
  }

  return {
    started(ip: string) {
      let hint = hints.get(ip);
      if (!hint) {
        if (hints.size >= MAX_HINTS) prune();
        hint = { pending: 0, untilMs: 0 };
        hints.set(ip, hint);
      }
      hint.pending += 1;
    },
    ended(ip: string, failed: boolean) {
      const hint = hints.get(ip);
      if (!hint) return;
      hint.pending = Math.max(0, hint.pending - 1);
      const now = performance.now();
      if (failed) hint.untilMs = now + windowMs;
      else if (!live(hint, now)) hints.delete(ip);
    },
    mayBeLimited(ip: string) {
      const hint = hints.get(ip);
      if (!hint) return false;
      if (live(hint, performance.now())) return true;
      hints.delete(ip);
      return false;
    },
  };
}

function createLimiter(points: number, options: LoginThrottleOptions, keyPrefix: string) {
  const settings = { points, duration: options.windowSeconds, keyPrefix };
  return options.redis
    ? new RateLimiterRedis({
        ...settings,
        storeClient: options.redis,
        // If Redis is unreachable, count in memory rather than refusing every login.
        insuranceLimiter: new RateLimiterMemory(settings),
        // A key refused once stays refused in memory until its window ends: a client hammering
        // a limit costs no Redis round trip per request.
        inMemoryBlockOnConsumed: points + 1,
      })
    : new RateLimiterMemory(settings);
}

/**
 * Account ids are normalised and hashed: the key stays short whatever the client sent, and
 * e-mail addresses do not sit in Redis in clear.
 */
function accountKey(account: NonNullable<LoginKeys['account']>): string {
  const id = account.id.trim().toLowerCase();
  return `${account.scope}:${createHash('sha256').update(id, 'utf8').digest('base64url')}`;
}

export function createLoginThrottle(options: LoginThrottleOptions): LoginThrottle {
  const byIp =
    options.maxFailuresPerIp > 0
      ? createLimiter(options.maxFailuresPerIp, options, 'tmpmail-login-ip')
      : undefined;
  const byAccount =
    options.maxFailuresPerAccount > 0
      ? createLimiter(options.maxFailuresPerAccount, options, 'tmpmail-login-account')
      : undefined;

  const hints = createFailureHints(options.windowSeconds * 1000);

  async function handBack(taken: readonly (readonly [RateLimiterAbstract, string])[]) {
    await Promise.all(taken.map(([limiter, key]) => limiter.reward(key, 1)));
  }

  return {
    mayBeLimited: (ip) => (byIp || byAccount ? hints.mayBeLimited(ip) : false),

    async begin(keys) {
      // Before the first await, so a parallel request from this IP already sees the hint.
      const hinted = byIp || byAccount ? keys.ip : undefined;
      if (hinted !== undefined) hints.started(hinted);
      const targets: (readonly [RateLimiterAbstract, string])[] = [];
      if (byIp && keys.ip) targets.push([byIp, keys.ip]);
      if (byAccount && keys.account) targets.push([byAccount, accountKey(keys.account)]);
      const taken: (readonly [RateLimiterAbstract, string])[] = [];
      for (const target of targets) {
        try {
          await target[0].consume(target[1]);
          taken.push(target);
        } catch (rejection) {
          if (hinted !== undefined) hints.ended(hinted, rejection instanceof RateLimiterRes);
          if (!(rejection instanceof RateLimiterRes)) throw rejection;
          await handBack(taken);
          return { allowed: false, retryAfterMs: rejection.msBeforeNext };
        }
      }
      let settled = false;
      return {
        allowed: true,
        async settle(outcome) {
          if (settled) return;
          settled = true;
          if (hinted !== undefined) hints.ended(hinted, outcome === 'failure');
          if (outcome === 'failure') return;
          try {
            if (outcome === 'success' && byAccount && keys.account) {
              await byAccount.delete(accountKey(keys.account));
              await handBack(taken.filter(([limiter]) => limiter !== byAccount));
            } else {
              await handBack(taken);
            }
          } catch (err) {
            // The login itself is done; a counter we could not correct only errs on the safe side.
            options.logger.warn({ err }, 'login throttle: could not settle an attempt');
          }
        },
      };
    },
  };
}
