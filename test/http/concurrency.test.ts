/**
 * Concurrent address creation over real HTTP on every backend: parallel requests never create
 * a name twice, the losers get the reference's 400 (never a 500 or SQLITE_BUSY), and the server
 * keeps answering. Then two stores on one SQLite file, in one process and in two processes.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/storage/open-store.js';
import { AddressTakenError, type Store } from '../../src/storage/ports.js';
import { adminHeaders, buildTestApp, listen, type TestApp } from '../helpers/build-test-app.js';
import { DIALECTS, createTestDatabaseUrl } from '../helpers/test-stores.js';

const PARALLEL = 30;
const ADDRESS_EXISTS = 'Failed to create address: Address already exists';

interface Created {
  jwt: string;
  address: string;
  password: string | null;
  address_id: number;
}

interface BatchResponse {
  results: Created[];
  errors: { name: string; code: string; error: string }[];
}

const times = <T>(n: number, fn: (i: number) => Promise<T>) =>
  Promise.all(Array.from({ length: n }, (_, i) => fn(i)));

describe.each(DIALECTS)('concurrent address creation on %s', (dialect) => {
  let app: TestApp;
  let server: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    // The per-IP limiter would turn parallel creations into 429s; this suite is about storage.
    app = await buildTestApp({ dialect, env: { RATE_LIMIT_PER_MINUTE: '0' } });
    server = await listen(app);
  });
  afterAll(async () => {
    await server.close();
    await app.close();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const read = async (res: Response) => ({ status: res.status, text: await res.text() });

  describe.each([
    { path: '/admin/new_address', headers: adminHeaders, prefix: '' },
    { path: '/api/new_address', headers: {}, prefix: 'tmp' },
  ])('POST $path', ({ path, headers, prefix }) => {
    const tag = path.startsWith('/admin') ? 'adm' : 'api';

    it(`creates ${PARALLEL} distinct names in parallel`, async () => {
      const responses = await times(PARALLEL, async (i) =>
        read(await post(path, { name: `${tag}distinct${i}`, domain: 'example.com' }, headers)),
      );
      expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200));
      const created = responses.map((r) => JSON.parse(r.text) as Created);
      expect(created.map((c) => c.address)).toEqual(
        created.map((_, i) => `${prefix}${tag}distinct${i}@example.com`),
      );
      expect(new Set(created.map((c) => c.address_id)).size).toBe(PARALLEL);
      for (const c of created) {
        expect((await app.store.addresses.findByName(c.address))?.id).toBe(c.address_id);
      }
    });

    it(`creates one name once when ${PARALLEL} requests race for it`, async () => {
      const name = `${tag}samename`;
      const responses = await times(PARALLEL, async () =>
        read(await post(path, { name, domain: 'example.com' }, headers)),
      );
      const winners = responses.filter((r) => r.status === 200);
      const losers = responses.filter((r) => r.status !== 200);
      expect(winners).toHaveLength(1);
      expect(losers).toEqual(losers.map(() => ({ status: 400, text: ADDRESS_EXISTS })));
      const won = JSON.parse(winners[0]?.text ?? '{}') as Created;
      expect(won.address).toBe(`${prefix}${name}@example.com`);
      const page = await app.store.addresses.list({
        limit: 10,
        offset: 0,
        query: name,
        sortBy: 'id',
        sortOrder: 'asc',
      });
      expect(page.count).toBe(1);
      expect(page.results[0]?.id).toBe(won.address_id);
    });
  });

  // Eight requests of twenty names each from a pool of thirty, every other one in reverse
  // order: on PostgreSQL, transactions inserting overlapping names in opposite orders wait on
  // one another and can deadlock. Several rounds, because a deadlock shows only sometimes.
  it.each([1, 2, 3, 4, 5])(
    'parallel batches with overlapping names create each name once and report the rest (round %i)',
    async (round) => {
      const requests = Array.from({ length: 8 }, (_, k) => {
        const names = Array.from({ length: 20 }, (_, j) => `race${round}n${(k * 3 + j) % 30}`);
        return k % 2 === 0 ? names : names.reverse();
      });
      const responses = await Promise.all(
        requests.map(async (names) => {
          const res = await post(
            '/admin/addresses/batch',
            { names, domain: 'example.com' },
            adminHeaders,
          );
          return { status: res.status, body: await res.text() };
        }),
      );
      expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200));
      const bodies = responses.map((r) => JSON.parse(r.body) as BatchResponse);

      const requested = [...new Set(requests.flat())].map((n) => `${n}@example.com`);
      const created = bodies.flatMap((b) => b.results.map((c) => c.address));
      expect([...created].sort()).toEqual([...requested].sort());
      const ids = bodies.flatMap((b) => b.results.map((c) => c.address_id));
      expect(new Set(ids).size).toBe(requested.length);

      bodies.forEach((body, k) => {
        const names = requests[k] ?? [];
        const won = body.results.map((c) => c.address.replace('@example.com', ''));
        const lost = body.errors.map((e) => e.name);
        expect([...won, ...lost].sort()).toEqual([...names].sort());
        for (const error of body.errors) {
          expect(error).toEqual({
            name: error.name,
            code: 'address_exists',
            error: ADDRESS_EXISTS,
          });
        }
      });

      const page = await app.store.addresses.list({
        limit: 100,
        offset: 0,
        query: `race${round}n`,
        sortBy: 'name',
        sortOrder: 'asc',
      });
      expect(page.count).toBe(requested.length);
    },
  );

  it('still answers /health_check afterwards', async () => {
    const res = await fetch(`${server.url}/health_check`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('OK');
  });
});

describe.skipIf(!DIALECTS.includes('sqlite'))('two stores on one SQLite file', () => {
  const entry = (name: string) => ({ name, passwordHash: null, sourceMeta: 'test' });
  const NOW = '2024-01-01 00:00:00';

  // In one process, better-sqlite3 waits for a lock synchronously, so a transaction left open
  // by the other store (across an await) could never finish; single statements are what two
  // stores in one process can do. The next test covers transactions (and concurrent
  // migrations) from two processes.
  it('create concurrently from one process without SQLITE_BUSY', async () => {
    const db = await createTestDatabaseUrl('sqlite');
    const stores: Store[] = [openStore(db.url), openStore(db.url)];
    try {
      for (const store of stores) await store.migrate();
      const outcomes = await Promise.all(
        stores.flatMap((store, s) =>
          Array.from({ length: PARALLEL }, async (_, i) => {
            await store.addresses.insert(entry(`own${s}-${i}@example.com`), NOW);
            try {
              await store.addresses.insert(entry(`shared${i}@example.com`), NOW);
              return 'created';
            } catch (error) {
              if (error instanceof AddressTakenError) return 'taken';
              throw error;
            }
          }),
        ),
      );
      expect(outcomes.filter((o) => o === 'created')).toHaveLength(PARALLEL);
      const page = await stores[0]?.addresses.list({
        limit: 1,
        offset: 0,
        sortBy: 'id',
        sortOrder: 'asc',
      });
      expect(page?.count).toBe(3 * PARALLEL);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await db.drop();
    }
  });

  it('write concurrently from two processes, transactions included, without SQLITE_BUSY', async () => {
    const db = await createTestDatabaseUrl('sqlite');
    try {
      const workers = ['a', 'b'].map((tag) => startStoreWorker(db.url, tag));
      await Promise.all(workers.map((w) => w.ready));
      for (const w of workers) w.go();
      const results = await Promise.all(workers.map((w) => w.result));
      for (const r of results) expect(r.errors).toEqual([]);
      // Each shared and batch name was created by exactly one of the two processes.
      const shared = results.reduce((n, r) => n + r.sharedCreated, 0);
      const batched = results.reduce((n, r) => n + r.batchCreated, 0);
      expect(shared).toBe(WORKER_ROUNDS);
      expect(batched).toBe(WORKER_ROUNDS * 5);

      const store = openStore(db.url);
      try {
        const page = await store.addresses.list({
          limit: 1,
          offset: 0,
          sortBy: 'id',
          sortOrder: 'asc',
        });
        // Own names (two per round and process, one deleted again), shared names, batches.
        expect(page.count).toBe(2 * WORKER_ROUNDS + WORKER_ROUNDS + WORKER_ROUNDS * 5);
        expect(await store.settings.get('k0')).toMatch(/^[ab]$/);
      } finally {
        await store.close();
      }
    } finally {
      await db.drop();
    }
  });
});

const WORKER_ROUNDS = 100;
const STORE_MODULE = fileURLToPath(new URL('../../src/storage/open-store.ts', import.meta.url));
const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A separate Node process with its own store on the file. It loads the TypeScript source
 * through Vite's module runner (what Vitest itself runs on), migrates, says "ready", waits for
 * "go" on stdin, then writes in rounds: single inserts, a contested insert, a batch contested
 * with the other process, a delete with data, and a settings transaction.
 */
