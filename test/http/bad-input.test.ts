/**
 * Malformed input is a 4xx with a text that says what is wrong, never a 500 (decisions.md 4):
 * bad JSON, wrong shapes and types, missing fields, huge and hostile strings, oversized bodies
 * (413, also for streamed bodies on a real socket), and invalid ids. Failed validation writes
 * nothing, and the server keeps answering afterwards.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, buildTestApp, listen, type TestApp } from '../helpers/build-test-app.js';
import { DIALECTS } from '../helpers/test-stores.js';

const MAX_BODY = 4096;
const TOO_LARGE = 'Request body is too large';

interface Endpoint {
  path: string;
  headers: Record<string, string>;
}

const endpoints: Endpoint[] = [
  { path: '/api/new_address', headers: {} },
  { path: '/admin/new_address', headers: adminHeaders },
  { path: '/admin/account_settings', headers: adminHeaders },
  { path: '/admin/addresses/batch', headers: adminHeaders },
  { path: '/api/address_login', headers: {} },
];

/** A 4xx whose body is a readable text (no stack, no "undefined"). */
async function expectClientError(res: Response, label: string): Promise<string> {
  const text = await res.text();
  expect(res.status, `${label}: ${text}`).toBeGreaterThanOrEqual(400);
  expect(res.status, `${label}: ${text}`).toBeLessThan(500);
  expect(text.length, label).toBeGreaterThan(0);
  expect(text, label).not.toMatch(/undefined|\bat .*\.ts:\d+|Error:/);
  return text;
}

async function expectText(res: Response, status: number, text: string): Promise<void> {
  expect({ status: res.status, text: await res.text() }).toEqual({ status, text });
}

/** Sends a raw HTTP request; `chunks` are written one by one (chunked when no length). */
function rawPost(
  url: string,
  path: string,
  chunks: Buffer[],
  headers: Record<string, string>,
): Promise<{ status: number; text: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
    });
    // The server may answer 413 and stop reading before we finish writing; that is fine.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    const write = (i: number) => {
      if (i >= chunks.length) return req.end();
      req.write(chunks[i], () => setImmediate(() => write(i + 1)));
    };
    write(0);
  });
}

