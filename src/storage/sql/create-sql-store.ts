/** @module The single Store implementation: repositories and migrations over one Kysely instance. */
import { Migrator, sql, type Kysely, type MigrationProvider, type RawBuilder } from 'kysely';
import { migrations } from '../migrations/index.js';
import type { Store } from '../ports.js';
import { createAddressRepository } from './address-repository.js';
import type { OpenedDatabase } from './dialect-capabilities.js';
import { createKvRepository } from './kv-repository.js';
import { createMailRepository } from './mail-repository.js';
import { createPasskeyRepository } from './passkey-repository.js';
import { createRetentionRepository } from './retention-repository.js';
import { createSettingsRepository } from './settings-repository.js';
import { createUserRepository } from './user-repository.js';

// The database size for the admin database page: catalogue reads on both, no table scan.
const DATABASE_SIZE: Record<OpenedDatabase['caps']['name'], RawBuilder<{ size: unknown }>> = {
  sqlite: sql`select page_count * page_size as size from pragma_page_count(), pragma_page_size()`,
  postgres: sql`select pg_database_size(current_database()) as size`,
};

export function createSqlStore({ db, caps, afterClose }: OpenedDatabase): Store {
  const provider: MigrationProvider = {
    getMigrations: () =>
      Promise.resolve(
        Object.fromEntries(
          Object.entries(migrations).map(([name, m]) => [
            name,
            { up: (k: Kysely<unknown>) => m.up(k, caps) },
          ]),
        ),
      ),
  };
  // Kysely's migrator keeps the history table and, on PostgreSQL, holds an advisory lock
  // while it runs, so nodes starting together never apply a migration twice.
  const migrator = new Migrator({ db, provider });

  return {
    dialect: caps.name,
    addresses: createAddressRepository(db, caps),
    settings: createSettingsRepository(db),
    users: createUserRepository(db, caps),
    passkeys: createPasskeyRepository(db),
    kv: createKvRepository(db),
    mails: createMailRepository(db),
    retention: createRetentionRepository(db),
    async migrate() {
      const { error, results } = await migrator.migrateToLatest();
      if (error) throw error instanceof Error ? error : new Error(String(error));
      return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    },
    async schemaVersion() {
      const all = await migrator.getMigrations();
      const applied = all.filter((m) => m.executedAt !== undefined);
      return applied.at(-1)?.name ?? null;
    },
    async schemaStatus() {
      const all = await migrator.getMigrations();
      const size = Number((await DATABASE_SIZE[caps.name].execute(db)).rows[0]?.size);
      return {
        current: all.filter((m) => m.executedAt !== undefined).at(-1)?.name ?? null,
        latest: all.at(-1)?.name ?? '',
        pending: all.filter((m) => m.executedAt === undefined).map((m) => m.name),
        sizeBytes: Number.isSafeInteger(size) ? size : null,
      };
    },
    runExclusive: (job, fn) => caps.runExclusive(db, job, fn),
    async close() {
      await db.destroy();
      await afterClose?.();
    },
  };
}
