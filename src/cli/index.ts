#!/usr/bin/env node
/** @module `tmpmail <command>`: serve, migrate, config print, address create. */
import { Command } from 'commander';
import { createAddressesCommand } from './commands/create-addresses.js';
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

program
  .command('address')
  .description('addresses')
  .command('create')
  .description(
    'create many addresses: through a running server (--url or TMPMAIL_URL) or on the configured database',
  )
  .option('-n, --count <n>', 'how many addresses with random names (1 to 1,000,000)')
  .option('--names-file <file>', 'create these names instead, one per line')
  .option('--domain <domain>', 'mail domain (default: one of DOMAINS)')
  .option('--prefix', 'put PREFIX before each name (the default)')
  .option('--no-prefix', 'do not put PREFIX before the names')
  .option('--random-subdomain', 'add a random subdomain (RANDOM_SUBDOMAIN_DOMAINS only)')
  .option('--concurrency <n>', 'requests in flight (1 to 64)', '4')
  .option('--batch-size <n>', 'addresses per request (1 to 1000)', '100')
  .option('--format <format>', 'stdout format: text (address----jwt) or jsonl', 'text')
  .option(
    '--url <url>',
    'server base URL (also TMPMAIL_URL); without it the local database is used',
  )
  .option(
    '--admin-password <password>',
    'x-admin-auth (prefer TMPMAIL_ADMIN_PASSWORD: argv is visible to other users)',
  )
  .option(
    '--site-password <password>',
    'x-custom-auth for a private site (also TMPMAIL_SITE_PASSWORD)',
  )
  .action(async (options: Record<string, string | boolean | undefined>) => {
    process.exitCode = await createAddressesCommand(
      { ...program.opts(), ...options },
      { stdout: process.stdout, stderr: process.stderr },
    );
  });

// `tmpmail config print | head` closes the pipe early; that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

await program.parseAsync();
