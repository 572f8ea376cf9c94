/**
 * Builds the real app (config schema, store, services, HTTP) for tests, on a fresh database of
 * the chosen dialect, and optionally serves it on a real port (port 0).
 */
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp, type App } from '../../src/app.js';
import type { Config } from '../../src/config/config-schema.js';
import type { VerifyCodeSender } from '../../src/domain/user/verify-codes.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { Clock } from '../../src/shared/clock.js';
import { silentLogger } from '../../src/shared/logger.js';
import type { Store } from '../../src/storage/ports.js';
import { openTestStore, type Dialect } from './test-stores.js';

export const TEST_JWT_SECRET = 'test-secret-0123456789abcdef0123456789abcdef';
export const TEST_ADMIN_PASSWORD = 'admin-pass';

export interface TestApp extends App {
  config: Config;
  store: Store;
  /** The store's DATABASE_URL (an SQLite file path, or a postgres:// URL). */
  databaseUrl: string;
  /** `app.http.request` with JSON bodies and headers made easy. */
  request(
    method: string,
    path: string,
    options?: { body?: unknown; headers?: Record<string, string> },
  ): Promise<Response>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  dialect?: Dialect;
  /** Environment values as an operator would set them (strings). */
  env?: Record<string, string>;
  clock?: Clock;
  /** Outgoing verification codes (none by default, as in production today). */
  verifyCodeSender?: VerifyCodeSender;
}

export async function buildTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const { config } = loadConfig({
    env: {
      JWT_SECRET: TEST_JWT_SECRET,
      ADMIN_PASSWORDS: JSON.stringify([TEST_ADMIN_PASSWORD]),
      DOMAINS: '["example.com","test.org"]',
      LOG_LEVEL: 'silent',
      // The API alone unless a test asks for the UI (WEB_UI / WEB_DIR), so the suite does not
      // depend on whether dist/web has been built.
      WEB_UI: 'false',
      ...options.env,
    },
  });
  const testStore = await openTestStore(options.dialect ?? 'sqlite');
  const app = createApp({
    config,
    store: testStore.store,
    jwtSecret: config.JWT_SECRET ?? TEST_JWT_SECRET,
    logger: silentLogger(),
    ...(options.clock ? { clock: options.clock } : {}),
    verifyCodeSender: options.verifyCodeSender,
  });
  return {
    ...app,
    config,
    store: testStore.store,
    databaseUrl: testStore.url,
    request(method, path, { body, headers = {} } = {}) {
      const init: RequestInit = { method, headers: { ...headers } };
      if (body !== undefined) {
        init.body = typeof body === 'string' ? body : JSON.stringify(body);
        (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
      }
      return Promise.resolve(app.http.request(path, init));
    },
    close: () => testStore.cleanup(),
  };
}

export const adminHeaders = { 'x-admin-auth': TEST_ADMIN_PASSWORD };

/** Serves a test app on 127.0.0.1 with a free port; resolves once it listens. */
export async function listen(app: App): Promise<{ url: string; close(): Promise<void> }> {
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.http.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.notifier.close();
    },
  };
}
