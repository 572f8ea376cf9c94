/** @module Per-IP, per-path rate limit for the abuse-prone paths (reference §0.2 step 4). */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import type { ClientIpResolver } from '../client-ip.js';
import type { RateLimiter } from '../rate-limiter.js';
import { errorResponse } from '../respond-error.js';

export function rateLimit(
  limiter: RateLimiter,
  clientIp: ClientIpResolver,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const ip = clientIp(c);
    // Without a known IP (in-process requests) there is nobody to count, as in the reference.
    if (ip === undefined) return next();
    const path = c.req.path;
    const result = await limiter.consume(`${path}|${ip}`);
    if (!result.allowed) {
      const retryAfter = String(Math.max(1, Math.ceil(result.retryAfterMs / 1000)));
      return errorResponse(c, 429, 'rate_limited', `IP=${ip} Rate limit exceeded for ${path}`, {
        'retry-after': retryAfter,
      });
    }
    return next();
  };
}
