/**
 * Mailbox list benchmark (`npm run bench:list`): `GET /api/mails?limit=20&offset=…` for one
 * address holding 10,000 mails, in a database holding 10,000 mails and in one holding 1,000,000,
 * to show that a page costs the same however large the database grows.
 *
 * Each database is filled before the server starts, by generated rows written straight through
 * the driver (a recursive CTE on SQLite, generate_series on PostgreSQL, ~1 M rows in well under
 * a minute): every `stride`-th row is the address's ~10 KB bench mail with its parsed columns
 * (as intake stores it), the others are 1 KB filler mails spread over BENCH_FILLER_ADDRESSES
 * addresses. PostgreSQL then gets VACUUM ANALYZE, as autovacuum would after a bulk load.
 * The count and page queries are planned and timed through the driver, then the built server
 * starts as a child process and autocannon measures over real HTTP: offset=0 (the page plus the
 * address's total `count`), offset=20 (no count) and the last page, then the first two again
 * with `raw=false` (the summary rows the web UI lists).
 *
 * SQLite by default; BENCH_DATABASE_URL=postgres://… runs on fresh PostgreSQL databases.
 * BENCH_LIST_SIZES="10000,1000000", BENCH_ADDRESS_MAILS=10000, BENCH_LIST_CONNECTIONS="1,10",
 * BENCH_LIST_SECONDS=10; BENCH_LIST_TEXT_CHARS=5400 and BENCH_LIST_ATTACHMENT_BYTES=3000 size
 * the address's mail (0: no attachment); BENCH_CPU_PROF=1 (or a directory) profiles the server.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { extractVerification } from '../src/mail/extract-verification.js';
import { parseMessage } from '../src/mail/parse-message.js';
import { summarizeAttachments } from '../src/mail/summarize-attachments.js';
import { openStore } from '../src/storage/open-store.js';
import { prepareDatabase, type BenchDatabase } from './support/bench-database.js';
import {
  describeMachine,
  loadAverage,
  percentile,
  summarizeCpuProfile,
} from './support/bench-report.js';
import {
  cpuProfileDir,
  adminHeaders,
  BENCH_DOMAIN,
  processCpuMs,
  startBenchServer,
  type BenchServer,
} from './support/bench-server.js';
import { composeSampleMail } from './support/sample-mail.js';

const list = (name: string, fallback: string) =>
  (process.env[name] ?? fallback).split(',').map(Number);
const SIZES = list('BENCH_LIST_SIZES', '10000,1000000');
const ADDRESS_MAILS = Number(process.env['BENCH_ADDRESS_MAILS'] ?? 10_000);
const FILLER_ADDRESSES = Number(process.env['BENCH_FILLER_ADDRESSES'] ?? 10_000);
const CONNECTIONS = list('BENCH_LIST_CONNECTIONS', '1,10');
const SECONDS = Number(process.env['BENCH_LIST_SECONDS'] ?? 10);
// The address's mail: ~10 KB like the SMTP benchmark's unless set (the list returns `raw`).
const TEXT_CHARS = Number(process.env['BENCH_LIST_TEXT_CHARS'] ?? 5400);
const ATTACHMENT_BYTES = Number(process.env['BENCH_LIST_ATTACHMENT_BYTES'] ?? 3000);
const PAGE = 20;
const TARGET = `target@${BENCH_DOMAIN}`;
// Rows per INSERT … SELECT: one transaction each, so progress shows and no transaction is huge.
const FILL_CHUNK = 50_000;
// Runs of the count and page queries timed straight through the driver.
const DIRECT_RUNS = 200;
const CREATED_AT = '2026-01-01 00:00:00';

/** The address's mail as intake stores it: raw text plus the columns parsed at intake. */
interface TemplateRow {
  raw: string;
  idMark: string;
  size: number;
  subject: string;
  sender: string;
  metadata: string | null;
  attachments: string;
}

