/**
 * Requests over a real socket from a client IP that the trusted proxy (127.0.0.1) reports,
 * and the check of the login throttle's 429, for the tests of per-IP login limits.
 */
import { expect } from 'vitest';
import type { Served } from './redis-nodes.js';

export const TOO_MANY_ATTEMPTS = 'Too many failed attempts, please try again later';

export interface Reply {
  status: number;
  text: string;
  retryAfter: string | null;
}

/** A request over the socket, from `ip` as the trusted proxy reports it. */
export async function callFrom(
  server: Served,
  method: string,
  path: string,
  ip: string,
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<Reply> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      'x-forwarded-for': ip,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return readReply(res);
}

export async function readReply(res: Response | Promise<Response>): Promise<Reply> {
  const r = await res;
  return { status: r.status, text: await r.text(), retryAfter: r.headers.get('retry-after') };
}

/** A 429 of the login throttle, with a Retry-After within the failure window. */
export function expectLimited(r: Reply, windowSeconds: number) {
  expect(r.status).toBe(429);
  expect(r.text).toBe(TOO_MANY_ATTEMPTS);
  const retryAfter = Number(r.retryAfter);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
}
