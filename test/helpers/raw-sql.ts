/**
 * A direct connection to a test database (better-sqlite3 on the file, pg on the URL), beside the
 * Store, for seeding rows the port cannot write yet and for checking what the Store wrote.
 * Queries use `?` placeholders on both backends.
 */
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import type { Dialect } from './test-stores.js';

export interface RawSql {
  run(text: string, params?: readonly unknown[]): Promise<void>;
  all<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** Numbers `?` placeholders as `$1, $2, …` for PostgreSQL. */
function numberPlaceholders(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

export async function openRawSql(dialect: Dialect, url: string): Promise<RawSql> {
  if (dialect === 'sqlite') {
    const db = new SqliteDatabase(url);
    // The store holds the same file open; wait for its write lock rather than fail.
    db.pragma('busy_timeout = 5000');
    return {
      run: (text, params = []) => Promise.resolve(void db.prepare(text).run(...params)),
      all: <T>(text: string, params: readonly unknown[] = []) =>
        Promise.resolve(db.prepare(text).all(...params) as T[]),
      close: () => Promise.resolve(void db.close()),
    };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    async run(text, params = []) {
      await client.query(numberPlaceholders(text), [...params]);
    },
    async all<T>(text: string, params: readonly unknown[] = []) {
      const result = await client.query(numberPlaceholders(text), [...params]);
      return result.rows as T[];
    },
    close: () => client.end(),
  };
}
