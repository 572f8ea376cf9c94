/**
 * IP access control (reference §6.3, §1.6 rows 50-51) on every dialect: the admin settings
 * (defaults, validation messages, limits, clean-up), and the check on the abuse-prone paths
 * over a real socket, with client IPs named by a trusted proxy: whitelist, fingerprint, IP and
 * ASN blacklists, the daily limit in the key-value store, the paths it guards, and how soon a
 * change applies.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { Clock } from '../../src/shared/clock.js';
import { silentLogger } from '../../src/shared/logger.js';
import {
  adminHeaders,
  buildTestApp,
  listen,
  TEST_ADMIN_PASSWORD,
  TEST_JWT_SECRET,
  type TestApp,
} from '../helpers/build-test-app.js';
import { DIALECTS, openTestStore, type TestStore } from '../helpers/test-stores.js';

type Served = { url: string; close(): Promise<void> };
interface Reply {
  status: number;
  text: string;
}

const DAY = 86_400_000;

/** Real time plus an offset the test moves. */
function shiftingClock(): Clock & { shift(ms: number): void } {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), shift: (ms) => (offset += ms) };
}

const SETTINGS = {
  enabled: true,
  blacklist: [] as string[],
  asnBlacklist: [] as string[],
  fingerprintBlacklist: [] as string[],
  enableWhitelist: false,
  whitelist: [] as string[],
  enableDailyLimit: false,
  dailyRequestLimit: 1000,
};

/** A request from `ip` as the trusted proxy (the test's own socket) reports it. */
async function hit(
  server: Served,
  path: string,
  ip: string | undefined,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(ip === undefined ? {} : { 'x-forwarded-for': ip }),
      ...headers,
    },
    body: '{}',
  });
  return { status: res.status, text: await res.text() };
}

async function postSettings(app: TestApp, body: unknown, headers: Record<string, string> = {}) {
  const res = await app.request('POST', '/admin/ip_blacklist/settings', {
    body,
    headers: { ...adminHeaders, ...headers },
  });
  return { status: res.status, text: await res.text() };
}

async function save(app: TestApp, settings: Partial<typeof SETTINGS>): Promise<void> {
  const reply = await postSettings(app, { ...SETTINGS, ...settings });
  expect(reply, reply.text).toEqual({ status: 200, text: '{"success":true}' });
}