describe.each(DIALECTS)('bad input on %s', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({
      dialect,
      env: {
        MAX_REQUEST_BODY_BYTES: String(MAX_BODY),
        ENABLE_ADDRESS_PASSWORD: 'true',
        ADDRESS_BATCH_MAX: '20',
        RATE_LIMIT_PER_MINUTE: '0',
      },
    });
  });
  afterAll(() => app.close());

  const post = (e: Endpoint, body: unknown, headers: Record<string, string> = {}) =>
    app.request('POST', e.path, { body, headers: { ...e.headers, ...headers } });

  const addressCount = async () =>
    (
      await app.store.addresses.list({
        limit: 100,
        offset: 0,
        sortBy: 'id',
        sortOrder: 'desc',
      })
    ).count;

  it('answers malformed JSON with 400 "Invalid input: …" on every endpoint', async () => {
    const before = await addressCount();
    const bodies = [
      '{',
      '{"name":',
      'not json',
      '{"name":"a"}}',
      "{'name':'a'}",
      '\u0000',
      '{"a":1,}',
    ];
    for (const e of endpoints) {
      for (const body of bodies) {
        for (const contentType of ['application/json', 'text/plain']) {
          const res = await post(e, body, { 'content-type': contentType });
          const text = await expectClientError(res, `${e.path} ${JSON.stringify(body)}`);
          expect(res.status).toBe(400);
          expect(text).toBe('Invalid input: the request body is not valid JSON');
        }
      }
    }
    expect(await addressCount()).toBe(before);
  });

  it('answers JSON that is not an object with 400 on every endpoint', async () => {
    const before = await addressCount();
    for (const e of endpoints) {
      for (const body of ['[]', '[{"name":"a"}]', '"a string"', 'null', '42', 'true']) {
        const res = await post(e, body);
        const text = await expectClientError(res, `${e.path} ${body}`);
        expect(res.status).toBe(400);
        expect(text).toMatch(/^Invalid input: /);
      }
    }
    expect(await addressCount()).toBe(before);
  });

  it('answers wrong field types with 400 naming the field', async () => {
    const before = await addressCount();
    const cases: [string, Record<string, string>, unknown, string][] = [
      ['/api/new_address', {}, { name: 123 }, 'name'],
      ['/api/new_address', {}, { name: ['a'] }, 'name'],
      ['/api/new_address', {}, { name: 'a', domain: {} }, 'domain'],
      ['/api/new_address', {}, { name: 'a', domain: 5 }, 'domain'],
      ['/api/new_address', {}, { name: 'a', cf_token: 5 }, 'cf_token'],
      [
        '/api/new_address',
        {},
        { name: 'a', enableRandomSubdomain: 'yes' },
        'enableRandomSubdomain',
      ],
      ['/api/new_address', {}, { name: 'a', enableRandomSubdomain: {} }, 'enableRandomSubdomain'],
      ['/admin/new_address', adminHeaders, { name: 123 }, 'name'],
      ['/admin/new_address', adminHeaders, { name: 'a', domain: {} }, 'domain'],
      ['/admin/new_address', adminHeaders, { name: 'a', enablePrefix: 'yes' }, 'enablePrefix'],
      ['/admin/new_address', adminHeaders, { name: 'a', enablePrefix: [] }, 'enablePrefix'],
      ['/admin/new_address', adminHeaders, { name: 'a', enablePrefix: 2 }, 'enablePrefix'],
      ['/admin/addresses/batch', adminHeaders, { names: 'a' }, 'names'],
      ['/admin/addresses/batch', adminHeaders, { names: [1] }, 'names'],
      ['/admin/addresses/batch', adminHeaders, { count: '5' }, 'count'],
      ['/admin/addresses/batch', adminHeaders, { count: 1.5 }, 'count'],
      ['/admin/addresses/batch', adminHeaders, { count: 0 }, 'count'],
      ['/admin/addresses/batch', adminHeaders, { count: -1 }, 'count'],
      ['/admin/addresses/batch', adminHeaders, { count: 21 }, 'count'],
      ['/admin/addresses/batch', adminHeaders, { names: [] }, 'names'],
      ['/admin/addresses/batch', adminHeaders, { count: 2, enablePrefix: 'yes' }, 'enablePrefix'],
      [
        '/admin/account_settings',
        adminHeaders,
        { blockList: 'a', sendBlockList: [], verifiedAddressList: [] },
        'blockList',
      ],
      [
        '/admin/account_settings',
        adminHeaders,
        { blockList: [1], sendBlockList: [], verifiedAddressList: [] },
        'blockList',
      ],
      ['/api/address_login', {}, { email: 1, password: 'x' }, 'email'],
      ['/api/address_login', {}, { email: 'a@example.com', password: {} }, 'password'],
    ];
    for (const [path, headers, body, field] of cases) {
      const res = await app.request('POST', path, { headers, body });
      const text = await expectClientError(res, `${path} ${JSON.stringify(body)}`);
      expect({ path, body, status: res.status }).toEqual({ path, body, status: 400 });
      expect(text, `${path} ${JSON.stringify(body)}`).toMatch(/^Invalid input: /);
      expect(text, `${path} ${JSON.stringify(body)}`).toContain(field);
    }
    expect(await addressCount()).toBe(before);
  });

  it('says exactly what is wrong', async () => {
    const admin = endpoints[1] as Endpoint;
    const cases: [unknown, string][] = [
      [{ name: 123 }, 'Invalid input: name: expected string, received number'],
      [{ name: 'a', domain: {} }, 'Invalid input: domain: expected string, received object'],
      [{ name: 'a', enablePrefix: 'yes' }, 'Invalid input: enablePrefix: expected a boolean'],
      ['[]', 'Invalid input: expected object, received array'],
      ['null', 'Invalid input: expected object, received null'],
    ];
    for (const [body, text] of cases) await expectText(await post(admin, body), 400, text);
  });

  it('accepts the flag forms clients send (true, "true", false, 0, 1, null)', async () => {
    const flags = [
      [true, true],
      ['true', true],
      [1, true],
      [false, false],
      ['false', false],
      [0, false],
      [null, false],
    ] as const;
    for (const [i, [flag, prefixed]] of flags.entries()) {
      const name = `flag${i}`;
      const res = await post(endpoints[1] as Endpoint, {
        name,
        domain: 'example.com',
        enablePrefix: flag,
      });
      expect(res.status, JSON.stringify(flag)).toBe(200);
      const { address } = (await res.json()) as { address: string };
      expect(address).toBe(`${prefixed ? 'tmp' : ''}${name}@example.com`);
    }
  });

  it('answers missing fields with a 400 naming what is missing', async () => {
    const cases: [string, Record<string, string>, unknown, string][] = [
      ['/admin/new_address', adminHeaders, {}, 'Required field is missing'],
      ['/admin/new_address', adminHeaders, { name: '' }, 'Required field is missing'],
      ['/admin/new_address', adminHeaders, { name: null }, 'Required field is missing'],
      ['/api/address_login', {}, {}, 'Email and password are required'],
      ['/api/address_login', {}, { email: 'a@example.com' }, 'Email and password are required'],
      ['/api/address_login', {}, { password: 'x' }, 'Email and password are required'],
      ['/admin/addresses/batch', adminHeaders, {}, 'Invalid input: give either names or count'],
      [
        '/admin/addresses/batch',
        adminHeaders,
        { names: ['a'], count: 1 },
        'Invalid input: give either names or count',
      ],
    ];
    for (const [path, headers, body, expected] of cases) {
      const res = await app.request('POST', path, { headers, body });
      expect({ path, body, status: res.status, text: await res.text() }).toEqual({
        path,
        body,
        status: 400,
        text: expected,
      });
    }
    const empty = await post(endpoints[2] as Endpoint, '');
    expect(empty.status).toBe(400);
    const text = await empty.text();
    for (const field of ['blockList', 'sendBlockList', 'verifiedAddressList']) {
      expect(text).toContain(field);
    }
  });

  it('refuses huge strings and 300-character domains with a 400', async () => {
    const before = await addressCount();
    const cases: [string, Record<string, string>, unknown, string | RegExp][] = [
      ['/api/new_address', {}, { name: 'a'.repeat(2000) }, /^Invalid input: name: /],
      [
        '/api/new_address',
        {},
        { name: 'a'.repeat(1000) },
        'Failed to create address: Name is too long (max 30)',
      ],
      [
        '/admin/new_address',
        adminHeaders,
        { name: 'a'.repeat(1000) },
        'Failed to create address: Name is too long (max 30)',
      ],
      ['/api/new_address', {}, { name: 'a', domain: 'd'.repeat(2000) }, /^Invalid input: domain: /],
      [
        '/api/new_address',
        {},
        { name: 'a', domain: `${'d'.repeat(288)}.example.com` },
        'Failed to create address: Invalid domain',
      ],
      [
        '/admin/new_address',
        adminHeaders,
        { name: 'a', domain: `${'d'.repeat(288)}.example.com` },
        'Failed to create address: Invalid domain',
      ],
      [
        '/admin/new_address',
        adminHeaders,
        { name: 'a', domain: `${'d.'.repeat(144)}example.com` },
        'Failed to create address: Invalid domain',
      ],
      [
        '/api/address_login',
        {},
        { email: 'e'.repeat(3000), password: 'x' },
        /^Invalid input: email: /,
      ],
      ['/api/new_address', {}, { name: 'a', cf_token: 'x'.repeat(4090) }, TOO_LARGE],
    ];
    for (const [path, headers, body, expected] of cases) {
      const res = await app.request('POST', path, { headers, body });
      const text = await expectClientError(res, path);
      expect(res.status, text).toBe(expected === TOO_LARGE ? 413 : 400);
      if (typeof expected === 'string') expect(text).toBe(expected);
      else expect(text).toMatch(expected);
    }
    expect(await addressCount()).toBe(before);
  });

  it('strips or refuses control characters, emoji and RTL marks in names', async () => {
    // With the default ADDRESS_REGEX they are stripped, as any other character outside [a-z0-9].
    const hostile = ['\u0000', '\u0007', '\r\n', '😀', '\u200f', '\u202e', '\u200e\u200f'];
    for (const [i, ch] of hostile.entries()) {
      for (const [j, e] of endpoints.slice(0, 2).entries()) {
        const res = await post(e, { name: `ab${ch}cd${i}${j}`, domain: 'example.com' });
        expect(res.status, `${e.path} ${JSON.stringify(ch)}`).toBe(200);
        const { address } = (await res.json()) as { address: string };
        expect(address).toBe(`${j === 0 ? 'tmp' : ''}abcd${i}${j}@example.com`);
      }
    }
    // Names made only of such characters are empty after normalization.
    for (const name of ['\u0000\u0007', '😀😀', '\u200f\u200e', '\r\n']) {
      for (const e of endpoints.slice(0, 2)) {
        const res = await post(e, { name, domain: 'example.com' });
        const text = await res.text();
        if (e.path === '/api/new_address' && name.trim() === '') {
          // A blank name on /api asks for a random one.
          expect(res.status, text).toBe(200);
          continue;
        }
        expect({ name, path: e.path, status: res.status, text }).toEqual({
          name,
          path: e.path,
          status: 400,
          text: 'Failed to create address: Name is too short (min 1)',
        });
      }
    }
  });

  it('never stores such characters, even when ADDRESS_REGEX lets them through', async () => {
    const permissive = await buildTestApp({ dialect, env: { ADDRESS_REGEX: '[ ]' } });
    try {
      const invalid =
        'Failed to create address: Name contains characters that are not allowed in an e-mail address';
      for (const name of [
        'ab\u0000cd',
        'ab\u0007cd',
        'ab\r\ncd',
        'ab😀cd',
        'ab\u200fcd',
        'a"b',
        'a@b',
        'a..b',
      ]) {
        for (const [path, headers] of [
          ['/api/new_address', {}],
          ['/admin/new_address', adminHeaders],
        ] as const) {
          const res = await permissive.request('POST', path, {
            headers,
            body: { name, domain: 'example.com' },
          });
          expect({ name, status: res.status, text: await res.text() }).toEqual({
            name,
            status: 400,
            text: invalid,
          });
        }
      }
      // Letters of other scripts are fine in an internationalized local part.
      const ok = await permissive.request('POST', '/admin/new_address', {
        headers: adminHeaders,
        body: { name: 'مرحبا', domain: 'example.com' },
      });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as { address: string }).address).toBe('مرحبا@example.com');
      const batch = await permissive.request('POST', '/admin/addresses/batch', {
        headers: adminHeaders,
        body: { names: ['okname', 'bad\u0000name'], domain: 'example.com' },
      });
      expect(batch.status).toBe(200);
      const result = (await batch.json()) as {
        results: { address: string }[];
        errors: { name: string; code: string; error: string }[];
      };
      expect(result.results.map((r) => r.address)).toEqual(['okname@example.com']);
      expect(result.errors).toEqual([
        { name: 'bad\u0000name', code: 'name_invalid', error: invalid },
      ]);
    } finally {
      await permissive.close();
    }
  });

  it('handles NUL bytes in strings that reach the database (PostgreSQL refuses them in text)', async () => {
    const list = await app.request('GET', '/admin/address?limit=10&offset=0&query=a%00b', {
      headers: adminHeaders,
    });
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({ results: [], count: 0 });

    const login = await app.request('POST', '/api/address_login', {
      body: { email: 'tmp\u0000a@example.com', password: 'x' },
    });
    await expectText(login, 404, 'Address not found');

    const domain = await post(endpoints[1] as Endpoint, {
      name: 'nul',
      domain: 'exa\u0000mple.com',
    });
    await expectText(domain, 400, 'Failed to create address: Invalid domain');

    const settings = await app.request('POST', '/admin/account_settings', {
      headers: adminHeaders,
      body: { blockList: ['bad\u0000word'], sendBlockList: [], verifiedAddressList: [] },
    });
    expect(settings.status).toBe(200);
    const stored = await app.request('GET', '/admin/account_settings', { headers: adminHeaders });
    expect(((await stored.json()) as { blockList: unknown }).blockList).toEqual(['bad\u0000word']);
    await app.request('POST', '/admin/account_settings', {
      headers: adminHeaders,
      body: { blockList: [], sendBlockList: [], verifiedAddressList: [] },
    });
  });

  it('answers invalid ids with 400 and unknown ids with 404', async () => {
    const idText = 'Invalid input: id must be a positive integer';
    const ids = ['abc', '-1', '0', '1e3', '1.5', '0x10', '%201', '99999999999999999999', '1%00'];
    for (const id of ids) {
      for (const [method, path] of [
        ['DELETE', `/admin/delete_address/${id}`],
        ['GET', `/admin/show_password/${id}`],
        ['POST', `/admin/address/${id}/reset_password`],
      ] as const) {
        const res = await app.request(method, path, {
          headers: adminHeaders,
          body: method === 'POST' ? { password: 'x' } : undefined,
        });
        expect({ path, status: res.status, text: await res.text() }).toEqual({
          path,
          status: 400,
          text: idText,
        });
      }
    }
    // Well-formed ids that no row has: 404, also beyond 32 bits.
    for (const id of ['123456', '4294967297', '999999999999999']) {
      const del = await app.request('DELETE', `/admin/delete_address/${id}`, {
        headers: adminHeaders,
      });
      expect({ id, status: del.status, text: await del.text() }).toEqual({
        id,
        status: 404,
        text: 'Address not found',
      });
      const shown = await app.request('GET', `/admin/show_password/${id}`, {
        headers: adminHeaders,
      });
      expect(shown.status).toBe(404);
    }
  });

  it('answers bad pagination with 400 and never 500', async () => {
    const bad: [string, string][] = [
      ['', 'Invalid limit'],
      ['limit=abc&offset=0', 'Invalid limit'],
      ['limit=0&offset=0', 'Invalid limit'],
      ['limit=101&offset=0', 'Invalid limit'],
      ['limit=-1&offset=0', 'Invalid limit'],
      ['limit=1e2&offset=0', 'Invalid limit'],
      ['limit=10', 'Invalid offset'],
      ['limit=10&offset=-1', 'Invalid offset'],
      ['limit=10&offset=x', 'Invalid offset'],
      ['limit=10&offset=99999999999999999999', 'Invalid offset'],
    ];
    for (const [query, text] of bad) {
      const res = await app.request('GET', `/admin/address?${query}`, { headers: adminHeaders });
      expect({ query, status: res.status, text: await res.text() }).toEqual({
        query,
        status: 400,
        text,
      });
    }
    for (const query of [
      'limit=10&offset=999999999999999',
      `limit=10&offset=0&query=${'%25_'.repeat(2000)}`,
      'limit=10&offset=0&sort_by=name;drop table address&sort_order=x',
      'limit=10&offset=0&query=%00%27%22',
    ]) {
      const res = await app.request('GET', `/admin/address?${query}`, { headers: adminHeaders });
      expect({ query, status: res.status }).toEqual({ query, status: 200 });
    }
  });

  it('answers bodies over MAX_REQUEST_BODY_BYTES with 413 (in-process, with content-length)', async () => {
    const before = await addressCount();
    const body = JSON.stringify({ name: 'big', pad: 'x'.repeat(MAX_BODY) });
    for (const e of endpoints) {
      const res = await app.request('POST', e.path, {
        headers: { ...e.headers, 'content-length': String(Buffer.byteLength(body)) },
        body,
      });
      expect({ path: e.path, status: res.status, text: await res.text() }).toEqual({
        path: e.path,
        status: 413,
        text: TOO_LARGE,
      });
    }
    expect(await addressCount()).toBe(before);
  });

  describe('over a real socket', () => {
    let server: { url: string; close(): Promise<void> };
    beforeAll(async () => {
      server = await listen(app);
    });
    afterAll(() => server.close());

    const exactly = (bytes: number) => {
      const shell = JSON.stringify({ name: 'edge', domain: 'example.com', pad: '' });
      return JSON.stringify({
        name: 'edge',
        domain: 'example.com',
        pad: 'x'.repeat(bytes - Buffer.byteLength(shell)),
      });
    };

    it('accepts a body of exactly the limit and refuses one byte more', async () => {
      const atLimit = exactly(MAX_BODY);
      expect(Buffer.byteLength(atLimit)).toBe(MAX_BODY);
      const ok = await fetch(`${server.url}/api/new_address`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: atLimit,
      });
      expect(ok.status, await ok.clone().text()).toBe(200);
      expect(((await ok.json()) as { address: string }).address).toBe('tmpedge@example.com');

      const over = exactly(MAX_BODY + 1);
      for (const e of endpoints) {
        const res = await fetch(`${server.url}${e.path}`, {
          method: 'POST',
          headers: { ...e.headers, 'content-type': 'application/json' },
          body: over,
        });
        expect({ path: e.path, status: res.status, text: await res.text() }).toEqual({
          path: e.path,
          status: 413,
          text: TOO_LARGE,
        });
      }
    });

    it('refuses a chunked body without content-length once it passes the limit', async () => {
      const before = await addressCount();
      const big = Buffer.from(JSON.stringify({ name: 'chunked', pad: 'y'.repeat(MAX_BODY * 4) }));
      const chunks: Buffer[] = [];
      for (let i = 0; i < big.length; i += 512) chunks.push(big.subarray(i, i + 512));
      for (const e of endpoints) {
        const res = await rawPost(server.url, e.path, chunks, {
          ...e.headers,
          'content-type': 'application/json',
          'transfer-encoding': 'chunked',
        });
        expect(res.headers['content-length']).not.toBe(undefined);
        expect({ path: e.path, status: res.status, text: res.text }).toEqual({
          path: e.path,
          status: 413,
          text: TOO_LARGE,
        });
      }
      expect(await addressCount()).toBe(before);

      // A small chunked body is read normally.
      const small = Buffer.from(JSON.stringify({ name: 'smallchunks', domain: 'example.com' }));
      const ok = await rawPost(
        server.url,
        '/api/new_address',
        [small.subarray(0, 10), small.subarray(10)],
        {
          'content-type': 'application/json',
          'transfer-encoding': 'chunked',
        },
      );
      expect(ok.status, ok.text).toBe(200);
    });

    it('refuses a body whose content-length alone is over the limit', async () => {
      const res = await rawPost(server.url, '/api/new_address', [Buffer.from('{}')], {
        'content-type': 'application/json',
        'content-length': String(MAX_BODY * 100),
      }).catch((error: Error) => ({ status: -1, text: error.message, headers: {} }));
      expect(res.status).toBe(413);
    });

    it('keeps answering /health_check after all of this', async () => {
      const res = await fetch(`${server.url}/health_check`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('OK');
    });
  });
});