async function templateRow(): Promise<TemplateRow> {
  const mail = await composeSampleMail({
    textChars: TEXT_CHARS,
    attachmentBytes: ATTACHMENT_BYTES,
  });
  const parsed = await parseMessage(mail.render(1));
  const extracted = extractVerification(parsed);
  return {
    raw: mail.template,
    idMark: mail.idMark,
    size: mail.bytes,
    subject: parsed.subject,
    sender: parsed.sender,
    metadata: extracted
      ? JSON.stringify({ ai_extract: extracted, extracted_at: new Date(CREATED_AT).toISOString() })
      : null,
    attachments: JSON.stringify(summarizeAttachments(parsed.attachments)),
  };
}

interface FillPlan {
  total: number;
  /** Every stride-th row belongs to TARGET. */
  stride: number;
  template: TemplateRow;
}

interface DirectTimings {
  countPlan: string;
  pagePlan: string;
  countMs: number;
  pageMs: number;
}

const COLUMNS =
  'message_id, source, address, raw, metadata, created_at, subject, sender, size, attachments';

const PAGE_SQL = (param: string, offset: number) =>
  `select id from raw_mails where address = ${param} order by id desc limit ${PAGE} offset ${offset}`;

function timeRuns(run: () => void): number {
  const started = performance.now();
  for (let i = 0; i < DIRECT_RUNS; i++) run();
  return (performance.now() - started) / DIRECT_RUNS;
}

/** SQLite: generated rows through better-sqlite3, then the plans and timings of both queries. */
function fillSqlite(path: string, plan: FillPlan): DirectTimings {
  const db = new SqliteDatabase(path);
  try {
    db.pragma('journal_mode = WAL');
    // Bench set-up only: nothing here has to survive a crash.
    db.pragma('synchronous = OFF');
    db.prepare(
      `with recursive seq(k) as (select 0 union all select k + 1 from seq where k < @n - 1)
       insert into address (name, source_meta, created_at, updated_at)
       select 'filler' || k || '@${BENCH_DOMAIN}', 'bench', @now, @now from seq`,
    ).run({ n: FILLER_ADDRESSES, now: CREATED_AT });
    db.prepare(
      `insert into address (name, source_meta, created_at, updated_at) values (@name, 'bench', @now, @now)`,
    ).run({ name: TARGET, now: CREATED_AT });
    const insert = db.prepare(
      `with recursive seq(i) as (select @lo union all select i + 1 from seq where i < @hi)
       insert into raw_mails (${COLUMNS})
       select '<' || i || '@${BENCH_DOMAIN}>', 'sender@example.org',
         case when i % @stride = 0 then @target else 'filler' || (i % @fillers) || '@${BENCH_DOMAIN}' end,
         case when i % @stride = 0 then replace(@raw, @mark, i) else hex(randomblob(512)) end,
         case when i % @stride = 0 then @metadata end,
         @now,
         case when i % @stride = 0 then @subject else 'Filler mail ' || i end,
         @sender,
         case when i % @stride = 0 then @size else 1024 end,
         case when i % @stride = 0 then @attachments else '[]' end
       from seq`,
    );
    const t = plan.template;
    for (let lo = 1; lo <= plan.total; lo += FILL_CHUNK) {
      const hi = Math.min(plan.total, lo + FILL_CHUNK - 1);
      db.transaction(() =>
        insert.run({
          lo,
          hi,
          stride: plan.stride,
          target: TARGET,
          fillers: FILLER_ADDRESSES,
          raw: t.raw,
          mark: t.idMark,
          metadata: t.metadata,
          now: CREATED_AT,
          subject: t.subject,
          sender: t.sender,
          size: t.size,
          attachments: t.attachments,
        }),
      )();
      process.stderr.write(`\r  filled ${hi} of ${plan.total} mails`);
    }
    process.stderr.write('\n');
    db.pragma('wal_checkpoint(TRUNCATE)');
    const countSql = 'select count(*) as n from raw_mails where address = ?';
    const explain = (sql: string) =>
      (db.prepare(`explain query plan ${sql}`).all(TARGET) as { detail: string }[])
        .map((r) => r.detail)
        .join('; ');
    const count = db.prepare(countSql);
    const page = db.prepare(PAGE_SQL('?', 0));
    count.get(TARGET);
    return {
      countPlan: explain(countSql),
      pagePlan: explain(PAGE_SQL('?', 0)),
      countMs: timeRuns(() => count.get(TARGET)),
      pageMs: timeRuns(() => page.all(TARGET)),
    };
  } finally {
    db.close();
  }
}

