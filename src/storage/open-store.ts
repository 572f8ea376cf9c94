/**
 * @module Chooses the backend from the database URL (a file path or sqlite:PATH → SQLite,
 * postgres:// → PostgreSQL) and returns the Store over it.
 */
import { openPostgresDatabase } from './postgres/postgres-dialect.js';
import type { Store } from './ports.js';
import { openSqliteDatabase } from './sqlite/sqlite-dialect.js';
import { createSqlStore } from './sql/create-sql-store.js';

export function openStore(databaseUrl: string): Store {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    return createSqlStore(openPostgresDatabase({ connectionString: databaseUrl }));
  }
  const path = databaseUrl.startsWith('sqlite:')
    ? databaseUrl.slice('sqlite:'.length)
    : databaseUrl;
  return createSqlStore(openSqliteDatabase(path));
}
