/** @module `tmpmail migrate`: apply pending migrations and report the schema version. */
import { openStore } from '../../storage/open-store.js';
import { loadCliConfig } from '../load-cli-config.js';

export async function migrateCommand(options: { config?: string }): Promise<void> {
  const { config } = loadCliConfig(options.config);
  const store = openStore(config.DATABASE_URL);
  try {
    const applied = await store.migrate();
    process.stdout.write(
      applied.length > 0 ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n',
    );
    process.stdout.write(`schema version: ${(await store.schemaVersion()) ?? '(none)'}\n`);
  } finally {
    await store.close();
  }
}
