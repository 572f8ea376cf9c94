/**
 * Live updates over a real socket (new endpoints): the long-poll `GET /api/mails/wait` and the
 * Server-Sent Events stream `GET /api/mails/events`. Each waits on the in-process notifier, so a
 * mail stored during the wait is answered in milliseconds; both end (and unsubscribe) when the
 * client goes away.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp, listen, type TestApp } from '../helpers/build-test-app.js';
import {
  bearer,
  createAddress,
  deliver,
  expectText,
  simpleMail,
  sseReader,
  type Created,
} from '../helpers/mailbox-client.js';
import { DIALECTS } from '../helpers/test-stores.js';

interface WaitReply {
  results: { id: number; address: string; raw: string; subject: string }[];
}

const MAX_WAIT_SECONDS = 2;
/** Below the poll interval (2 s) and every timeout used here, so only a wake-up is this fast; 3× what a wake-up takes on a loaded CI machine. */
const PROMPT_MS = 1_500;

describe.each(DIALECTS)('live mail updates on %s', (dialect) => {
  let app: TestApp;
  let server: { url: string; close(): Promise<void> };
  let owner: Created;
  let other: Created;

  const subscribed = (n: number) =>
    vi.waitFor(() => expect(app.notifier.size()).toBe(n), { timeout: 5000, interval: 5 });
  const wait = (query: string, who: Created = owner, signal?: AbortSignal) =>
    fetch(`${server.url}/api/mails/wait?${query}`, {
      headers: bearer(who.jwt),
      ...(signal ? { signal } : {}),
    });
  const latestId = async () => {
    const res = await app.request('GET', '/api/mails?limit=1&offset=0', {
      headers: bearer(owner.jwt),
    });
    const page = (await res.json()) as { results: { id: number }[] };
    return page.results[0]?.id ?? 0;
  };

  beforeAll(async () => {
    app = await buildTestApp({
      dialect,
      env: { LONG_POLL_MAX_SECONDS: String(MAX_WAIT_SECONDS) },
    });
    server = await listen(app);
    owner = await createAddress(app, 'live');
    other = await createAddress(app, 'elsewhere');
  });
  afterAll(async () => {
    await server.close();
    await app.close();
  });

  describe('long-poll GET /api/mails/wait', () => {
    it('answers at once with mail newer than after_id', async () => {
      const [first] = await deliver(app, owner.address, simpleMail('already here'));
      const started = performance.now();
      const res = await wait(`after_id=${(first as number) - 1}&timeout=2`);
      const body = (await res.json()) as WaitReply;
      expect(performance.now() - started).toBeLessThan(PROMPT_MS);
      expect(body.results.map((m) => [m.id, m.address, m.subject])).toEqual([
        [first, owner.address, 'already here'],
      ]);
      expect(body.results[0]?.raw).toBe(simpleMail('already here'));
    });

    it('answers within milliseconds when a mail arrives during the wait', async () => {
      const after = await latestId();
      const started = performance.now();
      const pending = wait(`after_id=${after}&timeout=2`);
      await subscribed(1);
      await deliver(app, other.address, simpleMail('not for the waiter'));
      const sent = performance.now();
      const [id] = await deliver(app, owner.address, simpleMail('arrives now'));
      const body = (await (await pending).json()) as WaitReply;
      const elapsed = performance.now() - sent;
      expect(body.results.map((m) => m.id)).toEqual([id]);
      expect(elapsed).toBeLessThan(PROMPT_MS);
      expect(performance.now() - started).toBeLessThan(MAX_WAIT_SECONDS * 1000);
      expect(app.notifier.size()).toBe(0);
    });

    it('answers {results: []} at the timeout, capped at LONG_POLL_MAX_SECONDS', async () => {
      const after = await latestId();
      for (const [timeout, expectedS] of [
        ['1', 1],
        ['3600', MAX_WAIT_SECONDS],
      ] as const) {
        const started = performance.now();
        const res = await wait(`after_id=${after}&timeout=${timeout}`);
        expect(await res.json()).toEqual({ results: [] });
        const elapsed = performance.now() - started;
        expect(elapsed).toBeGreaterThanOrEqual(expectedS * 1000 - 50);
        expect(elapsed).toBeLessThan(expectedS * 1000 + 1500);
      }
    });

    it('refuses a bad after_id and a missing or query-string credential', async () => {
      for (const afterId of ['x', '-1', '1.5', '']) {
        await expectText(
          await wait(`after_id=${afterId}&timeout=1`),
          400,
          'Invalid input: after_id must be a non-negative integer',
        );
      }
      await expectText(
        await fetch(`${server.url}/api/mails/wait?after_id=0&timeout=1`),
        401,
        'Invalid address credential',
      );
      await expectText(
        await fetch(`${server.url}/api/mails/wait?after_id=0&timeout=1&token=${owner.jwt}`),
        401,
        'Invalid address credential',
      );
    });

    it('ends the wait when the client goes away', async () => {
      const abort = new AbortController();
      const pending = wait(`after_id=${await latestId()}&timeout=2`, owner, abort.signal);
      await subscribed(1);
      const aborted = performance.now();
      abort.abort();
      await expect(pending).rejects.toThrow();
      await subscribed(0);
      // well before the 2 s timeout: the disconnect ended the wait
      expect(performance.now() - aborted).toBeLessThan(PROMPT_MS);
    });
  });

  describe('Server-Sent Events GET /api/mails/events', () => {
    const open = async (path: string, headers: Record<string, string> = {}) => {
      const abort = new AbortController();
      const res = await fetch(`${server.url}/api/mails/events${path}`, {
        headers,
        signal: abort.signal,
      });
      return { res, abort };
    };

    it('streams one `mail` event per new mail, in order, without raw', async () => {
      const { res, abort } = await open(`?after_id=${await latestId()}`, bearer(owner.jwt));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const events = sseReader(res.body as ReadableStream<Uint8Array>);
      await subscribed(1);
      // another address's mail first: a leak would be the first event
      await deliver(app, other.address, simpleMail('not mine'));
      const ids: number[] = [];
      for (const subject of ['one', 'two', 'three'])
        ids.push(...(await deliver(app, owner.address, simpleMail(subject))));
      const received = await events.next(3);
      expect(received.map((e) => [e.event, e.id])).toEqual(ids.map((id) => ['mail', String(id)]));
      const summaries = received.map((e) => JSON.parse(e.data) as Record<string, unknown>);
      expect(summaries.map((s) => [s['id'], s['subject'], s['address']])).toEqual([
        [ids[0], 'one', owner.address],
        [ids[1], 'two', owner.address],
        [ids[2], 'three', owner.address],
      ]);
      for (const summary of summaries) {
        expect(summary).not.toHaveProperty('raw');
        expect(summary).toMatchObject({ source: 'alice@sender.example' });
      }
      abort.abort();
      await subscribed(0);
    });

    it('accepts ?token= (for EventSource), which no other route accepts', async () => {
      const { res, abort } = await open(`?token=${owner.jwt}&after_id=${await latestId()}`);
      expect(res.status).toBe(200);
      const events = sseReader(res.body as ReadableStream<Uint8Array>);
      await subscribed(1);
      const [id] = await deliver(app, owner.address, simpleMail('via query token'));
      expect((await events.next(1))[0]?.id).toBe(String(id));
      abort.abort();
      await subscribed(0);
      for (const path of ['/api/mails?limit=10&offset=0', '/api/settings', `/api/mail/${id}`]) {
        const separator = path.includes('?') ? '&' : '?';
        const refused = await fetch(`${server.url}${path}${separator}token=${owner.jwt}`);
        await expectText(refused, 401, 'Invalid address credential');
      }
      const bad = await open('?token=not-a-jwt');
      await expectText(bad.res, 401, 'Invalid address credential');
      await expectText((await open('')).res, 401, 'Invalid address credential');
    });

    it('resumes after Last-Event-ID or after_id', async () => {
      const ids: number[] = [];
      for (const subject of ['r1', 'r2', 'r3'])
        ids.push(...(await deliver(app, owner.address, simpleMail(subject))));
      const resumes: { path: string; headers: Record<string, string> }[] = [
        { path: '', headers: { 'last-event-id': String(ids[0]) } },
        { path: `?after_id=${ids[0]}`, headers: {} },
        // an EventSource reconnects with its first URL and the newer id in the header
        { path: '?after_id=0', headers: { 'last-event-id': String(ids[0]) } },
      ];
      for (const resume of resumes) {
        const { res, abort } = await open(resume.path, {
          ...bearer(owner.jwt),
          ...resume.headers,
        });
        const events = sseReader(res.body as ReadableStream<Uint8Array>);
        expect((await events.next(2)).map((e) => e.id)).toEqual([String(ids[1]), String(ids[2])]);
        abort.abort();
        await subscribed(0);
      }
      await expectText(
        (await open('', { ...bearer(owner.jwt), 'last-event-id': 'abc' })).res,
        400,
        'Invalid input: after_id must be a non-negative integer',
      );
    });
  });
});
