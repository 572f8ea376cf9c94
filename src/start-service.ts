/**
 * @module Starts tmpmail: opens the store, applies migrations, listens, and shuts down cleanly
 * on SIGINT/SIGTERM. Called by main and by `tmpmail serve`.
 */
import { serve, type ServerType } from '@hono/node-server';
import { Redis } from 'ioredis';
import { readFileSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import type { SMTPServer } from 'smtp-server';
import { createApp } from './app.js';
import { loadOrCreateJwtSecret } from './auth/load-jwt-secret.js';
import type { LoadedConfig } from './config/load-config.js';
import { createLogger, type Logger } from './shared/logger.js';
import { createSmtpServer } from './smtp/create-smtp-server.js';
import { openStore } from './storage/open-store.js';
import type { Config } from './config/config-schema.js';
import type { App } from './app.js';

// Open requests and live streams get this long to finish when the service is stopped.
const SHUTDOWN_GRACE_MS = 5000;

export interface RunningService {
  /** The HTTP URL actually listened on (PORT=0 picks a free port). */
  url: string;
  /** The SMTP port actually listened on, or null when SMTP is disabled. */
  smtpPort: number | null;
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
    logger.warn({ err }, 'redis error; rate limits fall back to memory, live waits to polling'),
  );

  const app = createApp({ config, store, jwtSecret: secret.secret, logger, redis });
  // Counts requests whose handler is still running, so shutdown closes the store only after them
  // (a client that disconnects mid-request does not stop its handler).
  let inFlight = 0;
  const fetch: typeof app.http.fetch = async (request, env, ctx) => {
    inFlight++;
    try {
      return await app.http.fetch(request, env, ctx);
    } finally {
      inFlight--;
    }
  };
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch, hostname: config.HOST, port: config.PORT }, () => resolve(s));
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

  const smtp = config.DISABLE_SMTP ? null : await listenSmtp(config, app, logger);
  // Runs the enabled automatic cleanups every CLEANUP_INTERVAL_SECONDS (0: never).
  app.cleanupScheduler.start();

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // Stop taking new mail and requests, let stored-but-unacknowledged writes finish, then close.
      // Live streams (SSE, long-poll) never end by themselves: after a grace period they are cut.
      const http = server as HttpServer;
      const force = setTimeout(() => http.closeAllConnections(), SHUTDOWN_GRACE_MS);
      await Promise.all([
        new Promise<void>((resolve) => http.close(() => resolve())),
        smtp ? new Promise<void>((resolve) => smtp.server.close(() => resolve())) : undefined,
        http.closeIdleConnections(),
      ]);
      clearTimeout(force);
      const deadline = Date.now() + SHUTDOWN_GRACE_MS;
      while (inFlight > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await app.intake.drain();
      // No new cleanup starts; one in progress finishes before the store closes.
      await app.cleanupScheduler.stop();
      await store.close();
      await app.notifier.close();
      await redis?.quit().catch(() => undefined);
    })());
  return { url, smtpPort: smtp?.port ?? null, logger, stop };
}

async function listenSmtp(
  config: Config,
  app: App,
  logger: Logger,
): Promise<{ server: SMTPServer; port: number }> {
  const tls =
    config.SMTP_TLS_CERT && config.SMTP_TLS_KEY
      ? { cert: readFileSync(config.SMTP_TLS_CERT), key: readFileSync(config.SMTP_TLS_KEY) }
      : undefined;
  const server = createSmtpServer({
    intake: app.intake,
    logger,
    options: {
      hostname: config.SMTP_HOSTNAME ?? hostname(),
      maxMessageBytes: config.SMTP_MAX_MESSAGE_BYTES,
      maxRecipients: config.SMTP_MAX_RECIPIENTS,
      maxConnections: config.SMTP_MAX_CONNECTIONS,
      maxBufferedBytes: config.SMTP_MAX_BUFFERED_BYTES,
      socketTimeoutMs: config.SMTP_SOCKET_TIMEOUT_SECONDS * 1000,
      tls,
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(config.SMTP_PORT, config.SMTP_HOST, () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  logger.info(
    { smtp: `${config.SMTP_HOST}:${port}`, starttls: Boolean(tls) },
    `SMTP is listening on ${config.SMTP_HOST}:${port}`,
  );
  return { server, port };
}
