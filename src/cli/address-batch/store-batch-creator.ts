/**
 * @module Creates chunks of addresses directly on the configured database (no server needed):
 * the same domain service and rules as the batch endpoint, and the server's JWT secret, so the
 * credentials work against the server.
 */
import { createAddressServiceFrom } from '../../app.js';
import { loadOrCreateJwtSecret } from '../../auth/load-jwt-secret.js';
import type { Config } from '../../config/config-schema.js';
import { DomainError } from '../../domain/errors.js';
import { renderDomainError } from '../../http/error-table.js';
import { openStore } from '../../storage/open-store.js';
import {
  ChunkFailedError,
  type BatchChunk,
  type BatchCreator,
  type BatchShape,
  type ChunkOutcome,
} from './batch-creator.js';

export interface StoreBatchCreatorOptions {
  config: Config;
  shape: BatchShape;
  /** Told when a JWT secret had to be generated (no JWT_SECRET and none in DATA_DIR yet). */
  onSecretCreated?: (path: string) => void;
}

/** Opens and migrates the store; `close()` closes it. */
export async function openStoreBatchCreator(
  options: StoreBatchCreatorOptions,
): Promise<BatchCreator> {
  const { config, shape } = options;
  const secret = config.JWT_SECRET
    ? { secret: config.JWT_SECRET }
    : loadOrCreateJwtSecret(config.DATA_DIR);
  if ('createdAt' in secret && secret.createdAt) options.onSecretCreated?.(secret.createdAt);
  const store = openStore(config.DATABASE_URL);
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  const addresses = createAddressServiceFrom({ config, store, jwtSecret: secret.secret });

  return {
    target: `local database (${store.dialect})`,
    maxBatchSize: config.ADDRESS_BATCH_MAX,
    async create(chunk: BatchChunk): Promise<ChunkOutcome> {
      const names =
        'names' in chunk
          ? chunk.names
          : Array.from({ length: chunk.count }, () => addresses.randomAdminName());
      try {
        const result = await addresses.createBatchByAdmin({ ...shape, names });
        return {
          created: result.created,
          errors: result.failed.map(({ name, error }) => {
            const rendered = renderDomainError(error, 'en');
            return { name, code: rendered.code, error: rendered.text };
          }),
        };
      } catch (error) {
        if (error instanceof DomainError) {
          throw new ChunkFailedError(error.code, renderDomainError(error, 'en').text);
        }
        throw new ChunkFailedError('database_error', (error as Error).message);
      }
    },
    close: () => store.close(),
  };
}
