/**
 * @module The request body limit (MAX_REQUEST_BODY_BYTES → 413), applied only where a body can
 * exceed it unseen.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../app-env.js';
import { messageResponse } from '../respond-error.js';

/** True when the request declares a body length within `max` and is not chunked. */
function declaredWithin(
  contentLength: string | undefined,
  transferEncoding: string | undefined,
  max: number,
): boolean {
  return (
    transferEncoding === undefined &&
    contentLength !== undefined &&
    /^\d{1,15}$/.test(contentLength) &&
    Number(contentLength) <= max
  );
}

export function requestBodyLimit(maxBodyBytes: number): MiddlewareHandler<AppEnv> {
  const limit = bodyLimit({
    maxSize: maxBodyBytes,
    onError: (c) => messageResponse(c, 413, 'payload_too_large', 'PayloadTooLargeMsg'),
  });
  // Skipped when any of these holds. Plain checks rather than hono's except(), which matches a
  // router and composes a fresh middleware chain on every request.
  const skip = (c: Context<AppEnv>) =>
    // GET and HEAD: no route reads their body, and bodyLimit's look at `c.req.raw.body` makes
    // @hono/node-server build a full Request (with an AbortSignal) for every poll of the
    // mailbox, ~8% of the CPU of a list request (bench/README.md).
    c.req.method === 'GET' ||
    c.req.method === 'HEAD' ||
    // A body whose declared Content-Length is within the limit: Node's HTTP parser never
    // delivers more than the declared length, so only chunked bodies need counting.
    declaredWithin(
      c.req.header('content-length'),
      c.req.header('transfer-encoding'),
      maxBodyBytes,
    ) ||
    // Raw mail handed over HTTP has its own, larger limit (the SMTP one), set on its route.
    c.req.path === '/admin/inbound_mails';
  return (c, next) => (skip(c) ? next() : limit(c, next));
}
