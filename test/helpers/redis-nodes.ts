/**
 * Two app nodes that share one Redis (REDIS_URL) and one SQLite store, each on its own port,
 * for the limits that several nodes must count together.
 */
import { Redis } from 'ioredis';
import { randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, vi } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/load-config.js';
import { silentLogger } from '../../src/shared/logger.js';
import { MAIL_EVENTS_CHANNEL } from '../../src/storage/redis-mail-notifier.js';
import { listen, TEST_ADMIN_PASSWORD, TEST_JWT_SECRET } from './build-test-app.js';
import { openTestStore, type TestStore } from './test-stores.js';

export const TEST_REDIS_URL = process.env['TMPMAIL_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export type Served = { url: string; close(): Promise<void> };

/** An address from TEST-NET-3 that no other test (or run) is likely to use. */
export const randomTestIp = () => `203.0.113.${randomInt(1, 255)}`;

/**
 * Resolves once `app`'s notifier hears the Redis channel: its SUBSCRIBE completes after the
 * app is built, and an event published before then is lost (in production the waits' database
 * read covers that moment; tests that turn the read off must not start before it).
 */
async function relayListening(app: App, redis: Redis): Promise<void> {
  const probe = `relay-probe-${randomUUID()}@probe.invalid`;
  let heard = false;
  const stop = app.notifier.subscribe(probe, () => (heard = true));
  try {
    await vi.waitFor(
      async () => {
        const wire = { node: 'relay-probe', address: probe, id: 0 };
        await redis.publish(MAIL_EVENTS_CHANNEL, JSON.stringify(wire));
        expect(heard).toBe(true);
      },
      { timeout: 10_000, interval: 50 },
    );
  } finally {
    stop();
  }
}

export interface RedisNodes {
  redis: Redis;
  nodes: [Served, Served];
  /** The apps behind `nodes`, in the same order. */
  apps: [App, App];
}

/**
 * Registers, in the enclosing describe, hooks that start two nodes behind a trusted proxy on
 * 127.0.0.1 with `env` on top of the base config. `keys` are deleted in Redis before and after,
 * so a run starts from zero and leaves nothing behind. The result is filled in by beforeAll.
 */
export function useRedisNodes(env: Record<string, string>, keys: readonly string[]): RedisNodes {
  const cluster = {} as RedisNodes;
  const servers: Served[] = [];
  let testStore: TestStore;

  const build = (): App => {
    const { config } = loadConfig({
      env: {
        JWT_SECRET: TEST_JWT_SECRET,
        ADMIN_PASSWORDS: JSON.stringify([TEST_ADMIN_PASSWORD]),
        DOMAINS: '["example.com"]',
        TRUSTED_PROXIES: '["127.0.0.1"]',
        REDIS_URL: TEST_REDIS_URL,
        LOG_LEVEL: 'silent',
        ...env,
      },
    });
    return createApp({
      config,
      store: testStore.store,
      jwtSecret: TEST_JWT_SECRET,
      logger: silentLogger(),
      redis: cluster.redis,
    });
  };

  beforeAll(async () => {
    cluster.redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
    if (keys.length > 0) await cluster.redis.del(...keys);
    testStore = await openTestStore('sqlite');
    cluster.apps = [build(), build()];
    await Promise.all(cluster.apps.map((app) => relayListening(app, cluster.redis)));
    servers.push(await listen(cluster.apps[0]), await listen(cluster.apps[1]));
    cluster.nodes = servers as [Served, Served];
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    if (keys.length > 0) await cluster.redis.del(...keys);
    await cluster.redis.quit();
    await testStore.cleanup();
  });
  return cluster;
}