describe.each(DIALECTS)('IP access settings on %s', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({ dialect });
  });
  afterAll(() => app.close());

  it('GET answers the defaults while nothing is stored, and needs the admin', async () => {
    const res = await app.request('GET', '/admin/ip_blacklist/settings', { headers: adminHeaders });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      enabled: false,
      blacklist: [],
      asnBlacklist: [],
      fingerprintBlacklist: [],
      enableWhitelist: false,
      whitelist: [],
      enableDailyLimit: false,
      dailyRequestLimit: 1000,
    });
    expect((await app.request('GET', '/admin/ip_blacklist/settings')).status).toBe(401);
    const post = await app.request('POST', '/admin/ip_blacklist/settings', { body: SETTINGS });
    expect(post.status).toBe(401);
  });

  it('POST refuses each invalid field with the reference message', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ enabled: 'yes' }, 'Invalid IP blacklist setting: enabled'],
      [{ blacklist: 'x' }, 'Invalid IP blacklist setting: blacklist'],
      [{ asnBlacklist: null }, 'Invalid IP blacklist setting: asnBlacklist'],
      [{ fingerprintBlacklist: {} }, 'Invalid IP blacklist setting: fingerprintBlacklist'],
      [{ enableDailyLimit: 1 }, 'Invalid IP blacklist setting: enableDailyLimit'],
      [{ dailyRequestLimit: 0 }, 'Invalid IP blacklist setting: dailyRequestLimit (1-1000000)'],
      [
        { dailyRequestLimit: 1_000_001 },
        'Invalid IP blacklist setting: dailyRequestLimit (1-1000000)',
      ],
      [
        { dailyRequestLimit: 'many' },
        'Invalid IP blacklist setting: dailyRequestLimit (1-1000000)',
      ],
      [{ dailyRequestLimit: true }, 'Invalid IP blacklist setting: dailyRequestLimit (1-1000000)'],
      [{ dailyRequestLimit: 2.5 }, 'Invalid IP blacklist setting: dailyRequestLimit (1-1000000)'],
      [{ enableWhitelist: 'true' }, 'Invalid IP blacklist setting: enableWhitelist'],
      [{ whitelist: '1.2.3.4' }, 'Invalid IP blacklist setting: whitelist'],
      [{ whitelist: [1] }, 'Invalid IP blacklist setting: whitelist element must be a string'],
      [{ whitelist: ['[oops'] }, 'Invalid IP blacklist setting: whitelist invalid regex: [oops'],
      [{ blacklist: [7] }, 'Invalid IP blacklist setting: blacklist element must be a string'],
      [
        { blacklist: ['1'.repeat(257)] },
        'Invalid IP blacklist setting: blacklist entry longer than 256 characters',
      ],
      [
        { fingerprintBlacklist: ['^(a+)+$'] },
        'Invalid IP blacklist setting: fingerprintBlacklist unsafe regex (nested repetition): ^(a+)+$',
      ],
      [
        { whitelist: ['^(10|11)*$'] },
        'Invalid IP blacklist setting: whitelist unsafe regex (nested repetition): ^(10|11)*$',
      ],
      [
        { blacklist: ['^(\\d)\\1$'] },
        'Invalid IP blacklist setting: blacklist unsafe regex (backreference): ^(\\d)\\1$',
      ],
      [
        { asnBlacklist: ['a.*b.*c.*d.*'] },
        'Invalid IP blacklist setting: asnBlacklist unsafe regex (too many repetitions): a.*b.*c.*d.*',
      ],
    ];
    for (const [change, text] of cases) {
      expect(await postSettings(app, { ...SETTINGS, ...change })).toEqual({ status: 400, text });
    }
    expect(await postSettings(app, [])).toEqual({
      status: 400,
      text: 'Invalid IP blacklist setting: enabled',
    });
    const zh = await postSettings(app, { ...SETTINGS, enabled: 1 }, { 'x-lang': 'zh' });
    expect(zh).toEqual({ status: 400, text: '无效的 IP 黑名单设置: enabled' });
    const broken = await postSettings(app, '{"enabled": tru');
    expect(broken.status).toBe(400);
  });

  it('POST limits every list to 1000 entries', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => `10.0.${i >> 8}.${i & 255}`);
    for (const list of ['blacklist', 'asnBlacklist', 'fingerprintBlacklist']) {
      expect(await postSettings(app, { ...SETTINGS, [list]: many })).toEqual({
        status: 400,
        text: `Blacklist exceeds maximum size: ${list} (1000)`,
      });
    }
    expect(await postSettings(app, { ...SETTINGS, whitelist: many })).toEqual({
      status: 400,
      text: 'Blacklist exceeds maximum size: whitelist (1001/1000)',
    });
    await save(app, { blacklist: many.slice(0, 1000) });
  });

  it('POST trims entries, drops empty ones, defaults the whitelist, and GET shows it', async () => {
    const { enableWhitelist: _e, whitelist: _w, ...withoutWhitelist } = SETTINGS;
    const reply = await postSettings(app, {
      ...withoutWhitelist,
      blacklist: [' 10.0.0.1 ', '', '   ', '[bad'],
      asnBlacklist: ['  Example ISP'],
      fingerprintBlacklist: ['fp-1 '],
      dailyRequestLimit: '25',
    });
    expect(reply.status, reply.text).toBe(200);
    const res = await app.request('GET', '/admin/ip_blacklist/settings', { headers: adminHeaders });
    expect(await res.json()).toEqual({
      ...SETTINGS,
      // An invalid blacklist regex is kept, as in the reference (it then matches as text).
      blacklist: ['10.0.0.1', '[bad'],
      asnBlacklist: ['Example ISP'],
      fingerprintBlacklist: ['fp-1'],
      dailyRequestLimit: 25,
    });
  });
});

