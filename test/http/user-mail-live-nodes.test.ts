/**
 * The user's live mail stream across nodes: two nodes share one database and one Redis, and a
 * mail stored through one wakes `GET /user_api/mails/events` open on the other through Redis.
 * The database read is set to 10 minutes, so only the Redis event can answer in time.
 */
import { describe, expect, it, vi } from 'vitest';
import { adminHeaders } from '../helpers/build-test-app.js';
import { bearer, simpleMail, sseReader } from '../helpers/mailbox-client.js';
import { useRedisNodes, type Served } from '../helpers/redis-nodes.js';
import { digest } from '../helpers/user-client.js';

/** Far below the 60 s of an SSE round that nothing woke, far above a wake-up on a loaded CI. */
const WOKEN_WITHIN_MS = 10_000;

async function call<T>(node: Served, method: string, path: string, init: RequestInit = {}) {
  const res = await fetch(`${node.url}${path}`, {
    method,
    ...init,
    headers: { 'content-type': 'application/json', ...adminHeaders, ...init.headers },
  });
  const text = await res.text();
  expect(res.status, text).toBe(200);
  return JSON.parse(text) as T;
}

describe('user live mail across two nodes sharing Redis', () => {
  const cluster = useRedisNodes({ LIVE_DB_POLL_SECONDS: '600' }, []);

  it('streams mail stored on one node to the user’s stream on the other', async () => {
    const [first, second] = cluster.nodes;
    const email = `nodes${Date.now()}@users.example`;
    const body = JSON.stringify({ email, password: digest('secret') });
    await call(first, 'POST', '/admin/user_settings', { body: JSON.stringify({ enable: true }) });
    await call(first, 'POST', '/user_api/register', { body });
    const { jwt } = await call<{ jwt: string }>(first, 'POST', '/user_api/login', { body });
    const box = await call<{ jwt: string; address: string }>(first, 'POST', '/admin/new_address', {
      body: JSON.stringify({ name: `usernodes${Date.now()}`, domain: 'example.com' }),
    });
    await call(first, 'POST', '/user_api/bind_address', {
      headers: { 'x-user-token': jwt, ...bearer(box.jwt) },
    });

    const abort = new AbortController();
    const stream = await fetch(`${second.url}/user_api/mails/events`, {
      headers: { 'x-user-token': jwt },
      signal: abort.signal,
    });
    expect(stream.status).toBe(200);
    const events = sseReader(stream.body as ReadableStream<Uint8Array>);
    try {
      await vi.waitFor(() => expect(cluster.apps[1].notifier.size()).toBe(1), { timeout: 5000 });
      const raw = simpleMail('across nodes', { to: box.address });
      const { ids } = await call<{ ids: number[] }>(first, 'POST', '/admin/inbound_mails', {
        body: JSON.stringify({ from: 'alice@sender.example', to: box.address, raw }),
      });
      const delivered = performance.now();
      expect((await events.next(1)).map((e) => e.id)).toEqual([String(ids[0])]);
      expect(performance.now() - delivered).toBeLessThan(WOKEN_WITHIN_MS);
    } finally {
      abort.abort();
    }
  }, 30_000);
});
