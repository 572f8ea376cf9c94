/**
 * Address-creation benchmark (`npm run bench`): starts the built server as a child process on a
 * fresh database, then measures over real HTTP with autocannon:
 *   1. single creations, `POST /admin/new_address` with random names, 30 connections, then
 *      `POST /api/new_address` (anonymous, with the per-IP rate limit and IP check running);
 *   2. the batch endpoint, `POST /admin/addresses/batch` with {count: 1000}, 1 and 4 in flight;
 *   3. `tmpmail address create --url …` (the CLI, in-process) for 20,000 addresses.
 * SQLite by default; BENCH_DATABASE_URL=postgres://… runs on a fresh PostgreSQL database created
 * on that server (and dropped afterwards). BENCH_CPU_PROF=1 (or a directory) profiles the server
 * and prints its top functions. BENCH_SINGLE_COUNT, BENCH_CONNECTIONS, BENCH_BATCH_REQUESTS and
 * BENCH_CLI_COUNT change the sizes. See bench/README.md for what the numbers mean.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import autocannon from 'autocannon';
import { createAddressesCommand } from '../src/cli/commands/create-addresses.js';
import { prepareDatabase } from './support/bench-database.js';
import { describeMachine, loadAverage, summarizeCpuProfile } from './support/bench-report.js';
import {
  ADMIN_PASSWORD,
  adminHeaders,
  BENCH_DOMAIN,
  cpuProfileDir,
  processCpuMs,
  startBenchServer,
  type BenchServer,
} from './support/bench-server.js';

const SINGLE_COUNT = Number(process.env['BENCH_SINGLE_COUNT'] ?? 5000);
const SINGLE_CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 30);
const BATCH_REQUESTS = Number(process.env['BENCH_BATCH_REQUESTS'] ?? 20);
const BATCH_SIZE = 1000;
const CLI_COUNT = Number(process.env['BENCH_CLI_COUNT'] ?? 20_000);
// Warm-up requests (not reported): JIT, SQLite page cache and the connection pool settle first.
const WARMUP_COUNT = 2000;
// The per-IP limit of /api/new_address stays on, as in production, but high enough that the
// bench's one client IP is never refused: the limiter's cost is measured, not its 429s.
const API_RATE_LIMIT_PER_MINUTE = 1_000_000;

interface Row {
  scenario: string;
  requests: number;
  addresses: number;
  seconds: number;
  p50: number | undefined;
  p99: number | undefined;
  max: number | undefined;
  failures: number;
  /** CPU time the server process spent, user + system (undefined where /proc is missing). */
  serverCpuMs: number | undefined;
  /** CPU time of this process (autocannon or the CLI), user + system. */
  clientCpuMs: number | undefined;
}

/** Runs `fn` and adds the CPU time the server and this process spent during it. */
async function withCpu(pid: number | undefined, fn: () => Promise<Row>): Promise<Row> {
  const before = processCpuMs(pid);
  const client = process.cpuUsage();
  const row = await fn();
  const after = processCpuMs(pid);
  const used = process.cpuUsage(client);
  return {
    ...row,
    serverCpuMs: before === undefined || after === undefined ? undefined : after - before,
    clientCpuMs: (used.user + used.system) / 1000,
  };
}

async function cannon(
  url: string,
  options: {
    amount: number;
    connections: number;
    path: string;
    /** A fresh body per request (POST); without it the request is a GET. */
    body?: () => string;
    /** Headers of a POST; the admin password and JSON by default. */
    headers?: Record<string, string>;
  },
): Promise<autocannon.Result & { wallSeconds: number }> {
  const started = performance.now();
  let lastResponse = started;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        amount: options.amount,
        connections: options.connections,
        timeout: 60,
        requests: [
          options.body
            ? {
                method: 'POST',
                path: options.path,
                headers: options.headers ?? adminHeaders,
                setupRequest: (request) => ({ ...request, body: options.body?.() }),
              }
            : { method: 'GET', path: options.path },
        ],
      },
      (error, done) => (error ? reject(error as Error) : resolve(done)),
    );
    // autocannon notices that `amount` is reached only on its once-a-second tick, so its own
    // duration rounds up to whole seconds; the time of the last response is the real end.
    instance.on('response', () => {
      lastResponse = performance.now();
    });
  });
  return Object.assign(result, { wallSeconds: (lastResponse - started) / 1000 });
}

function toRow(
  scenario: string,
  result: autocannon.Result & { wallSeconds: number },
  perRequest: number,
): Row {
  const requests = result['2xx'] + result.non2xx;
  return {
    scenario,
    requests,
    addresses: result['2xx'] * perRequest,
    seconds: result.wallSeconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    failures: result.non2xx + result.errors,
    serverCpuMs: undefined,
    clientCpuMs: undefined,
  };
}

const randomName = () => `b${randomBytes(7).toString('hex')}`;

async function runCli(url: string): Promise<Row> {
  const sink = new Writable({ write: (_chunk, _enc, done) => done() });
  const summary: string[] = [];
  const stderr = new Writable({
    write: (chunk: Buffer, _enc, done) => {
      summary.push(chunk.toString());
      done();
    },
  });
  const started = performance.now();
  const code = await createAddressesCommand(
    { url, adminPassword: ADMIN_PASSWORD, count: CLI_COUNT, batchSize: BATCH_SIZE, concurrency: 4 },
    { stdout: sink, stderr },
  );
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) process.stderr.write(summary.join(''));
  return {
    scenario: `CLI \`address create --count ${CLI_COUNT} --batch-size ${BATCH_SIZE} --concurrency 4\``,
    requests: Math.ceil(CLI_COUNT / BATCH_SIZE),
    addresses: code === 0 ? CLI_COUNT : NaN,
    seconds,
    p50: undefined,
    p99: undefined,
    max: undefined,
    failures: code === 0 ? 0 : 1,
    serverCpuMs: undefined,
    clientCpuMs: undefined,
  };
}

