/**
 * Test stores on every backend. DIALECTS comes from TMPMAIL_TEST_DIALECTS (default: both).
 * PostgreSQL tests get a database of their own, created here and dropped afterwards, so runs
 * never collide.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore } from '../../src/storage/open-store.js';
import type { Store } from '../../src/storage/ports.js';

export type Dialect = 'sqlite' | 'postgres';

export const DIALECTS: Dialect[] = (process.env['TMPMAIL_TEST_DIALECTS'] ?? 'sqlite,postgres')
  .split(',')
  .map((d) => d.trim())
  .filter((d): d is Dialect => d === 'sqlite' || d === 'postgres');

/** Where test databases are created (any database the user may CREATE DATABASE from). */
export const PG_ADMIN_URL =
  process.env['TMPMAIL_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestStore {
  store: Store;
  /** The DATABASE_URL of this store. */
  url: string;
  cleanup(): Promise<void>;
}

async function createPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `tmpmail_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** An empty URL for the dialect (not opened), and how to remove it. */
export async function createTestDatabaseUrl(
  dialect: Dialect,
): Promise<{ url: string; drop(): Promise<void> }> {
  if (dialect === 'postgres') return createPgDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'tmpmail-test-'));
  return {
    url: join(dir, 'tmpmail.sqlite'),
    drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  };
}

/** A migrated, empty store on the dialect. */
export async function openTestStore(dialect: Dialect): Promise<TestStore> {
  const db = await createTestDatabaseUrl(dialect);
  const store = openStore(db.url);
  await store.migrate();
  return {
    store,
    url: db.url,
    async cleanup() {
      await store.close();
      await db.drop();
    },
  };
}
