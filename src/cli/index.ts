#!/usr/bin/env node
/** @module `tmpmail <command>`: serve, migrate, config print, address create. */
import { Command } from 'commander';
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

program
  .command('config')
  .description('configuration')
  .command('print')
  .description('print the effective configuration with secrets redacted')
  .option('--json', 'print JSON instead of NAME=value lines')
  .action((options: { json?: boolean }) => printConfigCommand({ ...program.opts(), ...options }));

await program.parseAsync();