describe.each(DIALECTS)('IP access control on %s', (dialect) => {
  let app: TestApp;
  let server: Served;
  const clock = shiftingClock();
  beforeAll(async () => {
    app = await buildTestApp({
      dialect,
      clock,
      env: {
        TRUSTED_PROXIES: '["127.0.0.1"]',
        IP_ASN_ORGANIZATION_HEADER: 'X-ASN-Org',
        // The per-minute limit has its own tests; here it would only get in the way.
        RATE_LIMIT_PER_MINUTE: '0',
      },
    });
    server = await listen(app);
  });
  afterAll(async () => {
    await server.close();
    await app.close();
  });
  beforeEach(() => save(app, { enabled: false }));

  const newAddress = (ip: string | undefined, headers: Record<string, string> = {}) =>
    hit(server, '/api/new_address', ip, headers);

  it('checks nothing while no settings are stored', async () => {
    await app.store.settings.delete('ip_blacklist_settings');
    expect((await newAddress('198.51.100.1')).status).toBe(200);
    expect((await app.request('POST', '/api/new_address', { body: {} })).status).toBe(200);
  });

  it('whitelist: only listed IPs (exact, IPv4-mapped, or regex) pass, and they skip the blacklists', async () => {
    await save(app, {
      enableWhitelist: true,
      whitelist: ['198.51.100.1', '^198\\.51\\.100\\.2\\d$', '2001:db8::1'],
      blacklist: ['198.51.100'],
    });
    expect(await newAddress('198.51.100.3')).toEqual({
      status: 403,
      text: 'Access denied: IP 198.51.100.3 is not whitelisted',
    });
    // "198.51.100.1" is an exact address, not the regex /198.51.100.1/.
    expect((await newAddress('198.51.100.10')).status).toBe(403);
    expect((await newAddress('198.51.100.1')).status).toBe(200);
    expect((await newAddress('198.51.100.25')).status).toBe(200);
    expect((await newAddress('::ffff:198.51.100.1')).status).toBe(200);
    expect((await newAddress('2001:db8::1')).status).toBe(200);
    expect((await newAddress('2001:db8::10')).status).toBe(403);
    // No client IP at all (an in-process request): the whitelist fails closed.
    const inProcess = await app.request('POST', '/api/new_address', { body: {} });
    expect(inProcess.status).toBe(403);
    expect(await inProcess.text()).toBe('Access denied: client IP unavailable');
  });

  it('whitelist: off, or empty, lets everyone through', async () => {
    await save(app, { enableWhitelist: false, whitelist: ['198.51.100.1'] });
    expect((await newAddress('198.51.100.3')).status).toBe(200);
    await save(app, { enableWhitelist: true, whitelist: [] });
    expect((await newAddress('198.51.100.3')).status).toBe(200);
  });

  it('fingerprint blacklist: x-fingerprint matched as text or regex', async () => {
    await save(app, { fingerprintBlacklist: ['bad-fp', '^evil-\\d+$'] });
    const denied = { status: 403, text: 'Access denied: Browser fingerprint is blacklisted' };
    expect(await newAddress('198.51.100.4', { 'x-fingerprint': 'x-bad-fp-1' })).toEqual(denied);
    expect(await newAddress('198.51.100.4', { 'x-fingerprint': 'evil-42' })).toEqual(denied);
    expect((await newAddress('198.51.100.4', { 'x-fingerprint': 'evil-42x' })).status).toBe(200);
    expect((await newAddress('198.51.100.4')).status).toBe(200);
    // Even without a client IP.
    const inProcess = await app.request('POST', '/api/new_address', {
      body: {},
      headers: { 'x-fingerprint': 'bad-fp' },
    });
    expect(inProcess.status).toBe(403);
    // `enabled: false` switches every blacklist off.
    await save(app, { enabled: false, fingerprintBlacklist: ['bad-fp'] });
    expect((await newAddress('198.51.100.4', { 'x-fingerprint': 'bad-fp' })).status).toBe(200);
  });

  it('IP blacklist: substrings and regexes; the message names the client', async () => {
    await save(app, { blacklist: ['198.51.100.7', '^203\\.0\\.113\\.\\d+$', '[bad'] });
    expect(await newAddress('198.51.100.77')).toEqual({
      status: 403,
      text: 'Access denied: IP 198.51.100.77 is blacklisted',
    });
    expect(await newAddress('::ffff:203.0.113.9')).toEqual({
      status: 403,
      text: 'Access denied: IP 203.0.113.9 is blacklisted',
    });
    expect((await newAddress('198.51.100.8')).status).toBe(200);
    expect((await newAddress('10.203.0.113')).status).toBe(200);
  });

  it('ASN blacklist: the organisation from the trusted proxy header, case-insensitive', async () => {
    await save(app, { asnBlacklist: ['amazon', '^digital ?ocean'] });
    const denied = { status: 403, text: 'Access denied: ASN organization is blacklisted' };
    expect(await newAddress('198.51.100.5', { 'x-asn-org': 'Amazon.com, Inc.' })).toEqual(denied);
    expect(await newAddress('198.51.100.5', { 'x-asn-org': 'DigitalOcean, LLC' })).toEqual(denied);
    expect((await newAddress('198.51.100.5', { 'x-asn-org': 'Example ISP' })).status).toBe(200);
    expect((await newAddress('198.51.100.5')).status).toBe(200);
  });

  it('daily limit: counts per IP and UTC day in the key-value store, whitelisted IPs too', async () => {
    await save(app, {
      enableDailyLimit: true,
      dailyRequestLimit: 2,
      enableWhitelist: true,
      whitelist: ['198.51.100.6', '198.51.100.16'],
    });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await newAddress('198.51.100.6')).status);
    expect(statuses).toEqual([200, 200, 429]);
    expect(await newAddress('198.51.100.6')).toEqual({
      status: 429,
      text: 'IP=198.51.100.6 Exceeded daily limit of 2 requests',
    });
    expect((await newAddress('198.51.100.16')).status).toBe(200);

    const now = clock.now();
    const key = `limit|198.51.100.6|${now.toISOString().slice(0, 10)}`;
    expect(Number(await app.store.kv.get(key, now.getTime()))).toBeGreaterThanOrEqual(2);
    // The counter goes at the end of its UTC day.
    const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
    expect(await app.store.kv.get(key, midnight)).toBeUndefined();

    clock.shift(DAY);
    expect((await newAddress('198.51.100.6')).status).toBe(200);
  });

  it('guards /user_api/register and /user_api/verify_code, not the logins', async () => {
    await save(app, { blacklist: ['198.51.100.9'] });
    const denied = { status: 403, text: 'Access denied: IP 198.51.100.9 is blacklisted' };
    expect(await hit(server, '/user_api/register', '198.51.100.9')).toEqual(denied);
    expect(await hit(server, '/user_api/verify_code', '198.51.100.9')).toEqual(denied);
    for (const path of ['/user_api/login', '/api/address_login', '/open_api/admin_login']) {
      const reply = await hit(server, path, '198.51.100.9');
      expect(reply.text, path).not.toMatch(/^Access denied/);
    }
  });

  it("an admin's change applies to the next request on this node", async () => {
    expect((await newAddress('198.51.100.11')).status).toBe(200);
    await save(app, { blacklist: ['198.51.100.11'] });
    expect((await newAddress('198.51.100.11')).status).toBe(403);
    await save(app, { blacklist: [] });
    expect((await newAddress('198.51.100.11')).status).toBe(200);
  });

  it('stored patterns that would backtrack for ages are not run as regexes', async () => {
    // Written around the admin API's validation, as an older version or a hand edit could.
    await app.store.settings.set(
      'ip_blacklist_settings',
      { ...SETTINGS, fingerprintBlacklist: ['^(a+)+$'] },
      '2030-01-01 00:00:00',
    );
    clock.shift(10_000); // past the read cache
    const started = performance.now();
    const reply = await newAddress('198.51.100.12', { 'x-fingerprint': `${'a'.repeat(60)}b` });
    expect(reply.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1000);
    // As plain text it still matches itself.
    expect((await newAddress('198.51.100.12', { 'x-fingerprint': 'x^(a+)+$' })).status).toBe(403);
  });
});