const WORKER_SOURCE = `
import { runnerImport } from 'vite';
const { module } = await runnerImport(process.env.STORE_MODULE, { configFile: false, logLevel: 'silent' });
const tag = process.env.WORKER_TAG;
const rounds = Number(process.env.WORKER_ROUNDS);
const store = module.openStore(process.env.DATABASE_URL);
const errors = [];
const fail = (step, error) => errors.push(step + ': ' + (error.code ?? '') + ' ' + error.message);
try { await store.migrate(); } catch (error) { fail('migrate', error); }
process.stdout.write('ready\\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
const entry = (name) => ({ name, passwordHash: null, sourceMeta: tag });
const now = '2024-01-01 00:00:00';
let sharedCreated = 0;
let batchCreated = 0;
for (let i = 0; i < rounds; i++) {
  try { await store.addresses.insert(entry(tag + '-own-' + i), now); } catch (e) { fail('insert', e); }
  try {
    await store.addresses.insert(entry('shared-' + i), now);
    sharedCreated++;
  } catch (e) { if (e.name !== 'AddressTakenError') fail('shared', e); }
  try {
    const rows = await store.addresses.insertMany([0, 1, 2, 3, 4].map((k) => entry('batch-' + i + '-' + k)), now);
    batchCreated += rows.filter(Boolean).length;
  } catch (e) { fail('insertMany', e); }
  try {
    const row = await store.addresses.insert(entry(tag + '-gone-' + i), now);
    if (!(await store.addresses.deleteWithData(row.id))) fail('delete', new Error('not deleted'));
  } catch (e) { fail('delete', e); }
  try { await store.settings.setMany([['k' + (i % 5), tag], ['gone', undefined]], now); } catch (e) { fail('setMany', e); }
}
await store.close();
process.stdout.write(JSON.stringify({ errors, sharedCreated, batchCreated }) + '\\n');
process.exit(0);
`;

interface WorkerResult {
  errors: string[];
  sharedCreated: number;
  batchCreated: number;
}

function startStoreWorker(databaseUrl: string, tag: string) {
  const child = spawn(process.execPath, ['--input-type=module', '-e', WORKER_SOURCE], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      STORE_MODULE,
      DATABASE_URL: databaseUrl,
      WORKER_TAG: tag,
      WORKER_ROUNDS: String(WORKER_ROUNDS),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.startsWith('ready\n')) onReady();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const result = new Promise<WorkerResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as WorkerResult);
      else reject(new Error(`store worker ${tag} exited with ${code}: ${stderr || stdout}`));
    });
  });
  // Surface an early crash instead of waiting forever for "ready".
  const readyOrExit = Promise.race([ready, result.then(() => undefined)]);
  return { ready: readyOrExit, go: () => child.stdin.end('go\n'), result };
}
