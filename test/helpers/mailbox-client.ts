/**
 * Small helpers for the mailbox API tests: create an address, deliver mail through the HTTP
 * ingest endpoint, build simple messages, a settable clock, and a Server-Sent Events reader.
 */
import { expect } from 'vitest';
import type { Clock } from '../../src/shared/clock.js';
import { adminHeaders, type TestApp } from './build-test-app.js';

export interface Created {
  jwt: string;
  address: string;
  address_id: number;
}

export const bearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` });

/** The reference's `created_at` text. */
export const SQL_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

export async function expectText(res: Response, status: number, text: string): Promise<void> {
  expect({ status: res.status, text: await res.text() }).toEqual({ status, text });
}

/** Reads a 200 JSON reply, failing with the body's text otherwise. */
export async function json<T = unknown>(res: Response | Promise<Response>): Promise<T> {
  const reply = await res;
  const text = await reply.text();
  expect(reply.status, text).toBe(200);
  return JSON.parse(text) as T;
}

/** A new address `tmp<name>@example.com` through the public route. */
export async function createAddress(app: TestApp, name: string): Promise<Created> {
  return json<Created>(
    app.request('POST', '/api/new_address', { body: { name, domain: 'example.com' } }),
  );
}

/** A small plain-text message. */
export function simpleMail(subject: string, options: { to?: string; body?: string } = {}): string {
  return [
    'From: Alice Sender <alice@sender.example>',
    `To: ${options.to ?? 'someone@example.com'}`,
    `Subject: ${subject}`,
    `Message-ID: <${subject.replace(/\W/g, '-')}@sender.example>`,
    'Date: Mon, 20 May 2024 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    options.body ?? `Body of ${subject}`,
    '',
  ].join('\r\n');
}

/** Delivers through `POST /admin/inbound_mails` (JSON); resolves with the new mail ids. */
export async function deliver(
  app: TestApp,
  to: string | string[],
  raw: string,
  from = 'alice@sender.example',
): Promise<number[]> {
  const reply = await json<{ success: boolean; ids: number[] }>(
    app.request('POST', '/admin/inbound_mails', { body: { from, to, raw }, headers: adminHeaders }),
  );
  expect(reply.success).toBe(true);
  return reply.ids;
}

/** Delivers the exact bytes as `message/rfc822` with `?from=&to=`. */
export async function deliverBytes(
  app: TestApp,
  to: string,
  raw: Uint8Array,
  from = 'alice@sender.example',
): Promise<number> {
  const query = new URLSearchParams({ from, to });
  const res = await app.http.request(`/admin/inbound_mails?${query}`, {
    method: 'POST',
    headers: { ...adminHeaders, 'content-type': 'message/rfc822' },
    body: raw,
  });
  const reply = await json<{ ids: number[] }>(res);
  expect(reply.ids).toHaveLength(1);
  return reply.ids[0] as number;
}

/** A clock the test moves by hand. */
export function manualClock(start: string): Clock & { advance(ms: number): void } {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    advance(ms) {
      now += ms;
    },
  };
}

export interface SseEvent {
  event: string;
  id: string | undefined;
  data: string;
}

/** Parses a `text/event-stream` body as it arrives; comments (keep-alives) are skipped. */
export function sseReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const ready: SseEvent[] = [];

  function parseBlock(block: string): SseEvent | undefined {
    const event: SseEvent = { event: 'message', id: undefined, data: '' };
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event.event = value;
      else if (field === 'id') event.id = value;
      else if (field === 'data') data.push(value);
    }
    event.data = data.join('\n');
    return data.length > 0 || event.id !== undefined ? event : undefined;
  }

  return {
    /** The next `count` events, in order. */
    async next(count: number): Promise<SseEvent[]> {
      while (ready.length < count) {
        const { done, value } = await reader.read();
        if (done) throw new Error(`stream ended after ${ready.length} of ${count} events`);
        buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const parsed = parseBlock(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (parsed) ready.push(parsed);
        }
      }
      return ready.splice(0, count);
    },
    cancel: () => reader.cancel(),
  };
}
