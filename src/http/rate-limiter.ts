/**
 * @module Fixed-window request counters per key (rate-limiter-flexible): in memory for one
 * node, in Redis when several nodes must share the count.
 */
import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';

export interface RateLimiter {
  /** Counts one request for `key`; returns the wait in ms when the limit is exceeded. */
  consume(key: string): Promise<{ allowed: true } | { allowed: false; retryAfterMs: number }>;
}

export interface RateLimiterOptions {
  pointsPerMinute: number;
  redis?: Redis | undefined;
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  if (options.pointsPerMinute <= 0) return { consume: () => Promise.resolve({ allowed: true }) };
  const settings = { points: options.pointsPerMinute, duration: 60, keyPrefix: 'tmpmail-rl' };
  const limiter: RateLimiterAbstract = options.redis
    ? new RateLimiterRedis({
        ...settings,
        storeClient: options.redis,
        // If Redis is unreachable, count in memory rather than refusing every request.
        insuranceLimiter: new RateLimiterMemory(settings),
      })
    : new RateLimiterMemory(settings);
  return {
    async consume(key) {
      try {
        await limiter.consume(key);
        return { allowed: true };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes)
          return { allowed: false, retryAfterMs: rejection.msBeforeNext };
        throw rejection;
      }
    },
  };
}
