/**
 * @module CORS for any origin (reference §0.2): every response carries
 * `Access-Control-Allow-Origin: *`, and a preflight (OPTIONS) is answered before any auth.
 *
 * The answers are hono's `cors()`'s; only the way the header reaches a response differs.
 * `cors()` sets it on `c.res` before the handler runs, and Hono then merges that placeholder
 * into the handler's response by rebuilding it around a stream body, which @hono/node-server
 * has to read back asynchronously: ~15% of the server CPU of a small JSON answer such as
 * `POST /admin/new_address` (bench/README.md). Here the header is handed to the handler's own
 * response (`c.header` before it runs), and only a response built without it (a static file,
 * an HTTPException's) gets it afterwards, the way `cors()` would have.
 */
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from '../app-env.js';

const ALLOW_ORIGIN = 'Access-Control-Allow-Origin';

export function corsAnyOrigin(): MiddlewareHandler<AppEnv> {
  // Preflights get hono's own answer: 204, the methods, the echoed request headers, Vary.
  const preflight = cors();
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    c.header(ALLOW_ORIGIN, '*');
    await next();
    // As with cors(), '*' wins over any value a handler set itself.
    if (c.res.headers.get(ALLOW_ORIGIN) !== '*') c.header(ALLOW_ORIGIN, '*');
  };
}