async function countAddresses(url: string): Promise<number> {
  const res = await fetch(`${url}/admin/address?limit=1&offset=0`, { headers: adminHeaders });
  return ((await res.json()) as { count: number }).count;
}

function table(rows: Row[]): string {
  const ms = (v: number | undefined) => (v === undefined ? '–' : String(v));
  // Per address; per request for the reference row, which creates none.
  const perAddress = (r: Row, cpuMs: number | undefined) =>
    cpuMs === undefined ? '–' : String(Math.round((cpuMs * 1000) / (r.addresses || r.requests)));
  const lines = [
    '| scenario | requests | addresses | time (s) | requests/s | addresses/s | p50 (ms) | p99 (ms) | max (ms) | failed | server CPU (µs/address) | bench CPU (µs/address) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.scenario} | ${r.requests} | ${r.addresses} | ${r.seconds.toFixed(2)} | ${Math.round(r.requests / r.seconds)} | ${r.addresses ? Math.round(r.addresses / r.seconds) : '–'} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} | ${r.failures} | ${perAddress(r, r.serverCpuMs)} | ${perAddress(r, r.clientCpuMs)} |`,
    );
  }
  return lines.join('\n');
}

async function measure(url: string, serverPid: number | undefined): Promise<Row[]> {
  const single = { path: '/admin/new_address', body: () => JSON.stringify({ name: randomName() }) };
  // As the web UI asks: a name and one of the configured domains, no credentials.
  const anonymous = {
    path: '/api/new_address',
    headers: { 'content-type': 'application/json' },
    body: () => JSON.stringify({ name: randomName(), domain: BENCH_DOMAIN }),
  };
  const batch = {
    path: '/admin/addresses/batch',
    body: () => JSON.stringify({ count: BATCH_SIZE }),
  };
  await cannon(url, { ...single, amount: WARMUP_COUNT, connections: SINGLE_CONNECTIONS });
  await cannon(url, { ...anonymous, amount: WARMUP_COUNT, connections: SINGLE_CONNECTIONS });
  const rows = [
    // The ceiling of the HTTP stack alone on this machine: no body, no database, no token.
    await withCpu(serverPid, async () =>
      toRow(
        `reference \`GET /health_check\`, ${SINGLE_CONNECTIONS} connections`,
        await cannon(url, {
          path: '/health_check',
          amount: SINGLE_COUNT,
          connections: SINGLE_CONNECTIONS,
        }),
        0,
      ),
    ),
    await withCpu(serverPid, async () =>
      toRow(
        `single \`POST /admin/new_address\`, ${SINGLE_CONNECTIONS} connections`,
        await cannon(url, { ...single, amount: SINGLE_COUNT, connections: SINGLE_CONNECTIONS }),
        1,
      ),
    ),
    await withCpu(serverPid, async () =>
      toRow(
        `single \`POST /api/new_address\` (anonymous), ${SINGLE_CONNECTIONS} connections`,
        await cannon(url, { ...anonymous, amount: SINGLE_COUNT, connections: SINGLE_CONNECTIONS }),
        1,
      ),
    ),
  ];
  for (const connections of [1, 4]) {
    rows.push(
      await withCpu(serverPid, async () =>
        toRow(
          `batch \`POST /admin/addresses/batch\` ×${BATCH_SIZE}, ${connections} in flight`,
          await cannon(url, { ...batch, amount: BATCH_REQUESTS, connections }),
          BATCH_SIZE,
        ),
      ),
    );
  }
  rows.push(await withCpu(serverPid, () => runCli(url)));
  return rows;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tmpmail-bench-create-'));
  const database = await prepareDatabase(dir, 'create');
  const profileDir = cpuProfileDir(dir);
  let server: BenchServer | undefined;
  try {
    server = await startBenchServer({
      databaseUrl: database.url,
      dataDir: join(dir, 'data'),
      jwtSecret: randomBytes(32).toString('hex'),
      cpuProfileDir: profileDir,
      env: { RATE_LIMIT_PER_MINUTE: String(API_RATE_LIMIT_PER_MINUTE) },
    });
    process.stdout.write(
      `tmpmail create-address benchmark on ${database.label}\n${describeMachine()}\n\n`,
    );
    const rows = await measure(server.url, server.pid);
    const expected = 2 * WARMUP_COUNT + rows.reduce((sum, r) => sum + (r.addresses || 0), 0);
    const stored = await countAddresses(server.url);
    await server.stop('graceful');
    process.stdout.write(`${table(rows)}\n\n`);
    if (profileDir) process.stdout.write(`${summarizeCpuProfile(profileDir)}\n\n`);
    process.stdout.write(
      `addresses stored: ${stored} (expected ${expected}, including ${2 * WARMUP_COUNT} warm-up)\n` +
        `load average at the end: ${loadAverage()}\n`,
    );
    if (stored !== expected || rows.some((r) => r.failures > 0)) process.exitCode = 1;
  } finally {
    await server?.stop('graceful');
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
