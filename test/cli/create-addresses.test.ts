/**
 * `tmpmail address create`, run in-process: against a real server on port 0 (the batch
 * endpoint over HTTP) and against a local database (DATABASE_URL), checking the output
 * formats, the failure summary, exit codes, and that the credentials work on the server.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadOrCreateJwtSecret } from '../../src/auth/load-jwt-secret.js';
import { createAddressesCommand } from '../../src/cli/commands/create-addresses.js';
import type { RawCreateOptions } from '../../src/cli/address-batch/create-options.js';
import { loadConfig } from '../../src/config/load-config.js';
import { silentLogger } from '../../src/shared/logger.js';
import { openStore } from '../../src/storage/open-store.js';
import {
  adminHeaders,
  buildTestApp,
  listen,
  TEST_ADMIN_PASSWORD,
  TEST_JWT_SECRET,
  type TestApp,
} from '../helpers/build-test-app.js';
import { createTestDatabaseUrl, DIALECTS } from '../helpers/test-stores.js';

class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

async function run(options: RawCreateOptions, env: NodeJS.ProcessEnv = {}) {
  const stdout = new Collect();
  const stderr = new Collect();
  const code = await createAddressesCommand(options, {
    stdout,
    stderr,
    env,
    retryDelaysMs: [1, 1],
  });
  const lines = stdout.text.split('\n').filter(Boolean);
  return { code, lines, stdout: stdout.text, stderr: stderr.text };
}

function parseText(lines: string[]) {
  return lines.map((line) => {
    const [address, jwt, ...rest] = line.split('----');
    expect(rest).toEqual([]);
    return { address: address as string, jwt: jwt as string };
  });
}

async function settingsStatus(app: Pick<TestApp, 'http'>, jwt: string) {
  const res = await app.http.request('/api/settings', {
    headers: { authorization: `Bearer ${jwt}` },
  });
  return { status: res.status, body: res.status === 200 ? await res.json() : null };
}

describe('address create through a running server', () => {
  let app: TestApp;
  let server: { url: string; close(): Promise<void> };
  const admin = () => ({ url: server.url, adminPassword: TEST_ADMIN_PASSWORD });

  beforeAll(async () => {
    app = await buildTestApp();
    server = await listen(app);
  });
  afterAll(async () => {
    await server.close();
    await app.close();
  });

  it('creates --count addresses in chunks and prints address----jwt lines that work', async () => {
    const result = await run({ ...admin(), count: 250, batchSize: 100, concurrency: 3 });
    expect(result.code).toBe(0);
    const rows = parseText(result.lines);
    expect(rows).toHaveLength(250);
    expect(new Set(rows.map((r) => r.address)).size).toBe(250);
    for (const row of rows) expect(row.address).toMatch(/^tmp[a-z0-9]+@(example\.com|test\.org)$/);
    expect(result.stderr).toContain('created 250 of 250 addresses');
    expect(result.stderr).not.toContain('failed');
    for (const row of [rows[0], rows[249]]) {
      const settings = await settingsStatus(app, row!.jwt);
      expect(settings).toEqual({
        status: 200,
        body: expect.objectContaining({ address: row!.address }),
      });
    }
  });

  it('writes JSON lines, honours --domain and --no-prefix, and summarizes refused names', async () => {
    const taken = await app.request('POST', '/admin/new_address', {
      headers: adminHeaders,
      body: { name: 'taken1', domain: 'test.org' },
    });
    expect(taken.status).toBe(200);
    const names = ['fresh1', 'taken1', 'fresh2', 'x'.repeat(40), 'fresh1'];
    const result = await run({
      ...admin(),
      names,
      domain: 'test.org',
      prefix: false,
      format: 'jsonl',
      batchSize: 2,
      concurrency: 1,
    });
    expect(result.code).toBe(1);
    const rows = result.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((r) => r['address']).sort()).toEqual(['fresh1@test.org', 'fresh2@test.org']);
    for (const row of rows) {
      expect(row).toEqual({
        address: expect.any(String),
        jwt: expect.any(String),
        password: null,
        address_id: expect.any(Number),
      });
      expect((await settingsStatus(app, row['jwt'] as string)).status).toBe(200);
    }
    expect(result.stderr).toContain('created 2 of 5 addresses');
    expect(result.stderr).toContain('failed 3:');
    expect(result.stderr).toMatch(
      /2 × address_exists: .*Address already exists \(e\.g\. taken1, fresh1\)/,
    );
    expect(result.stderr).toMatch(/1 × name_too_long: .*\(e\.g\. x{40}\)/);
  });

  it('reads the URL and admin password from the environment', async () => {
    const result = await run(
      { count: 3 },
      { TMPMAIL_URL: `${server.url}/`, TMPMAIL_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD },
    );
    expect(result.code).toBe(0);
    expect(result.lines).toHaveLength(3);
  });

  it('stops at a refused request and counts the rest as not attempted', async () => {
    const result = await run({
      url: server.url,
      adminPassword: 'wrong',
      count: 50,
      batchSize: 10,
      concurrency: 1,
    });
    expect(result.code).toBe(1);
    expect(result.lines).toEqual([]);
    expect(result.stderr).toContain('stopped: the server refused the request (HTTP 401');
    expect(result.stderr).toContain('10 × admin_password_required');
    expect(result.stderr).toContain('40 × not_attempted');
    expect(result.stderr).toContain('created 0 of 50');
  });

  it('explains a batch size the server does not accept', async () => {
    const small = await buildTestApp({ env: { ADDRESS_BATCH_MAX: '5' } });
    const smallServer = await listen(small);
    try {
      const result = await run({
        url: smallServer.url,
        adminPassword: TEST_ADMIN_PASSWORD,
        count: 6,
        batchSize: 6,
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/6 × invalid_input: .*HTTP 400.*count/);
    } finally {
      await smallServer.close();
      await small.close();
    }
  });
});

describe('address create retries', () => {
  let fake: Server;
  let url: string;
  let answers: number[] = [];
  let seen = 0;

  beforeAll(async () => {
    fake = createServer((req, res) => {
      seen++;
      const status = answers.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'application/json' });
      const body =
        status === 200
          ? {
              results: [{ address: `a${seen}@x.org`, jwt: 'j', password: null, address_id: seen }],
              errors: [],
            }
          : {};
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => fake.close(() => resolve())));
  afterEach(() => {
    answers = [];
    seen = 0;
  });

  it('retries a chunk after 5xx answers', async () => {
    answers = [503, 502];
    const result = await run({ url, count: 1 });
    expect(result.code).toBe(0);
    expect(seen).toBe(3);
    expect(result.lines).toEqual(['a3@x.org----j']);
  });

  it('gives up after two retries and reports the server as unavailable', async () => {
    answers = [500, 500, 500];
    const result = await run({ url, count: 1 });
    expect(result.code).toBe(1);
    expect(seen).toBe(3);
    expect(result.stderr).toContain('1 × server_unavailable: the server answered HTTP 500');
  });

  it('reports an unreachable server', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await run({ url: `http://127.0.0.1:${port}`, count: 1 });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /server_unavailable: cannot reach http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/,
    );
  });
});

describe('address create options', () => {
  it('lists every problem and exits with 2', async () => {
    const result = await run({
      count: '0',
      concurrency: 65,
      batchSize: '1001',
      format: 'xml',
      url: 'ftp://x',
    });
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n').filter(Boolean)).toEqual([
      'tmpmail: --count must be an integer from 1 to 1,000,000, got "0"',
      'tmpmail: --concurrency must be an integer from 1 to 64, got 65',
      'tmpmail: --batch-size must be an integer from 1 to 1,000, got "1001"',
      'tmpmail: --format must be text or jsonl, got "xml"',
      'tmpmail: --url must be an http:// or https:// URL, got "ftp://x"',
    ]);
  });

  it('wants exactly one of --count and --names-file', async () => {
    expect((await run({ url: 'http://x' })).stderr).toContain(
      'exactly one of --count N or --names-file',
    );
    expect((await run({ url: 'http://x', count: 1, namesFile: 'f' })).code).toBe(2);
    expect((await run({ url: 'http://x', namesFile: '/nonexistent/names' })).stderr).toContain(
      '--names-file: cannot read /nonexistent/names',
    );
  });
});

describe.each(DIALECTS)('address create on the local %s database', (dialect) => {
  let db: { url: string; drop(): Promise<void> };
  let dir: string;
  const env = () => ({
    DATABASE_URL: db.url,
    DATA_DIR: join(dir, 'data'),
    DOMAINS: '["local.test"]',
    PREFIX: 'bulk',
    LOG_LEVEL: 'silent',
  });

  beforeAll(async () => {
    db = await createTestDatabaseUrl(dialect);
    dir = mkdtempSync(join(tmpdir(), 'tmpmail-cli-'));
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });
  afterAll(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The server's app on the same database, with the same environment. */
  async function withServerApp(fn: (app: Pick<TestApp, 'http'>) => Promise<void>) {
    const { config } = loadConfig({ env: process.env });
    const store = openStore(config.DATABASE_URL);
    const secret = config.JWT_SECRET ?? loadOrCreateJwtSecret(config.DATA_DIR).secret;
    try {
      await fn(createApp({ config, store, jwtSecret: secret, logger: silentLogger() }));
    } finally {
      await store.close();
    }
  }

  function stubEnv(values: Record<string, string>) {
    for (const [name, value] of Object.entries(values)) vi.stubEnv(name, value);
  }

  it('creates addresses whose credentials the server accepts', async () => {
    stubEnv({ ...env(), JWT_SECRET: TEST_JWT_SECRET });
    const result = await run({ count: 120, batchSize: 50, concurrency: 2 });
    expect(result.code).toBe(0);
    const rows = parseText(result.lines);
    expect(rows).toHaveLength(120);
    for (const row of rows) expect(row.address).toMatch(/^bulk[a-z0-9]+@local\.test$/);
    expect(result.stderr).toContain(`created 120 of 120 addresses`);
    expect(result.stderr).toContain(`on local database (${dialect})`);
    await withServerApp(async (app) => {
      const settings = await settingsStatus(app, rows[7]!.jwt);
      expect(settings.body).toEqual(expect.objectContaining({ address: rows[7]!.address }));
    });
  });

  it('creates names from a file and groups the failures', async () => {
    stubEnv({ ...env(), JWT_SECRET: TEST_JWT_SECRET });
    const file = join(dir, 'names.txt');
    writeFileSync(file, 'one\r\ntwo\n\n  three  \none\n!!!\n');
    const result = await run({ namesFile: file, prefix: false, format: 'jsonl' });
    expect(result.code).toBe(1);
    const addresses = result.lines.map((l) => (JSON.parse(l) as { address: string }).address);
    expect(addresses.sort()).toEqual(['one@local.test', 'three@local.test', 'two@local.test']);
    expect(result.stderr).toContain('created 3 of 5 addresses');
    expect(result.stderr).toMatch(/1 × address_exists: .* \(e\.g\. one\)/);
    expect(result.stderr).toMatch(/1 × name_too_short: .* \(e\.g\. !!!\)/);
  });

  it('uses the secret kept in DATA_DIR when JWT_SECRET is not set', async () => {
    stubEnv(env());
    vi.stubEnv('JWT_SECRET', undefined);
    const first = await run({ count: 1 });
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('warning: JWT_SECRET is not set: generated one in');
    await withServerApp(async (app) => {
      expect((await settingsStatus(app, parseText(first.lines)[0]!.jwt)).status).toBe(200);
    });
    const second = await run({ count: 1 });
    expect(second.stderr).not.toContain('warning');
  });

  it('refuses a batch size above ADDRESS_BATCH_MAX', async () => {
    stubEnv({ ...env(), JWT_SECRET: TEST_JWT_SECRET, ADDRESS_BATCH_MAX: '10' });
    const result = await run({ count: 20, batchSize: 11 });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--batch-size 11 is above ADDRESS_BATCH_MAX (10)');
  });
});