/** PostgreSQL: generated rows with generate_series, VACUUM ANALYZE, then plans and timings. */
async function fillPostgres(url: string, plan: FillPlan): Promise<DirectTimings> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `insert into address (name, source_meta, created_at, updated_at)
       select 'filler' || k || '@${BENCH_DOMAIN}', 'bench', $2, $2 from generate_series(0, $1::int - 1) k`,
      [FILLER_ADDRESSES, CREATED_AT],
    );
    await client.query(
      `insert into address (name, source_meta, created_at, updated_at) values ($1, 'bench', $2, $2)`,
      [TARGET, CREATED_AT],
    );
    const t = plan.template;
    for (let lo = 1; lo <= plan.total; lo += FILL_CHUNK) {
      const hi = Math.min(plan.total, lo + FILL_CHUNK - 1);
      await client.query(
        `insert into raw_mails (${COLUMNS})
         select '<' || i || '@${BENCH_DOMAIN}>', 'sender@example.org',
           case when i % $3::bigint = 0 then $4::text else 'filler' || (i % $5::bigint) || '@${BENCH_DOMAIN}' end,
           case when i % $3::bigint = 0 then replace($6::text, $7::text, i::text) else repeat(md5(i::text), 32) end,
           case when i % $3::bigint = 0 then $8::text end,
           $9::text,
           case when i % $3::bigint = 0 then $10::text else 'Filler mail ' || i end,
           $11::text,
           case when i % $3::bigint = 0 then $12::int else 1024 end,
           case when i % $3::bigint = 0 then $13::text else '[]' end
         from generate_series($1::bigint, $2::bigint) as i`,
        [
          lo,
          hi,
          plan.stride,
          TARGET,
          FILLER_ADDRESSES,
          t.raw,
          t.idMark,
          t.metadata,
          CREATED_AT,
          t.subject,
          t.sender,
          t.size,
          t.attachments,
        ],
      );
      process.stderr.write(`\r  filled ${hi} of ${plan.total} mails`);
    }
    process.stderr.write('\n');
    await client.query('vacuum analyze raw_mails');
    await client.query('vacuum analyze address');
    const countSql = 'select count(*) as n from raw_mails where address = $1';
    const explain = async (sql: string) => {
      const rows = await client.query<{ 'QUERY PLAN': string }>(
        `explain (analyze, buffers, costs off, timing off) ${sql}`,
        [TARGET],
      );
      return rows.rows
        .map((r) => r['QUERY PLAN'].trim())
        .filter((line) => !/^(Planning|Buffers|Index Cond)/.test(line))
        .join('; ');
    };
    const timeAsync = async (sql: string) => {
      await client.query(sql, [TARGET]);
      const started = performance.now();
      for (let i = 0; i < DIRECT_RUNS; i++) await client.query(sql, [TARGET]);
      return (performance.now() - started) / DIRECT_RUNS;
    };
    return {
      countPlan: await explain(countSql),
      pagePlan: await explain(PAGE_SQL('$1', 0)),
      countMs: await timeAsync(countSql),
      pageMs: await timeAsync(PAGE_SQL('$1', 0)),
    };
  } finally {
    await client.end();
  }
}

