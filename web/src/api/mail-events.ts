/**
 * Live mail from the Server-Sent Events streams: one address's (`GET /api/mails/events`) and
 * that of every address bound to the signed-in user (`GET /user_api/mails/events`). Read with
 * fetch rather than EventSource: EventSource cannot send headers, and the site password must
 * travel in `x-custom-auth` (and the credentials stay out of URLs and server logs). Reconnects
 * with backoff and resumes after the last mail id it delivered.
 */
import { ApiError, apiFetch } from './client';
import type { MailSummary } from './types';

export type LiveState = 'connecting' | 'live' | 'retrying' | 'stopped';

export interface LiveMailOptions {
  /** Deliver mail with an id above this one. */
  afterId: number;
  onMail(mail: MailSummary): void;
  onState?(state: LiveState): void;
}

export interface MailEventsOptions extends LiveMailOptions {
  jwt: string;
}

export interface UserMailEventsOptions extends LiveMailOptions {
  /**
   * Runs a request with the current user token (state/user-session's userCall), so a
   * reconnect carries a renewed token and a refused one ends the session.
   */
  withToken(request: (token: string) => Promise<Response>): Promise<Response>;
}

/** Opens one connection; resolves with the streaming response, or throws ApiError. */
type OpenStream = (afterId: number, signal: AbortSignal) => Promise<Response>;

const MAX_BACKOFF_MS = 30_000;

interface SseEvent {
  event: string;
  id?: string;
  data: string;
}

/** Splits an SSE text stream into events (WHATWG HTML, "event stream interpretation"). */
export function parseSseBlock(block: string): SseEvent | undefined {
  const event: SseEvent = { event: 'message', data: '' };
  const data: string[] = [];
  for (const line of block.split(/\r\n|\r|\n/)) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event.event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id') event.id = value;
  }
  if (data.length === 0) return undefined;
  event.data = data.join('\n');
  return event;
}

async function readEvents(
  body: ReadableStream<Uint8Array>,
  onEvent: (event: SseEvent) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    const blocks = buffer.split(/\r\n\r\n|\n\n|\r\r/);
    buffer = blocks.pop() ?? '';
    for (const block of blocks) {
      const event = parseSseBlock(block);
      if (event) onEvent(event);
    }
  }
}

/**
 * A refusal will not get better by retrying: a rejected credential (401, 403) or another 4xx
 * such as a deleted user. A busy server (503), a timeout or a lost connection will.
 */
function isFinal(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.status >= 400 &&
    error.status < 500 &&
    error.status !== 408 &&
    error.status !== 429
  );
}

/** Follows one stream with `open`; the returned function stops it. */
function followMailStream(open: OpenStream, options: LiveMailOptions): () => void {
  const abort = new AbortController();
  let lastId = options.afterId;
  let backoff = 1000;
  const setState = (state: LiveState) => options.onState?.(state);

  const onEvent = (event: SseEvent) => {
    if (event.event !== 'mail') return;
    const mail = JSON.parse(event.data) as MailSummary;
    lastId = Math.max(lastId, mail.id);
    options.onMail(mail);
  };

  const run = async () => {
    while (!abort.signal.aborted) {
      setState('connecting');
      try {
        const res = await open(lastId, abort.signal);
        setState('live');
        backoff = 1000;
        if (res.body) await readEvents(res.body, onEvent);
      } catch (error) {
        if (abort.signal.aborted) return;
        if (isFinal(error)) {
          setState('stopped');
          return;
        }
      }
      if (abort.signal.aborted) return;
      setState('retrying');
      await new Promise((resolve) => setTimeout(resolve, backoff));
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  };
  void run();
  return () => {
    abort.abort();
    setState('stopped');
  };
}

const streamRequest = (afterId: number, signal: AbortSignal) => ({
  query: { after_id: afterId },
  headers: { accept: 'text/event-stream' },
  signal,
});

/** New mail of one address; the returned function stops listening. */
export function subscribeMailEvents(options: MailEventsOptions): () => void {
  return followMailStream(
    (afterId, signal) =>
      apiFetch('/api/mails/events', {
        auth: { address: options.jwt },
        ...streamRequest(afterId, signal),
      }),
    options,
  );
}

/** New mail of every address bound to the user; the returned function stops listening. */
export function subscribeUserMailEvents(options: UserMailEventsOptions): () => void {
  return followMailStream(
    (afterId, signal) =>
      options.withToken((token) =>
        apiFetch('/user_api/mails/events', {
          auth: { userToken: token },
          ...streamRequest(afterId, signal),
        }),
      ),
    options,
  );
}
