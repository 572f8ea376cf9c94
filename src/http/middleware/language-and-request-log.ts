/** @module Picks the language of messages (`x-lang`, else DEFAULT_LANG) and logs each request at debug. */
import type { Context, MiddlewareHandler, Next } from 'hono';
import type { Logger } from '../../shared/logger.js';
import type { AppEnv } from '../app-env.js';
import { pickLang } from '../messages.js';

export function languageAndRequestLog(
  defaultLang: string | undefined,
  logger: Logger,
): MiddlewareHandler<AppEnv> {
  const logged = async (c: Context<AppEnv>, next: Next) => {
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
  return (c, next) => {
    c.set('lang', pickLang(c.req.header('x-lang'), defaultLang));
    // With debug off (the default level is info) no entry is built: no clock reads, no await.
    return logger.isLevelEnabled('debug') ? logged(c, next) : next();
  };
}
