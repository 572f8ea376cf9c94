/**
 * Live mail of one address from `GET /api/mails/events` (Server-Sent Events). Read with fetch
 * rather than EventSource: EventSource cannot send headers, and the site password must travel
 * in `x-custom-auth` (and the credential stays out of URLs and server logs). Reconnects with
 * backoff and resumes after the last mail id it delivered.
 */
import { ApiError, apiFetch } from './client';
import type { MailSummary } from './types';

export type LiveState = 'connecting' | 'live' | 'retrying' | 'stopped';

export interface MailEventsOptions {
  jwt: string;
  /** Deliver mail with an id above this one. */
  afterId: number;
  onMail(mail: MailSummary): void;
  onState?(state: LiveState): void;
}

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

/** Starts listening; the returned function stops it. */
export function subscribeMailEvents(options: MailEventsOptions): () => void {
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
        const res = await apiFetch('/api/mails/events', {
          auth: { address: options.jwt },
          query: { after_id: lastId },
          headers: { accept: 'text/event-stream' },
          signal: abort.signal,
        });
        setState('live');
        backoff = 1000;
        if (res.body) await readEvents(res.body, onEvent);
      } catch (error) {
        if (abort.signal.aborted) return;
        // A refused credential will not get better by retrying.
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
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
