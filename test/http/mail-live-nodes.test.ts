/**
 * Live updates across nodes: two nodes share one database and one Redis, and a mail stored
 * through one wakes the long-polls and SSE streams waiting on the other through Redis
 * (storage/redis-mail-notifier.ts). The waits' own database read is set to 10 minutes, far
 * beyond these tests, so only the Redis event can answer them in time.
 */
import { Redis } from 'ioredis';
import { describe, expect, it, vi } from 'vitest';
import { createRedisMailNotifier } from '../../src/storage/redis-mail-notifier.js';
import { silentLogger } from '../../src/shared/logger.js';
import type { NewMailEvent } from '../../src/domain/mail/mail-notifier.js';
import { adminHeaders } from '../helpers/build-test-app.js';
import { bearer, simpleMail, sseReader } from '../helpers/mailbox-client.js';
import { TEST_REDIS_URL, useRedisNodes, type Served } from '../helpers/redis-nodes.js';

interface Created {
  jwt: string;
  address: string;
}

async function createOn(node: Served, name: string): Promise<Created> {
  const res = await fetch(`${node.url}/admin/new_address`, {
    method: 'POST',
    headers: { ...adminHeaders, 'content-type': 'application/json' },
    body: JSON.stringify({ name, domain: 'example.com', enablePrefix: false }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Created;
}

async function deliverOn(node: Served, to: string, subject: string): Promise<number> {
  const res = await fetch(`${node.url}/admin/inbound_mails`, {
    method: 'POST',
    headers: { ...adminHeaders, 'content-type': 'application/json' },
    body: JSON.stringify({ from: 'alice@sender.example', to, raw: simpleMail(subject, { to }) }),
  });
  expect(res.status).toBe(200);
  const reply = (await res.json()) as { ids: number[] };
  return reply.ids[0] ?? -1;
}

/**
 * A wait that was not woken answers only at its deadline (20 s for the long-poll, 60 s for an
 * SSE round): this is far below those, and far above a wake-up on a loaded CI machine.
 */
const WOKEN_WITHIN_MS = 10_000;

describe('live mail across two nodes sharing Redis', () => {
  const cluster = useRedisNodes({ LIVE_DB_POLL_SECONDS: '600', LONG_POLL_MAX_SECONDS: '30' }, []);
  const subscribedOn = (node: 0 | 1, n: number) =>
    vi.waitFor(() => expect(cluster.apps[node].notifier.size()).toBe(n), {
      timeout: 5000,
      interval: 5,
    });

  it('a mail stored on one node answers a long-poll waiting on the other', async () => {
    const [first, second] = cluster.nodes;
    const box = await createOn(first, 'crossnodewait');
    const waiting = fetch(`${second.url}/api/mails/wait?after_id=0&timeout=20`, {
      headers: bearer(box.jwt),
    });
    await subscribedOn(1, 1);
    const id = await deliverOn(first, box.address, 'across nodes');
    const delivered = performance.now();
    const reply = (await (await waiting).json()) as { results: { id: number; subject: string }[] };
    expect(reply.results.map((r) => [r.id, r.subject])).toEqual([[id, 'across nodes']]);
    // Woken, not found by the last read at its 20 s deadline (the other way this could pass).
    expect(performance.now() - delivered).toBeLessThan(WOKEN_WITHIN_MS);
    await subscribedOn(1, 0);
  }, 30_000);

  it('streams it to an SSE client on the other node, once', async () => {
    const [first, second] = cluster.nodes;
    const box = await createOn(second, 'crossnodesse');
    const abort = new AbortController();
    const stream = await fetch(`${first.url}/api/mails/events?after_id=0`, {
      headers: bearer(box.jwt),
      signal: abort.signal,
    });
    expect(stream.status).toBe(200);
    const events = sseReader(stream.body as ReadableStream<Uint8Array>);
    try {
      await subscribedOn(0, 1);
      const one = await deliverOn(second, box.address, 'sse one');
      const delivered = performance.now();
      expect((await events.next(1)).map((e) => e.id)).toEqual([String(one)]);
      expect(performance.now() - delivered).toBeLessThan(WOKEN_WITHIN_MS);
      // Mail stored on the stream's own node still arrives once, not twice.
      const two = await deliverOn(first, box.address, 'sse two');
      const three = await deliverOn(second, box.address, 'sse three');
      expect((await events.next(2)).map((e) => e.id)).toEqual([two, three].map(String));
    } finally {
      abort.abort();
    }
    await subscribedOn(0, 0);
  }, 30_000);
});

describe('createRedisMailNotifier', () => {
  it('delivers locally once, relays to other nodes, and ignores foreign messages', async () => {
    const channel = `tmpmail-test:mail-events:${process.pid}:${Date.now()}`;
    const [ra, rb] = [new Redis(TEST_REDIS_URL), new Redis(TEST_REDIS_URL)];
    const a = createRedisMailNotifier({ redis: ra, logger: silentLogger(), channel });
    const b = createRedisMailNotifier({ redis: rb, logger: silentLogger(), channel });
    const seen: Record<'a' | 'b', NewMailEvent[]> = { a: [], b: [] };
    a.subscribe('x@example.com', (e) => seen.a.push(e));
    b.subscribe('x@example.com', (e) => seen.b.push(e));
    try {
      // Both subscriptions are live once a published probe comes back through Redis.
      await vi.waitFor(async () => expect(await ra.publish(channel, 'probe')).toBe(2));
      a.publish({ address: 'x@example.com', id: 1 });
      b.publish({ address: 'y@example.com', id: 2 });
      await ra.publish(channel, JSON.stringify({ node: 'n', address: 5 }));
      await ra.publish(channel, '{not json');
      b.publish({ address: 'x@example.com', id: 3 });
      await vi.waitFor(() => expect(seen.a).toHaveLength(2));
      await vi.waitFor(() => expect(seen.b).toHaveLength(2));
      expect(seen.a.map((e) => e.id)).toEqual([1, 3]);
      expect(seen.b.map((e) => e.id)).toEqual([1, 3]);
    } finally {
      await a.close();
      await b.close();
      await ra.quit();
      await rb.quit();
    }
  });

  it('keeps working locally when Redis cannot be reached, and closes cleanly', async () => {
    const unreachable = new Redis('redis://127.0.0.1:1', {
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      lazyConnect: true,
    });
    unreachable.on('error', () => undefined);
    const notifier = createRedisMailNotifier({ redis: unreachable, logger: silentLogger() });
    const seen: number[] = [];
    notifier.subscribe('x@example.com', (e) => seen.push(e.id));
    notifier.publish({ address: 'x@example.com', id: 7 });
    expect(seen).toEqual([7]);
    await notifier.close();
    notifier.publish({ address: 'x@example.com', id: 8 });
    expect(seen).toEqual([7, 8]);
    unreachable.disconnect();
  });
});
