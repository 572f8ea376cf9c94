/** @module `tmpmail config print`: the effective configuration, secrets redacted. */
import { redactConfig } from '../../config/load-config.js';
import { loadCliConfig } from '../load-cli-config.js';

export function printConfigCommand(options: { config?: string; json?: boolean }): void {
  const loaded = loadCliConfig(options.config);
  const redacted = redactConfig(loaded.config);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(redacted, null, 2)}\n`);
    return;
  }
  for (const [name, value] of Object.entries(redacted)) {
    const shown = typeof value === 'string' ? value : JSON.stringify(value);
    const origin = loaded.explicit.has(name as never) ? '' : '  (default)';
    process.stdout.write(`${name}=${shown ?? ''}${origin}\n`);
  }
  for (const warning of loaded.warnings) process.stderr.write(`warning: ${warning}\n`);
}
