/**
 * The per-IP rate limit on /api/new_address, over a real socket (the limit keys on the
 * client IP, which only a socket has): the reference's 429 text, Retry-After, which headers
 * may name the client (TRUSTED_PROXIES), switching it off, and one budget shared by several
 * nodes through Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminHeaders,
  buildTestApp,
  listen,
  TEST_ADMIN_PASSWORD,
  type TestApp,
} from '../helpers/build-test-app.js';
import { randomTestIp, useRedisNodes, type Served } from '../helpers/redis-nodes.js';

function newAddress(server: Served, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}/api/new_address`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: '{}',
  });
}

/** Sends `n` creations one after another; returns their statuses. */
async function statuses(
  server: Served,
  n: number,
  headers: (i: number) => Record<string, string> = () => ({}),
): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await newAddress(server, headers(i));
    await res.arrayBuffer();
    out.push(res.status);
  }
  return out;
}

const ok = (n: number) => Array.from({ length: n }, () => 200);

async function sourceMetaOf(app: TestApp, address: string): Promise<string | null | undefined> {
  return (await app.store.addresses.findByName(address))?.source_meta;
}

describe('rate limit with the defaults (10 per minute, no trusted proxies)', () => {
  let app: TestApp;
  let server: Served;
  beforeAll(async () => {
    app = await buildTestApp();
    server = await listen(app);
  });
  afterAll(async () => {
    await server.close();
    await app.close();
  });

  it('refuses the 11th creation from one IP with 429 and Retry-After', async () => {
    expect(app.config.RATE_LIMIT_PER_MINUTE).toBe(10);
    // Forwarding headers come from the client itself here: they change nothing.
    const spoof = (i: number) => ({
      'x-forwarded-for': `198.51.100.${i + 1}`,
      'cf-connecting-ip': `192.0.2.${i + 1}`,
      'x-real-ip': `192.0.2.${i + 100}`,
    });
    expect(await statuses(server, 10, spoof)).toEqual(ok(10));

    const res = await newAddress(server, spoof(10));
    expect(res.status).toBe(429);
    expect(await res.text()).toBe('IP=127.0.0.1 Rate limit exceeded for /api/new_address');
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');

    const again = await newAddress(server, { 'x-forwarded-for': '10.9.8.7' });
    expect(again.status).toBe(429);
    await again.arrayBuffer();

    // Ten addresses exist, all recorded with the socket's IP, not a forwarded one.
    const page = await app.store.addresses.list({
      limit: 100,
      offset: 0,
      sortBy: 'id',
      sortOrder: 'asc',
    });
    expect(page.count).toBe(10);
    expect(new Set(page.results.map((r) => r.source_meta))).toEqual(new Set(['127.0.0.1']));
  });

  it('answers problem+json with code rate_limited when asked', async () => {
    const res = await newAddress(server, { accept: 'application/problem+json' });
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toEqual({
      type: 'about:blank',
      title: 'Too Many Requests',
      status: 429,
      detail: 'IP=127.0.0.1 Rate limit exceeded for /api/new_address',
      code: 'rate_limited',
    });
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('does not limit other paths, even for an IP over its budget', async () => {
    const requests: [string, string, unknown][] = [
      ['GET', '/health_check', undefined],
      ['GET', '/open_api/settings', undefined],
      ['POST', '/api/address_login', { email: 'x@example.com', password: 'x' }],
      ['POST', '/open_api/admin_login', { password: 'x' }],
    ];
    for (const [method, path, body] of requests) {
      for (let i = 0; i < 15; i++) {
        const res = await fetch(`${server.url}${path}`, {
          method,
          headers: { 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        await res.arrayBuffer();
        expect({ path, status: res.status }).not.toEqual({ path, status: 429 });
      }
    }
    // Admin creation is not the public endpoint and is not limited either.
    for (let i = 0; i < 12; i++) {
      const res = await fetch(`${server.url}/admin/new_address`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-admin-auth': TEST_ADMIN_PASSWORD },
        body: JSON.stringify({ name: `admin${i}`, domain: 'example.com' }),
      });
      expect(res.status, await res.text()).toBe(200);
    }
  });

  it('does not count requests that never reach a socket (in-process calls)', async () => {
    for (let i = 0; i < 12; i++) {
      const res = await app.request('POST', '/api/new_address', { body: {} });
      expect(res.status).toBe(200);
    }
  });
});

describe('rate limit behind a trusted proxy (TRUSTED_PROXIES)', () => {
  let app: TestApp;
  let server: Served;
  beforeAll(async () => {
    app = await buildTestApp({ env: { TRUSTED_PROXIES: '["127.0.0.1"]' } });
    server = await listen(app);
  });
  afterAll(async () => {
    await server.close();
    await app.close();
  });

  it('gives each forwarded client IP its own budget', async () => {
    const a = { 'x-forwarded-for': '198.51.100.10' };
    const b = { 'x-forwarded-for': '198.51.100.11' };
    expect(await statuses(server, 10, () => a)).toEqual(ok(10));
    const limited = await newAddress(server, a);
    expect(limited.status).toBe(429);
    expect(await limited.text()).toBe('IP=198.51.100.10 Rate limit exceeded for /api/new_address');

    expect(await statuses(server, 10, () => b)).toEqual(ok(10));
    expect((await newAddress(server, b)).status).toBe(429);
    // The proxy's own address still has its budget.
    expect((await newAddress(server)).status).toBe(200);
  });

  it('uses the nearest untrusted X-Forwarded-For hop as the client', async () => {
    // The client wrote a fake first entry; the trusted proxy appended the real peer.
    const headers = { 'x-forwarded-for': '6.6.6.6, 198.51.100.20' };
    expect(await statuses(server, 10, () => headers)).toEqual(ok(10));
    const res = await newAddress(server, headers);
    expect(await res.text()).toBe('IP=198.51.100.20 Rate limit exceeded for /api/new_address');
    expect((await newAddress(server, { 'x-forwarded-for': '6.6.6.6' })).status).toBe(200);
  });

  it('records the forwarded IP as source_meta', async () => {
    const viaXff = await newAddress(server, { 'x-forwarded-for': '198.51.100.30' });
    const { address: first } = (await viaXff.json()) as { address: string };
    expect(await sourceMetaOf(app, first)).toBe('198.51.100.30');

    const viaCf = await newAddress(server, {
      'cf-connecting-ip': '198.51.100.31',
      'x-forwarded-for': '198.51.100.32',
    });
    const { address: second } = (await viaCf.json()) as { address: string };
    expect(await sourceMetaOf(app, second)).toBe('198.51.100.31');
  });

  it('honours CF-Connecting-IP for the budget too', async () => {
    const cf = { 'cf-connecting-ip': '198.51.100.40' };
    expect(await statuses(server, 10, () => cf)).toEqual(ok(10));
    const res = await newAddress(server, cf);
    expect(res.status).toBe(429);
    expect(await res.text()).toBe('IP=198.51.100.40 Rate limit exceeded for /api/new_address');
  });
});

describe('rate limit switched off (RATE_LIMIT_PER_MINUTE=0)', () => {
  it('lets every request through', async () => {
    const app = await buildTestApp({ env: { RATE_LIMIT_PER_MINUTE: '0' } });
    const server = await listen(app);
    try {
      expect(await statuses(server, 25)).toEqual(ok(25));
    } finally {
      await server.close();
      await app.close();
    }
  });

  it('uses the configured budget when it is not the default', async () => {
    const app = await buildTestApp({ env: { RATE_LIMIT_PER_MINUTE: '3' } });
    const server = await listen(app);
    try {
      expect(await statuses(server, 5)).toEqual([200, 200, 200, 429, 429]);
    } finally {
      await server.close();
      await app.close();
    }
  });
});

describe('rate limit shared through Redis (REDIS_URL)', () => {
  // A client IP of our own keeps this run's counters apart from every other test and run.
  const clientIp = randomTestIp();
  const key = `tmpmail-rl:/api/new_address|${clientIp}`;
  const cluster = useRedisNodes({}, [key]);

  it('counts requests to two instances against one budget', async () => {
    const { redis, nodes } = cluster;
    const [a, b] = nodes;
    const headers = () => ({ 'x-forwarded-for': clientIp });
    expect(await statuses(a, 5, headers)).toEqual(ok(5));
    expect(await statuses(b, 5, headers)).toEqual(ok(5));
    // Each instance alone has seen only 5; together they have used the budget of 10.
    const fromB = await newAddress(b, headers());
    expect(fromB.status).toBe(429);
    expect(await fromB.text()).toBe(`IP=${clientIp} Rate limit exceeded for /api/new_address`);
    expect((await newAddress(a, headers())).status).toBe(429);

    // The count lives in Redis, with the window as its lifetime.
    expect(Number(await redis.get(key))).toBeGreaterThanOrEqual(11);
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);

    // Another client is unaffected on either instance.
    const other = { 'x-forwarded-for': '198.51.100.99' };
    expect((await newAddress(a, other)).status).toBe(200);
    await redis.del('tmpmail-rl:/api/new_address|198.51.100.99');
  });

  it('admin routes stay reachable while a client is limited', async () => {
    const [a] = cluster.nodes;
    const res = await fetch(`${a.url}/admin/address?limit=10&offset=0`, {
      headers: { ...adminHeaders, 'x-forwarded-for': clientIp },
    });
    expect(res.status).toBe(200);
  });
});