async function fill(database: BenchDatabase, plan: FillPlan): Promise<DirectTimings> {
  const store = openStore(database.url);
  try {
    await store.migrate();
  } finally {
    await store.close();
  }
  return database.dialect === 'sqlite'
    ? fillSqlite(database.url, plan)
    : fillPostgres(database.url, plan);
}

async function tokenFor(url: string, address: string): Promise<string> {
  const res = await fetch(
    `${url}/admin/address?limit=1&offset=0&query=${encodeURIComponent(address)}`,
    { headers: adminHeaders },
  );
  const body = (await res.json()) as { results: { id: number; name: string }[] };
  const id = body.results.find((r) => r.name === address)?.id;
  if (id === undefined) throw new Error(`address ${address} not found`);
  const shown = await fetch(`${url}/admin/show_password/${id}`, { headers: adminHeaders });
  return ((await shown.json()) as { jwt: string }).jwt;
}

interface Row {
  total: number;
  offset: number;
  connections: number;
  /** `raw=false`: rows without the raw message. */
  lean: boolean;
  requests: number;
  seconds: number;
  latencies: Float64Array;
  bytes: number;
  errors: number;
  serverCpuMs: number | undefined;
  benchCpuMs: number;
}

function cannon(
  url: string,
  token: string,
  offset: number,
  connections: number,
  seconds: number,
  lean = false,
): Promise<{ latencies: number[]; bytes: number; errors: number; seconds: number }> {
  const latencies: number[] = [];
  let bytes = 0;
  let errors = 0;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${url}/api/mails?limit=${PAGE}&offset=${offset}${lean ? '&raw=false' : ''}`,
        connections,
        duration: seconds,
        headers: { authorization: `Bearer ${token}` },
      },
      (error: unknown, result: autocannon.Result) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        resolve({
          latencies,
          bytes,
          errors: errors + result.errors + result.timeouts,
          seconds: (performance.now() - started) / 1000,
        });
      },
    );
    // autocannon's own histogram has whole-millisecond buckets; keep the exact times instead.
    instance.on('response', (_client, status, resBytes, ms) => {
      if (status !== 200) errors++;
      latencies.push(ms);
      bytes += resBytes;
    });
  });
}

async function measure(
  server: BenchServer,
  token: string,
  total: number,
  offset: number,
  connections: number,
  lean: boolean,
): Promise<Row> {
  const cpuBefore = processCpuMs(server.pid);
  const benchBefore = process.cpuUsage();
  const run = await cannon(server.url, token, offset, connections, SECONDS, lean);
  const cpuAfter = processCpuMs(server.pid);
  const bench = process.cpuUsage(benchBefore);
  return {
    total,
    offset,
    connections,
    lean,
    requests: run.latencies.length,
    seconds: run.seconds,
    latencies: Float64Array.from(run.latencies).sort(),
    bytes: run.bytes,
    errors: run.errors,
    serverCpuMs:
      cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore,
    benchCpuMs: (bench.user + bench.system) / 1000,
  };
}

async function checkPage(url: string, token: string, expectedCount: number): Promise<void> {
  const res = await fetch(`${url}/api/mails?limit=${PAGE}&offset=0`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await res.json()) as { results: { address: string }[]; count: number };
  if (body.count !== expectedCount || body.results.length !== Math.min(PAGE, expectedCount)) {
    throw new Error(`unexpected first page: count ${body.count}, ${body.results.length} results`);
  }
}

async function benchSize(
  dir: string,
  total: number,
  template: TemplateRow,
  profileDir: string | undefined,
): Promise<{ rows: Row[]; direct: DirectTimings; label: string; fillSeconds: number }> {
  const database = await prepareDatabase(dir, `list${total}`);
  let server: BenchServer | undefined;
  try {
    const stride = Math.max(1, Math.floor(total / ADDRESS_MAILS));
    const filling = performance.now();
    const direct = await fill(database, { total, stride, template });
    const fillSeconds = (performance.now() - filling) / 1000;
    const sizeProfileDir = profileDir ? join(profileDir, String(total)) : undefined;
    if (sizeProfileDir) mkdirSync(sizeProfileDir, { recursive: true });
    server = await startBenchServer({
      databaseUrl: database.url,
      dataDir: join(dir, `data${total}`),
      jwtSecret: randomBytes(32).toString('hex'),
      cpuProfileDir: sizeProfileDir,
    });
    const token = await tokenFor(server.url, TARGET);
    await checkPage(server.url, token, Math.floor(total / stride));
    // Warm-up, not reported: JIT, the page cache, the pool.
    await cannon(server.url, token, 0, 10, 3);
    const rows: Row[] = [];
    const lastPage = Math.floor((Math.floor(total / stride) - 1) / PAGE) * PAGE;
    for (const connections of CONNECTIONS) {
      for (const offset of [0, PAGE, lastPage]) {
        rows.push(await measure(server, token, total, offset, connections, false));
      }
      // The summary list (what the web UI asks for): the same pages without the raw messages.
      for (const offset of [0, PAGE]) {
        rows.push(await measure(server, token, total, offset, connections, true));
      }
    }
    await server.stop('graceful');
    if (sizeProfileDir) process.stdout.write(`${summarizeCpuProfile(sizeProfileDir, 15)}\n\n`);
    return { rows, direct, label: database.label, fillSeconds };
  } finally {
    await server?.stop('graceful');
    await database.drop();
  }
}

function table(rows: Row[]): string {
  const ms = (v: number) => v.toFixed(2);
  const per = (r: Row, cpu: number | undefined) =>
    cpu === undefined || r.requests === 0 ? '–' : String(Math.round((cpu * 1000) / r.requests));
  return [
    '| mails in database | request | connections | requests | req/s | p50 (ms) | p99 (ms) | max (ms) | response (KB) | server CPU (µs/req) | bench CPU (µs/req) | errors |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.total.toLocaleString('en-US')} | \`offset=${r.offset}${r.lean ? '&raw=false' : ''}\`${r.offset === 0 ? ' (+ count)' : ''} | ${r.connections} | ${r.requests} | ${Math.round(r.requests / r.seconds)} | ${ms(percentile(r.latencies, 50))} | ${ms(percentile(r.latencies, 99))} | ${ms(percentile(r.latencies, 100))} | ${Math.round(r.bytes / r.requests / 1024)} | ${per(r, r.serverCpuMs)} | ${per(r, r.benchCpuMs)} | ${r.errors} |`,
    ),
  ].join('\n');
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tmpmail-bench-list-'));
  const profileDir = cpuProfileDir(dir);
  try {
    const template = await templateRow();
    process.stdout.write(`tmpmail list benchmark\n${describeMachine()}\n`);
    const results = [];
    for (const total of SIZES) results.push(await benchSize(dir, total, template, profileDir));
    process.stdout.write(
      `on ${results[0]?.label ?? '?'}: GET /api/mails?limit=${PAGE} for one address with ` +
        `${ADDRESS_MAILS} mails of ${template.size} bytes; other mails 1 KB over ` +
        `${FILLER_ADDRESSES} addresses; ${SECONDS} s per row\n\n`,
    );
    process.stdout.write(`${table(results.flatMap((r) => r.rows))}\n\n`);
    process.stdout.write(
      '| mails in database | fill (s) | count: plan | count (ms) | page ids: plan | page ids (ms) |\n|---:|---:|---|---:|---|---:|\n',
    );
    for (const [i, r] of results.entries()) {
      process.stdout.write(
        `| ${SIZES[i]?.toLocaleString('en-US')} | ${r.fillSeconds.toFixed(1)} | ${r.direct.countPlan} | ${r.direct.countMs.toFixed(3)} | ${r.direct.pagePlan} | ${r.direct.pageMs.toFixed(3)} |\n`,
      );
    }
    process.stdout.write(`\nload average at the end: ${loadAverage()}\n`);
    if (results.some((r) => r.rows.some((row) => row.errors > 0))) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