describe.each(DIALECTS)('POST /admin/account_settings validation on %s', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({ dialect });
  });
  afterAll(() => app.close());

  const save = (body: unknown) =>
    app.request('POST', '/admin/account_settings', { headers: adminHeaders, body });
  const read = async () =>
    (await (
      await app.request('GET', '/admin/account_settings', { headers: adminHeaders })
    ).json()) as Record<string, unknown>;
  const base = { blockList: ['spam'], sendBlockList: ['nosend'], verifiedAddressList: [] };

  it('stores a valid body', async () => {
    const res = await save({
      ...base,
      sendMailLimitConfig: {
        dailyEnabled: true,
        monthlyEnabled: false,
        dailyLimit: 5,
        monthlyLimit: 9,
      },
      addressCreationSettings: { enableSubdomainMatch: true },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toEqual({ success: true });
    expect(await read()).toMatchObject({
      blockList: ['spam'],
      sendBlockList: ['nosend'],
      verifiedAddressList: [],
      sendMailLimitConfig: {
        dailyEnabled: true,
        monthlyEnabled: false,
        dailyLimit: 5,
        monthlyLimit: null,
      },
      addressCreationSettings: { enableSubdomainMatch: true },
    });
  });

  it('refuses invalid bodies with 400 and writes nothing', async () => {
    const stored = await read();
    const changed = { blockList: ['changed'], sendBlockList: ['changed'], verifiedAddressList: [] };
    const cases: [unknown, string | RegExp][] = [
      [{ sendBlockList: [], verifiedAddressList: [] }, /^Invalid input: blockList: /],
      [{ blockList: ['changed'], verifiedAddressList: [] }, /^Invalid input: sendBlockList: /],
      [{ blockList: ['changed'], sendBlockList: [] }, /^Invalid input: verifiedAddressList: /],
      [
        { ...changed, verifiedAddressList: ['someone@example.com'] },
        'Please enable SEND_MAIL first',
      ],
      [
        { ...changed, addressCreationSettings: { enableSubdomainMatch: 'yes' } },
        /^Invalid input: addressCreationSettings/,
      ],
      [
        { ...changed, addressCreationSettings: { enableSubdomainMatch: 1 } },
        /^Invalid input: addressCreationSettings/,
      ],
      [{ ...changed, addressCreationSettings: 'on' }, /^Invalid input: addressCreationSettings/],
      [
        { ...changed, emailRuleSettings: { emailForwardingList: [{ domains: null }] } },
        /^Invalid input: emailRuleSettings/,
      ],
      [{ ...changed, emailRuleSettings: [] }, /^Invalid input: emailRuleSettings/],
      [{ ...changed, fromBlockList: 'x' }, /^Invalid input: fromBlockList/],
      [{ ...changed, noLimitSendAddressList: [null] }, /^Invalid input: noLimitSendAddressList/],
      // sendMailLimitConfig: both flags boolean; an enabled limit is an integer ≥ -1; a
      // disabled one null, absent or an integer ≥ -1.
      [
        { ...changed, sendMailLimitConfig: { dailyEnabled: 'true', monthlyEnabled: false } },
        /sendMailLimitConfig/,
      ],
      [{ ...changed, sendMailLimitConfig: { dailyEnabled: false } }, /sendMailLimitConfig/],
      [
        { ...changed, sendMailLimitConfig: { dailyEnabled: true, monthlyEnabled: false } },
        /dailyLimit is required/,
      ],
      [
        {
          ...changed,
          sendMailLimitConfig: { dailyEnabled: true, monthlyEnabled: false, dailyLimit: null },
        },
        /dailyLimit is required/,
      ],
      [
        { ...changed, sendMailLimitConfig: { dailyEnabled: false, monthlyEnabled: true } },
        /monthlyLimit is required/,
      ],
      [
        {
          ...changed,
          sendMailLimitConfig: { dailyEnabled: true, monthlyEnabled: false, dailyLimit: -2 },
        },
        /sendMailLimitConfig/,
      ],
      [
        {
          ...changed,
          sendMailLimitConfig: { dailyEnabled: true, monthlyEnabled: false, dailyLimit: 1.5 },
        },
        /sendMailLimitConfig/,
      ],
      [
        {
          ...changed,
          sendMailLimitConfig: { dailyEnabled: true, monthlyEnabled: false, dailyLimit: '5' },
        },
        /sendMailLimitConfig/,
      ],
      [
        {
          ...changed,
          sendMailLimitConfig: { dailyEnabled: false, monthlyEnabled: false, dailyLimit: -2 },
        },
        /sendMailLimitConfig/,
      ],
      [{ ...changed, sendMailLimitConfig: 'none' }, /sendMailLimitConfig/],
    ];
    for (const [body, expected] of cases) {
      const res = await save(body);
      const text = await res.text();
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      if (typeof expected === 'string') expect(text).toBe(expected);
      else expect(text, JSON.stringify(body)).toMatch(expected);
      expect(await read()).toEqual(stored);
    }
  });

  it('accepts the edge values of sendMailLimitConfig', async () => {
    for (const config of [
      { dailyEnabled: true, monthlyEnabled: true, dailyLimit: -1, monthlyLimit: 0 },
      { dailyEnabled: false, monthlyEnabled: false, dailyLimit: -1, monthlyLimit: null },
      { dailyEnabled: false, monthlyEnabled: false },
    ]) {
      const res = await save({ ...base, sendMailLimitConfig: config });
      expect({ config, status: res.status }).toEqual({ config, status: 200 });
    }
    const cleared = await save({ ...base, sendMailLimitConfig: null });
    expect(cleared.status).toBe(200);
    expect((await read())['sendMailLimitConfig']).toBeNull();
  });
});