describe('IP access control without a trusted proxy', () => {
  it('ignores the ASN header from a client that talks to us directly', async () => {
    const app = await buildTestApp({
      env: { IP_ASN_ORGANIZATION_HEADER: 'x-asn-org', RATE_LIMIT_PER_MINUTE: '0' },
    });
    const server = await listen(app);
    try {
      await save(app, { asnBlacklist: ['amazon'] });
      expect(
        (await hit(server, '/api/new_address', undefined, { 'x-asn-org': 'Amazon' })).status,
      ).toBe(200);
      // The socket peer is the client; its own forwarding headers change nothing.
      await save(app, { blacklist: ['127.0.0.1'] });
      expect(await hit(server, '/api/new_address', '198.51.100.1')).toEqual({
        status: 403,
        text: 'Access denied: IP 127.0.0.1 is blacklisted',
      });
    } finally {
      await server.close();
      await app.close();
    }
  });
});

describe.each(DIALECTS)('IP access settings shared by two nodes on %s', (dialect) => {
  let testStore: TestStore;
  const clock = shiftingClock();
  const servers: Served[] = [];
  const apps: App[] = [];

  beforeAll(async () => {
    testStore = await openTestStore(dialect);
    const { config } = loadConfig({
      env: {
        JWT_SECRET: TEST_JWT_SECRET,
        ADMIN_PASSWORDS: JSON.stringify([TEST_ADMIN_PASSWORD]),
        DOMAINS: '["example.com"]',
        TRUSTED_PROXIES: '["127.0.0.1"]',
        RATE_LIMIT_PER_MINUTE: '0',
      },
    });
    for (let i = 0; i < 2; i++) {
      const app = createApp({
        config,
        store: testStore.store,
        jwtSecret: TEST_JWT_SECRET,
        logger: silentLogger(),
        clock,
      });
      apps.push(app);
      servers.push(await listen(app));
    }
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await testStore.cleanup();
  });

  it('the other node applies a change once its short read cache expires', async () => {
    const [a, b] = servers as [Served, Served];
    expect((await hit(b, '/api/new_address', '198.51.100.13')).status).toBe(200);
    const saved = await fetch(`${a.url}/admin/ip_blacklist/settings`, {
      method: 'POST',
      headers: { ...adminHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ ...SETTINGS, blacklist: ['198.51.100.13'] }),
    });
    expect(saved.status).toBe(200);
    expect((await hit(a, '/api/new_address', '198.51.100.13')).status).toBe(403);
    // Node b still serves its cached read (empty settings) ...
    expect((await hit(b, '/api/new_address', '198.51.100.13')).status).toBe(200);
    // ... until it is 5 seconds old.
    clock.shift(5_001);
    expect((await hit(b, '/api/new_address', '198.51.100.13')).status).toBe(403);
  });
});
