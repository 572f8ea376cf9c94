/**
 * @module The admin's database page (reference §1.6 rows 45–47) over tmpmail's numbered
 * migrations. The reference keeps one version string and runs hand-written DDL; here the
 * schema version is the newest applied migration, and both "initialize" and "migrate" apply
 * whatever migrations are pending (idempotent, under the migrator's lock), answering with the
 * reference's messages. The server migrates at start-up, so both are normally no-ops.
 */
import type { Store } from '../../storage/ports.js';

/** The body of `GET /admin/db_version`, with the reference's field names. */
export interface DbVersion {
  need_initialization: boolean;
  /** null while the database is not initialized, as in the reference. */
  need_migration: boolean | null;
  current_db_version: string | null;
  code_db_version: string;
  database_size: number | null;
}

export function createDbStatus(store: Pick<Store, 'migrate' | 'schemaStatus'>) {
  return {
    async version(): Promise<DbVersion> {
      const status = await store.schemaStatus();
      const initialized = status.current !== null;
      return {
        need_initialization: !initialized,
        need_migration: initialized ? status.pending.length > 0 : null,
        current_db_version: status.current,
        code_db_version: status.latest,
        database_size: status.sizeBytes,
      };
    },

    /** Creates the schema on an empty database; on any other it only applies what is pending. */
    async initialize(): Promise<{ message: string }> {
      const wasEmpty = (await store.schemaStatus()).current === null;
      await store.migrate();
      return { message: wasEmpty ? 'Database initialized' : 'Database already initialized' };
    },

    async migrate(): Promise<{ success: true; message: string }> {
      const applied = await store.migrate();
      return {
        success: true,
        message: applied.length > 0 ? 'Database migrated' : 'Database does not need migration',
      };
    },
  };
}

export type DbStatus = ReturnType<typeof createDbStatus>;
