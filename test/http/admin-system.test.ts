/**
 * The system side of the admin API (reference §1.6 rows 42, 45–49) on every dialect: the
 * worker config view (every §5.3 key, no secret), the database version page over the numbered
 * migrations (also on an empty and on a lagging database), and the generic key/value config.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/load-config.js';
import { silentLogger } from '../../src/shared/logger.js';
import { migrations } from '../../src/storage/migrations/index.js';
import { openStore } from '../../src/storage/open-store.js';
import type { Store } from '../../src/storage/ports.js';
import {
  adminHeaders,
  buildTestApp,
  TEST_ADMIN_PASSWORD,
  TEST_JWT_SECRET,
  type TestApp,
} from '../helpers/build-test-app.js';
import { openRawSql } from '../helpers/raw-sql.js';
import { createTestDatabaseUrl, DIALECTS, type Dialect } from '../helpers/test-stores.js';

const ALL_MIGRATIONS = Object.keys(migrations);
const LATEST = ALL_MIGRATIONS.at(-1);

/** §5.3, in the reference's order. */
const WORKER_CONFIG_KEYS = [
  'DEFAULT_LANG',
  'TITLE',
  'HAS_PASSWORD',
  'HAS_ADMIN_PASSWORDS',
  'ANNOUNCEMENT',
  'ALWAYS_SHOW_ANNOUNCEMENT',
  'PREFIX',
  'ADDRESS_CHECK_REGEX',
  'ADDRESS_REGEX',
  'MIN_ADDRESS_LEN',
  'MAX_ADDRESS_LEN',
  'FORWARD_ADDRESS_LIST',
  'SUBDOMAIN_FORWARD_ADDRESS_LIST',
  'DEFAULT_DOMAINS',
  'DOMAINS',
  'ENABLE_CREATE_ADDRESS_SUBDOMAIN_MATCH',
  'RANDOM_SUBDOMAIN_DOMAINS',
  'RANDOM_SUBDOMAIN_LENGTH',
  'DOMAIN_LABELS',
  'HAS_JWT_SECRET',
  'ADMIN_USER_ROLE',
  'USER_DEFAULT_ROLE',
  'USER_ROLES',
  'NO_LIMIT_SEND_ROLE',
  'ADMIN_CONTACT',
  'ENABLE_USER_CREATE_EMAIL',
  'DISABLE_ANONYMOUS_USER_CREATE_EMAIL',
  'ENABLE_USER_DELETE_EMAIL',
  'ENABLE_AUTO_REPLY',
  'COPYRIGHT',
  'ENABLE_WEBHOOK',
  'S3_ENABLED',
  'VERSION',
  'DISABLE_SHOW_GITHUB',
  'DISABLE_SHOW_GITHUB_FOR_USER',
  'DISABLE_ADMIN_PASSWORD_CHECK',
  'ENABLE_CHECK_JUNK_MAIL',
  'JUNK_MAIL_CHECK_LIST',
  'JUNK_MAIL_FORCE_PASS_LIST',
  'REMOVE_EXCEED_SIZE_ATTACHMENT',
  'REMOVE_ALL_ATTACHMENT',
  'ENABLE_ANOTHER_WORKER',
  'ANOTHER_WORKER_LIST',
];

const expectText = async (res: Response, status: number, text: string) =>
  expect({ status: res.status, text: await res.text() }).toEqual({ status, text });

/** The real app over a store that is opened but not migrated (an empty database). */
async function appOnEmptyDatabase(dialect: Dialect) {
  const db = await createTestDatabaseUrl(dialect);
  const store: Store = openStore(db.url);
  const { config } = loadConfig({
    env: {
      JWT_SECRET: TEST_JWT_SECRET,
      ADMIN_PASSWORDS: JSON.stringify([TEST_ADMIN_PASSWORD]),
      LOG_LEVEL: 'silent',
    },
  });
  const app: App = createApp({ config, store, jwtSecret: TEST_JWT_SECRET, logger: silentLogger() });
  return {
    store,
    post: (path: string) => app.http.request(path, { method: 'POST', headers: adminHeaders }),
    version: async () =>
      (await app.http.request('/admin/db_version', { headers: adminHeaders })).json(),
    async close() {
      await store.close();
      await db.drop();
    },
  };
}

