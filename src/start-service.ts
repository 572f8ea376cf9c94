/**
 * @module Starts tmpmail: opens the store, applies migrations, listens, and shuts down cleanly
 * on SIGINT/SIGTERM. Called by main and by `tmpmail serve`.
 */
import { serve, type ServerType } from '@hono/node-server';
import { Redis } from 'ioredis';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { loadOrCreateJwtSecret } from './auth/load-jwt-secret.js';
import type { LoadedConfig } from './config/load-config.js';
import { createLogger, type Logger } from './shared/logger.js';
import { openStore } from './storage/open-store.js';

export interface RunningService {
  /** The HTTP URL actually listened on (PORT=0 picks a free port). */
  url: string;
  logger: Logger;
  stop(): Promise<void>;
}

function describeDatabase(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@/]*@/, '$1***@');
}

export async function startService(loaded: LoadedConfig): Promise<RunningService> {
  const { config } = loaded;
  const logger = createLogger(config.LOG_LEVEL);
  for (const warning of loaded.warnings) logger.warn(`config: ${warning}`);

  const secret = config.JWT_SECRET
    ? { secret: config.JWT_SECRET }
    : loadOrCreateJwtSecret(config.DATA_DIR);
  if ('createdAt' in secret && secret.createdAt) {
    logger.warn(
      { path: secret.createdAt },
      'JWT_SECRET is not set: generated a random secret and saved it; set JWT_SECRET in production (every node must share it)',
    );
  }

  const store = openStore(config.DATABASE_URL);
  const applied = await store.migrate();
  if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');

  const redis = config.REDIS_URL
    ? new Redis(config.REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 1 })
    : undefined;
  redis?.on('error', (err: Error) =>
    logger.warn({ err }, 'redis error; rate limits fall back to memory'),
  );

  const app = createApp({ config, store, jwtSecret: secret.secret, logger, redis });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.http.fetch, hostname: config.HOST, port: config.PORT }, () =>
      resolve(s),
    );
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info(
    {
      url,
      database: describeDatabase(config.DATABASE_URL),
      backend: store.dialect,
      domains: config.DOMAINS,
    },
    `tmpmail is listening on ${url}; mail domains: ${config.DOMAINS.join(', ') || '(none: set DOMAINS)'}`,
  );

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      await redis?.quit().catch(() => undefined);
    })());
  return { url, logger, stop };
}
