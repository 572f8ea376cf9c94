#!/usr/bin/env node
/** @module `tmpmail <command>`: serve, migrate, config print, address create. */
import { Command } from 'commander';
import { envExampleCommand } from './commands/env-example.js';
import { migrateCommand } from './commands/migrate.js';
import { printConfigCommand } from './commands/print-config.js';
import { serveCommand } from './commands/serve.js';

const program = new Command('tmpmail')
  .description('Self-hosted temporary e-mail service')
  .option('-c, --config <file>', 'JSON or TOML config file (also CONFIG_FILE)');

program
  .command('serve', { isDefault: true })
  .description('run the HTTP service (the default command)')
  .action(() => serveCommand(program.opts()));

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(() => migrateCommand(program.opts()));

const configCommand = program.command('config').description('configuration');
configCommand
  .command('example')
  .description('print every option as a commented .env file')
  .action(() => envExampleCommand());
configCommand
  .command('print')
  .description('print the effective configuration with secrets redacted')
  .option('--json', 'print JSON instead of NAME=value lines')
  .action((options: { json?: boolean }) => printConfigCommand({ ...program.opts(), ...options }));

// `tmpmail config print | head` closes the pipe early; that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

await program.parseAsync();