describe.each(DIALECTS)('admin system on %s', (dialect) => {
  let app: TestApp;
  const site = { 'x-custom-auth': 'site-secret-1' };

  beforeEach(async () => {
    app = await buildTestApp({
      dialect,
      env: {
        PASSWORDS: '["site-secret-1","site-secret-2"]',
        USER_ROLES: '[{"role":"vip","domains":["example.com"]}]',
        ADMIN_USER_ROLE: 'vip',
        TITLE: 'My Mail',
      },
    });
  });
  afterEach(() => app.close());

  const admin = (method: string, path: string, body?: unknown) =>
    app.request(method, path, { body, headers: { ...adminHeaders, ...site } });

  describe('GET /admin/worker/configs', () => {
    it('shows every reference key with the effective values and no secret', async () => {
      const res = await admin('GET', '/admin/worker/configs');
      expect(res.status).toBe(200);
      const text = await res.text();
      const body = JSON.parse(text) as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual([...WORKER_CONFIG_KEYS].sort());
      expect(body).toMatchObject({
        TITLE: 'My Mail',
        DEFAULT_LANG: null,
        HAS_PASSWORD: 2,
        HAS_ADMIN_PASSWORDS: 1,
        HAS_JWT_SECRET: true,
        PREFIX: 'tmp',
        ADDRESS_REGEX: '[^a-z0-9]',
        DOMAINS: ['example.com', 'test.org'],
        // DEFAULT_DOMAINS unset: the effective list is DOMAINS.
        DEFAULT_DOMAINS: ['example.com', 'test.org'],
        USER_ROLES: [{ role: 'vip', domains: ['example.com'] }],
        ADMIN_USER_ROLE: 'vip',
        NO_LIMIT_SEND_ROLE: [],
        ENABLE_USER_CREATE_EMAIL: true,
        ENABLE_CREATE_ADDRESS_SUBDOMAIN_MATCH: false,
        S3_ENABLED: false,
        VERSION: 'v1.12.0',
      });
      for (const secret of [
        'site-secret-1',
        'site-secret-2',
        TEST_ADMIN_PASSWORD,
        TEST_JWT_SECRET,
      ]) {
        expect(text).not.toContain(secret);
      }
    });

    it('needs the admin password', async () => {
      const res = await app.request('GET', '/admin/worker/configs', { headers: site });
      expect(res.status).toBe(401);
    });
  });

  describe('database version page', () => {
    it('reports an up-to-date schema and its size; initialize and migrate change nothing', async () => {
      const res = await admin('GET', '/admin/db_version');
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toEqual({
        need_initialization: false,
        need_migration: false,
        current_db_version: LATEST,
        code_db_version: LATEST,
        database_size: expect.any(Number),
      });
      expect(Number.isSafeInteger(body['database_size'])).toBe(true);
      expect(body['database_size']).toBeGreaterThan(0);

      await expectText(
        await admin('POST', '/admin/db_initialize'),
        200,
        '{"message":"Database already initialized"}',
      );
      await expectText(
        await admin('POST', '/admin/db_migration'),
        200,
        '{"success":true,"message":"Database does not need migration"}',
      );
      expect(await app.store.schemaVersion()).toBe(LATEST);
    });

    it('reports a pending migration when the schema lags behind the code', async () => {
      const raw = await openRawSql(dialect, app.databaseUrl);
      try {
        await raw.run('delete from kysely_migration where name = ?', [LATEST]);
      } finally {
        await raw.close();
      }
      const body = (await (await admin('GET', '/admin/db_version')).json()) as Record<
        string,
        unknown
      >;
      expect(body).toMatchObject({
        need_initialization: false,
        need_migration: true,
        current_db_version: ALL_MIGRATIONS.at(-2),
        code_db_version: LATEST,
      });
    });

    it('initializes an empty database once', async () => {
      const empty = await appOnEmptyDatabase(dialect);
      try {
        expect(await empty.version()).toMatchObject({
          need_initialization: true,
          need_migration: null,
          current_db_version: null,
          code_db_version: LATEST,
        });
        await expectText(
          await empty.post('/admin/db_initialize'),
          200,
          '{"message":"Database initialized"}',
        );
        expect(await empty.store.schemaVersion()).toBe(LATEST);
        await expectText(
          await empty.post('/admin/db_initialize'),
          200,
          '{"message":"Database already initialized"}',
        );
      } finally {
        await empty.close();
      }
    });

    it('migrates an empty database once', async () => {
      const empty = await appOnEmptyDatabase(dialect);
      try {
        await expectText(
          await empty.post('/admin/db_migration'),
          200,
          '{"success":true,"message":"Database migrated"}',
        );
        expect(await empty.version()).toMatchObject({
          need_initialization: false,
          need_migration: false,
          current_db_version: LATEST,
        });
        await expectText(
          await empty.post('/admin/db_migration'),
          200,
          '{"success":true,"message":"Database does not need migration"}',
        );
      } finally {
        await empty.close();
      }
    });
  });

  describe('generic config', () => {
    it('stores strings under admin-config:<key> and reads them back', async () => {
      await expectText(
        await admin('GET', '/admin/config/site.theme'),
        200,
        '{"key":"site.theme","value":null}',
      );
      await expectText(
        await admin('POST', '/admin/config', { key: 'site.theme', value: 'dark' }),
        200,
        '{"success":true,"key":"site.theme","value":"dark"}',
      );
      await admin('POST', '/admin/config', { key: 'site.theme', value: '' });
      await expectText(
        await admin('GET', '/admin/config/site.theme'),
        200,
        '{"key":"site.theme","value":""}',
      );
      expect(await app.store.settings.get('admin-config:site.theme')).toBe('');

      const longest = `k${'x'.repeat(63)}`;
      await admin('POST', '/admin/config', { key: longest, value: '{"a":1}' });
      expect(await (await admin('GET', `/admin/config/${longest}`)).json()).toEqual({
        key: longest,
        value: '{"a":1}',
      });
    });

    it('refuses keys outside the pattern, non-string and oversized values', async () => {
      const invalidKey = 'Invalid config key';
      for (const key of ['-lead', '.dot', `k${'x'.repeat(64)}`, 'a b', 'a/b', '', 7, null]) {
        await expectText(
          await admin('POST', '/admin/config', { key, value: 'v' }),
          400,
          invalidKey,
        );
      }
      await expectText(await admin('POST', '/admin/config', { value: 'v' }), 400, invalidKey);
      await expectText(await admin('GET', '/admin/config/-lead'), 400, invalidKey);
      await expectText(await admin('GET', '/admin/config/a%20b'), 400, invalidKey);

      const notString = 'Config value must be a string';
      for (const value of [1, true, null, ['a'], { a: 1 }]) {
        await expectText(await admin('POST', '/admin/config', { key: 'k', value }), 400, notString);
      }
      await expectText(await admin('POST', '/admin/config', { key: 'k' }), 400, notString);

      const tooLong = await admin('POST', '/admin/config', { key: 'k', value: 'v'.repeat(65_537) });
      expect(tooLong.status).toBe(400);
      expect(await tooLong.text()).toContain('longer than 65536');
      expect((await admin('POST', '/admin/config', '{"key":')).status).toBe(400);
      expect(await app.store.settings.get('admin-config:k')).toBeUndefined();
    });
  });
});
