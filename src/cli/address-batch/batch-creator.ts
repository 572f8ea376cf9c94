/**
 * @module What `tmpmail address create` needs from a backend: create one chunk of addresses,
 * either through a running server's batch endpoint or directly on the local store.
 */

/** One request's worth of work: random names (`count`) or the given names. */
export type BatchChunk = { count: number } | { names: readonly string[] };

/** How every address in the run is shaped (the batch endpoint's options). */
export interface BatchShape {
  domain: string | undefined;
  enablePrefix: boolean;
  enableRandomSubdomain: boolean;
}

/** One created address, as the batch endpoint returns it. */
export interface CreatedRow {
  address: string;
  jwt: string;
  password: string | null;
  address_id: number;
}

/** One name the backend refused, with a stable code and a readable reason. */
export interface RefusedName {
  name: string;
  code: string;
  error: string;
}

export interface ChunkOutcome {
  created: CreatedRow[];
  errors: RefusedName[];
}

export interface BatchCreator {
  /** Where the addresses go, for messages ("http://host:port", "local database (sqlite)"). */
  readonly target: string;
  /** The largest chunk this backend accepts, when it is known in advance. */
  readonly maxBatchSize?: number;
  create(chunk: BatchChunk): Promise<ChunkOutcome>;
  close(): Promise<void>;
}

/**
 * A whole chunk failed (refused request, server down after retries, database error). The run
 * stops at the first one: the next chunks would fail the same way.
 */
export class ChunkFailedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ChunkFailedError';
  }
}

export function chunkSize(chunk: BatchChunk): number {
  return 'count' in chunk ? chunk.count : chunk.names.length;
}
