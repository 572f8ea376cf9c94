/**
 * @module Creates chunks of addresses through a running server: `POST /admin/addresses/batch`
 * with the admin password, retrying network failures and 5xx answers with a backoff.
 */
import {
  ChunkFailedError,
  type BatchChunk,
  type BatchCreator,
  type BatchShape,
  type ChunkOutcome,
} from './batch-creator.js';
import type { RemoteTarget } from './create-options.js';

export interface HttpBatchCreatorOptions extends RemoteTarget {
  shape: BatchShape;
  /** Waits before each retry; its length is the number of retries. */
  retryDelaysMs?: readonly number[];
  /** Per-request limit: a chunk of 1000 on a busy PostgreSQL takes well under a second. */
  timeoutMs?: number;
}

// Two retries, 0.5 s then 2 s apart: enough to ride out a restart or a failover of a node
// behind a load balancer, short enough that a server that is really down is reported quickly.
const DEFAULT_RETRY_DELAYS_MS = [500, 2000];
const DEFAULT_TIMEOUT_MS = 60_000;

/** A failure worth another attempt (connection refused or reset, timeout, 5xx, 429). */
class RetryableError extends Error {}

async function describeRefusal(response: Response): Promise<ChunkFailedError> {
  const text = await response.text().catch(() => '');
  let code = `http_${response.status}`;
  let detail = text.trim();
  try {
    const problem = JSON.parse(text) as { code?: unknown; detail?: unknown };
    if (typeof problem.code === 'string') code = problem.code;
    if (typeof problem.detail === 'string') detail = problem.detail;
  } catch {
    // a plain-text answer (a proxy's error page, an old server): shown as it is
  }
  const shown = detail.length > 300 ? `${detail.slice(0, 300)}…` : detail;
  return new ChunkFailedError(
    code,
    `the server refused the request (HTTP ${response.status}${shown ? `: ${shown}` : ''})`,
  );
}

function isOutcome(value: unknown): value is ChunkOutcome {
  const v = value as Partial<ChunkOutcome> | null;
  return Array.isArray(v?.created) && Array.isArray(v?.errors);
}

export function createHttpBatchCreator(options: HttpBatchCreatorOptions): BatchCreator {
  const endpoint = `${options.url}/admin/addresses/batch`;
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    // Problem JSON carries a stable `code` for the summary instead of a bare text.
    accept: 'application/json, application/problem+json',
  };
  if (options.adminPassword !== undefined) headers['x-admin-auth'] = options.adminPassword;
  if (options.sitePassword !== undefined) headers['x-custom-auth'] = options.sitePassword;

  async function attempt(body: string): Promise<ChunkOutcome> {
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
    } catch (error) {
      // fetch says only "fetch failed"; the reason (ECONNREFUSED, a timeout, ...) is the cause.
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new RetryableError(`cannot reach ${options.url}: ${reason}`);
    }
    if (response.status >= 500 || response.status === 429) {
      const text = (await response.text().catch(() => '')).slice(0, 200);
      throw new RetryableError(`the server answered HTTP ${response.status} ${text}`.trim());
    }
    if (!response.ok) throw await describeRefusal(response);
    const json = (await response.json()) as { results?: unknown; errors?: unknown };
    const outcome = { created: json.results, errors: json.errors };
    if (!isOutcome(outcome)) {
      throw new ChunkFailedError('bad_response', `unexpected answer from ${endpoint}`);
    }
    return outcome;
  }

  return {
    target: options.url,
    async create(chunk: BatchChunk): Promise<ChunkOutcome> {
      const body = JSON.stringify({ ...chunk, ...options.shape });
      for (let retry = 0; ; retry++) {
        try {
          return await attempt(body);
        } catch (error) {
          if (!(error instanceof RetryableError)) throw error;
          const delay = delays[retry];
          if (delay === undefined) throw new ChunkFailedError('server_unavailable', error.message);
          await new Promise((resolve) => setTimeout(resolve, delay));
        }
      }
    },
    close: () => Promise.resolve(),
  };
}
