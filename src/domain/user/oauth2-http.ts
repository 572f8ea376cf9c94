/**
 * @module The outbound HTTP of the OAuth2 login: one request to a provider endpoint, bounded in
 * time and size, answering with the status and the parsed JSON body. A provider that hangs or
 * answers with a huge body must not hold a request handler or the process memory.
 */

export interface OutboundLimits {
  /** Whole request, body included: a provider that stops mid-body fails like one that hangs. */
  timeoutMs: number;
  /** Token and user-info answers are small JSON objects; anything larger is refused. */
  maxResponseBytes: number;
}

export interface JsonResponse {
  status: number;
  ok: boolean;
  /** The parsed body, or undefined when it was not JSON. */
  json: unknown;
}

/** Why a request produced no response to look at. */
export class OutboundRequestError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OutboundRequestError';
  }
}

/** Only http(s): the provider URLs are admin-set, but file:, data: and the like are never fetched. */
export function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

async function readLimited(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw new OutboundRequestError(`response larger than ${maxBytes} bytes`);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new OutboundRequestError(`response larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Sends one request and reads a JSON answer. Throws OutboundRequestError for a non-http(s) URL,
 * a network failure, the timeout or an oversized body; a non-2xx status is returned, not thrown.
 */
export async function fetchJson(
  url: string,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string },
  limits: OutboundLimits,
): Promise<JsonResponse> {
  if (!isHttpUrl(url)) throw new OutboundRequestError('only http(s) URLs are fetched');
  const signal = AbortSignal.timeout(limits.timeoutMs);
  try {
    const response = await fetch(url, { ...init, signal, redirect: 'follow' });
    const text = await readLimited(response, limits.maxResponseBytes);
    return { status: response.status, ok: response.ok, json: parseJson(text) };
  } catch (error) {
    if (error instanceof OutboundRequestError) throw error;
    const reason = signal.aborted ? `timed out after ${limits.timeoutMs} ms` : String(error);
    throw new OutboundRequestError(reason, { cause: error });
  }
}
