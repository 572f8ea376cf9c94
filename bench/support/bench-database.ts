/**
 * @module A fresh, throwaway database for one benchmark run: a SQLite file in the run's temp
 * directory, or, with BENCH_DATABASE_URL=postgres://… (a maintenance database such as
 * postgres://postgres@127.0.0.1:5432/test), a new PostgreSQL database on that server, dropped
 * afterwards.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';

export interface BenchDatabase {
  dialect: 'sqlite' | 'postgres';
  /** The DATABASE_URL for the server (a file path for SQLite). */
  url: string;
  /** For the report, e.g. "SQLite 3.50.4" or "PostgreSQL 15.20". */
  label: string;
  drop(): Promise<void>;
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Opens the fresh database `name` for this run. */
export async function prepareDatabase(dir: string, name: string): Promise<BenchDatabase> {
  const adminUrl = process.env['BENCH_DATABASE_URL'];
  if (!adminUrl || !/^postgres(ql)?:\/\//.test(adminUrl)) {
    const { default: Sqlite } = await import('better-sqlite3');
    const probe = new Sqlite(':memory:');
    const version = (probe.prepare('select sqlite_version() as v').get() as { v: string }).v;
    probe.close();
    return {
      dialect: 'sqlite',
      url: join(dir, `${name}.sqlite`),
      label: `SQLite ${version} (better-sqlite3)`,
      drop: () => Promise.resolve(),
    };
  }
  const database = `tmpmail_bench_${name}_${randomBytes(4).toString('hex')}`;
  const version = await withClient(adminUrl, async (client) => {
    await client.query(`CREATE DATABASE ${database}`);
    const settings = await client.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit')`,
    );
    const row = (await client.query<{ v: string }>(`SELECT current_setting('server_version') AS v`))
      .rows[0];
    const flags = settings.rows.map((s) => `${s.name}=${s.setting}`).join(', ');
    return `${row?.v ?? '?'} (${flags})`;
  });
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return {
    dialect: 'postgres',
    url: url.toString(),
    label: `PostgreSQL ${version}`,
    drop: () =>
      withClient(adminUrl, async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      }),
  };
}
