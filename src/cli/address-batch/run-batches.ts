/**
 * @module Splits a run into chunks, keeps up to `concurrency` of them in flight, writes each
 * created address to stdout as its chunk completes, and tallies the failures. The first chunk
 * that fails as a whole stops the run; what was not sent yet is counted as not attempted.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import {
  ChunkFailedError,
  chunkSize,
  type BatchChunk,
  type BatchCreator,
  type CreatedRow,
} from './batch-creator.js';
import type { BatchTally } from './batch-tally.js';
import type { NameSource, OutputFormat } from './create-options.js';

export interface RunBatchesOptions {
  creator: BatchCreator;
  source: NameSource;
  batchSize: number;
  concurrency: number;
  format: OutputFormat;
  stdout: Writable;
  tally: BatchTally;
  /** Called after each chunk with the number of addresses it covered. */
  onProgress?: (done: number) => void;
}

export function* chunksOf(source: NameSource, size: number): Generator<BatchChunk> {
  if (source.kind === 'count') {
    for (let left = source.count; left > 0; left -= size) yield { count: Math.min(size, left) };
    return;
  }
  for (let i = 0; i < source.names.length; i += size) {
    yield { names: source.names.slice(i, i + size) };
  }
}

/** `address----jwt` (the reference's export format) or one JSON object per line. */
export function formatRows(rows: readonly CreatedRow[], format: OutputFormat): string {
  let out = '';
  for (const r of rows) {
    out +=
      format === 'jsonl'
        ? `${JSON.stringify({ address: r.address, jwt: r.jwt, password: r.password, address_id: r.address_id })}\n`
        : `${r.address}----${r.jwt}\n`;
  }
  return out;
}

async function write(stream: Writable, text: string): Promise<void> {
  // Respect backpressure: a million lines into a slow pipe must not pile up in memory.
  if (text !== '' && !stream.write(text)) await once(stream, 'drain');
}

/** Runs every chunk; resolves with the error that stopped the run, if one did. */
export async function runBatches(options: RunBatchesOptions): Promise<ChunkFailedError | null> {
  const { creator, tally } = options;
  const pending = chunksOf(options.source, options.batchSize);
  let stopped: ChunkFailedError | null = null;

  async function worker(): Promise<void> {
    // Checked before taking a chunk, so a chunk taken is always either sent or counted.
    while (!stopped) {
      const next = pending.next();
      if (next.done) return;
      const chunk = next.value;
      try {
        const outcome = await creator.create(chunk);
        await write(options.stdout, formatRows(outcome.created, options.format));
        tally.created += outcome.created.length;
        tally.refused(outcome.errors);
      } catch (error) {
        const failure =
          error instanceof ChunkFailedError
            ? error
            : new ChunkFailedError('internal_error', (error as Error).message);
        const names = 'names' in chunk ? chunk.names : [];
        tally.fail(failure.code, failure.message, chunkSize(chunk), names);
        stopped ??= failure;
      }
      options.onProgress?.(chunkSize(chunk));
    }
  }

  await Promise.all(Array.from({ length: options.concurrency }, worker));
  let skipped = 0;
  const examples: string[] = [];
  for (const chunk of pending) {
    skipped += chunkSize(chunk);
    if ('names' in chunk && examples.length < 3) examples.push(...chunk.names.slice(0, 3));
  }
  tally.fail('not_attempted', 'not sent after the run stopped', skipped, examples);
  return stopped;
}
