/** @module Picks the language of messages (`x-lang`, else DEFAULT_LANG) and logs each request at debug. */
import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../../shared/logger.js';
import type { AppEnv } from '../app-env.js';
import { pickLang } from '../messages.js';

export function languageAndRequestLog(
  defaultLang: string | undefined,
  logger: Logger,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('lang', pickLang(c.req.header('x-lang'), defaultLang));
    const started = performance.now();
    await next();
    logger.debug(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: performance.now() - started,
      },
      'request',
    );
  };
}
