/**
 * @module `tmpmail address create`: many addresses at once, through a running server's batch
 * endpoint (`--url`) or directly on the configured database. Credentials go to stdout, progress
 * and the summary to stderr, so `> addresses.txt` captures only the credentials.
 */
import type { Writable } from 'node:stream';
import cliProgress from 'cli-progress';
import type { BatchCreator } from '../address-batch/batch-creator.js';
import { BatchTally } from '../address-batch/batch-tally.js';
import {
  parseCreateOptions,
  UsageError,
  type CreateOptions,
  type RawCreateOptions,
} from '../address-batch/create-options.js';
import { createHttpBatchCreator } from '../address-batch/http-batch-creator.js';
import { runBatches } from '../address-batch/run-batches.js';
import { openStoreBatchCreator } from '../address-batch/store-batch-creator.js';
import { loadCliConfig } from '../load-cli-config.js';

export interface CreateAddressesIo {
  stdout: Writable;
  stderr: Writable;
  /** Where TMPMAIL_URL, TMPMAIL_ADMIN_PASSWORD and TMPMAIL_SITE_PASSWORD are read. */
  env?: NodeJS.ProcessEnv;
  /** Retry waits for the HTTP mode (tests shorten them). */
  retryDelaysMs?: readonly number[];
}

/** Exit codes: 0 all created, 1 some failed, 2 wrong options or nothing could be started. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

async function openCreator(options: CreateOptions, io: CreateAddressesIo): Promise<BatchCreator> {
  if (options.remote) {
    return createHttpBatchCreator({
      ...options.remote,
      shape: options.shape,
      ...(io.retryDelaysMs ? { retryDelaysMs: io.retryDelaysMs } : {}),
    });
  }
  const { config } = loadCliConfig(options.configFile);
  return openStoreBatchCreator({
    config,
    shape: options.shape,
    onSecretCreated: (path) =>
      io.stderr.write(
        `warning: JWT_SECRET is not set: generated one in ${path}; the server must use the same DATA_DIR (or set JWT_SECRET) for these credentials to work\n`,
      ),
  });
}

function startProgress(stderr: Writable, total: number): cliProgress.SingleBar | undefined {
  // Only on a terminal: in a log file or CI a redrawn bar is noise.
  if ((stderr as Partial<NodeJS.WriteStream>).isTTY !== true) return undefined;
  const bar = new cliProgress.SingleBar(
    {
      stream: stderr as NodeJS.WriteStream,
      format: '{bar} {percentage}% | {value}/{total} | {eta_formatted} left',
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return bar;
}

/** Runs the command; resolves with the process exit code. */
export async function createAddressesCommand(
  raw: RawCreateOptions,
  io: CreateAddressesIo,
): Promise<number> {
  let options: CreateOptions;
  try {
    options = parseCreateOptions(raw, io.env ?? process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    for (const problem of error.problems) io.stderr.write(`tmpmail: ${problem}\n`);
    return EXIT.usage;
  }
  const creator = await openCreator(options, io);
  try {
    if (creator.maxBatchSize !== undefined && options.batchSize > creator.maxBatchSize) {
      io.stderr.write(
        `tmpmail: --batch-size ${options.batchSize} is above ADDRESS_BATCH_MAX (${creator.maxBatchSize})\n`,
      );
      return EXIT.usage;
    }
    const total =
      options.source.kind === 'count' ? options.source.count : options.source.names.length;
    const tally = new BatchTally();
    const started = performance.now();
    const bar = startProgress(io.stderr, total);
    const stopped = await runBatches({
      ...options,
      creator,
      stdout: io.stdout,
      tally,
      onProgress: (done) => bar?.increment(done),
    });
    bar?.stop();
    if (stopped) io.stderr.write(`tmpmail: stopped: ${stopped.message}\n`);
    io.stderr.write(tally.summary(total, performance.now() - started, creator.target));
    return tally.failed > 0 ? EXIT.failed : EXIT.ok;
  } finally {
    await creator.close();
  }
}
