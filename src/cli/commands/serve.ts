/** @module `tmpmail serve`: run the service until SIGINT/SIGTERM. */
import { startService } from '../../start-service.js';
import { loadCliConfig } from '../load-cli-config.js';

export async function serveCommand(options: { config?: string }): Promise<void> {
  const service = await startService(loadCliConfig(options.config));
  const shutdown = (signal: string) => {
    service.logger.info({ signal }, 'shutting down');
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        service.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
