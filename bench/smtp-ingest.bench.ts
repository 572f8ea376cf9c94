/**
 * SMTP ingest benchmark (`npm run bench:smtp`): starts the built server as a child process on a
 * fresh database, creates addresses through `POST /admin/addresses/batch`, then delivers ~10 KB
 * mails (text + a 3 KB attachment) to them over C parallel SMTP sessions and measures:
 *   - mails/s over the whole run (sessions already open);
 *   - accept latency per mail: from the first byte of the message content (after the 354) to
 *     the server's 250, which smtp-server sends only once the mail is committed.
 * MAIL FROM, RCPT TO and DATA are pipelined (RFC 2920); each session has one mail in flight.
 * At the end the server is killed with SIGKILL right after the last 250, restarted on the same
 * database, and the stored count must equal the acknowledged count.
 *
 * SQLite by default; BENCH_DATABASE_URL=postgres://… runs on a fresh PostgreSQL database.
 * BENCH_SMTP_SCENARIOS="1x2000,10x20000,50x20000" sets sessions × mails; BENCH_ADDRESSES the
 * number of recipients; BENCH_CPU_PROF=1 (or a directory to keep it in) profiles the server,
 * which is then stopped gracefully instead of killed.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareDatabase } from './support/bench-database.js';
import {
  describeMachine,
  loadAverage,
  percentile,
  summarizeCpuProfile,
} from './support/bench-report.js';
import {
  cpuProfileDir,
  adminHeaders,
  countMails,
  processCpuMs,
  startBenchServer,
  type BenchServer,
} from './support/bench-server.js';
import { composeSampleMail, type SampleMail } from './support/sample-mail.js';

const ADDRESSES = Number(process.env['BENCH_ADDRESSES'] ?? 1000);
const SCENARIOS = (process.env['BENCH_SMTP_SCENARIOS'] ?? '1x2000,10x20000,50x20000')
  .split(',')
  .map((s) => {
    const [sessions, mails] = s.split('x').map(Number);
    if (!sessions || !mails) throw new Error(`BENCH_SMTP_SCENARIOS: bad entry ${s}`);
    return { sessions, mails };
  });
// Not reported: JIT, page cache and the connection pool settle first.
const WARMUP = { sessions: 10, mails: 1000 };
const SENDER = 'sender@example.org';
// A session that stalls this long is broken; fail the run instead of hanging.
const REPLY_TIMEOUT_MS = 60_000;

interface Reply {
  code: number;
  text: string;
}

/** A minimal SMTP client: whole replies (multi-line joined) in arrival order. */
class SmtpSession {
  private buffered = '';
  private lines: string[] = [];
  private readonly replies: Reply[] = [];
  private readonly waiters: { resolve(r: Reply): void; reject(e: Error): void }[] = [];
  private failure: Error | undefined;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.setEncoding('latin1');
    socket.setTimeout(REPLY_TIMEOUT_MS, () => socket.destroy(new Error('SMTP reply timeout')));
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('SMTP connection closed')));
  }

  static async open(port: number): Promise<SmtpSession> {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const session = new SmtpSession(socket);
    await session.expect(220);
    session.socket.write('EHLO bench.client\r\n');
    await session.expect(250);
    return session;
  }

  private onData(chunk: string): void {
    this.buffered += chunk;
    let end: number;
    while ((end = this.buffered.indexOf('\r\n')) >= 0) {
      const line = this.buffered.slice(0, end);
      this.buffered = this.buffered.slice(end + 2);
      this.lines.push(line);
      // "250-…" continues a reply, "250 …" ends it.
      if (line[3] === '-') continue;
      const reply = { code: Number(line.slice(0, 3)), text: this.lines.join('\n') };
      this.lines = [];
      const waiter = this.waiters.shift();
      if (waiter) waiter.resolve(reply);
      else this.replies.push(reply);
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
  }

  next(): Promise<Reply> {
    const reply = this.replies.shift();
    if (reply) return Promise.resolve(reply);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  async expect(code: number): Promise<Reply> {
    const reply = await this.next();
    if (reply.code !== code) throw new Error(`expected ${code}, got ${reply.text}`);
    return reply;
  }

  /** One transaction; resolves with the accept latency (ms), or null when it was refused. */
  async send(to: string, message: Buffer): Promise<number | null> {
    this.socket.write(`MAIL FROM:<${SENDER}>\r\nRCPT TO:<${to}>\r\nDATA\r\n`);
    const replies = [await this.next(), await this.next(), await this.next()];
    if (replies[0]?.code !== 250 || replies[1]?.code !== 250 || replies[2]?.code !== 354) {
      this.socket.write('RSET\r\n');
      await this.next();
      return null;
    }
    const started = performance.now();
    this.socket.write(message);
    const reply = await this.next();
    return reply.code === 250 ? performance.now() - started : null;
  }

  async quit(): Promise<void> {
    this.socket.write('QUIT\r\n');
    await this.next().catch(() => undefined);
    this.socket.destroy();
  }
}

interface Result {
  sessions: number;
  mails: number;
  seconds: number;
  acknowledged: number;
  refused: number;
  latencies: Float64Array;
  serverCpuMs: number | undefined;
  benchCpuMs: number;
}

async function createAddresses(url: string, count: number): Promise<string[]> {
  const names: string[] = [];
  while (names.length < count) {
    const res = await fetch(`${url}/admin/addresses/batch`, {
      method: 'POST',
      headers: adminHeaders,
      body: JSON.stringify({ count: Math.min(1000, count - names.length) }),
    });
    if (!res.ok) throw new Error(`POST /admin/addresses/batch: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { results: { address: string }[] };
    names.push(...body.results.map((r) => r.address));
  }
  return names;
}

let nextMessageId = 1;

async function run(
  server: BenchServer,
  recipients: readonly string[],
  mail: SampleMail,
  scenario: { sessions: number; mails: number },
): Promise<Result> {
  const sessions = await Promise.all(
    Array.from({ length: scenario.sessions }, () => SmtpSession.open(server.smtpPort)),
  );
  const latencies = new Float64Array(scenario.mails);
  let taken = 0;
  let acknowledged = 0;
  let refused = 0;
  const cpuBefore = processCpuMs(server.pid);
  const benchBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    sessions.map(async (session) => {
      while (taken < scenario.mails) {
        const i = taken++;
        const latency = await session.send(
          recipients[i % recipients.length] ?? '',
          mail.renderForData(nextMessageId++),
        );
        if (latency === null) refused++;
        else latencies[acknowledged++] = latency;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = processCpuMs(server.pid);
  const bench = process.cpuUsage(benchBefore);
  await Promise.all(sessions.map((s) => s.quit()));
  return {
    ...scenario,
    seconds,
    acknowledged,
    refused,
    latencies: latencies.subarray(0, acknowledged).sort(),
    serverCpuMs:
      cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore,
    benchCpuMs: (bench.user + bench.system) / 1000,
  };
}

function table(results: Result[]): string {
  const ms = (v: number) => v.toFixed(1);
  const perMail = (r: Result, cpu: number | undefined) =>
    cpu === undefined || r.acknowledged === 0
      ? '–'
      : String(Math.round((cpu * 1000) / r.acknowledged));
  return [
    '| SMTP sessions | mails | time (s) | mails/s | accept p50 (ms) | p99 (ms) | max (ms) | refused | server CPU (µs/mail) | bench CPU (µs/mail) |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.sessions} | ${r.acknowledged} | ${r.seconds.toFixed(2)} | ${Math.round(r.acknowledged / r.seconds)} | ${ms(percentile(r.latencies, 50))} | ${ms(percentile(r.latencies, 99))} | ${ms(percentile(r.latencies, 100))} | ${r.refused} | ${perMail(r, r.serverCpuMs)} | ${perMail(r, r.benchCpuMs)} |`,
    ),
  ].join('\n');
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tmpmail-bench-smtp-'));
  const database = await prepareDatabase(dir, 'smtp');
  const profileDir = cpuProfileDir(dir);
  const serverOptions = {
    databaseUrl: database.url,
    dataDir: join(dir, 'data'),
    jwtSecret: randomBytes(32).toString('hex'),
  };
  let server: BenchServer | undefined;
  try {
    server = await startBenchServer({ ...serverOptions, cpuProfileDir: profileDir });
    const mail = await composeSampleMail();
    const recipients = await createAddresses(server.url, ADDRESSES);
    process.stdout.write(
      `tmpmail SMTP ingest benchmark on ${database.label}\n${describeMachine()}\n` +
        `${recipients.length} addresses, mails of ${mail.bytes} bytes\n\n`,
    );
    const warmup = await run(server, recipients, mail, WARMUP);
    const results: Result[] = [];
    for (const scenario of SCENARIOS) results.push(await run(server, recipients, mail, scenario));
    // Every 250 has been read: a crash now must lose none of them.
    await server.stop(profileDir ? 'graceful' : 'kill');
    process.stdout.write(`${table(results)}\n\n`);
    if (profileDir) process.stdout.write(`${summarizeCpuProfile(profileDir)}\n\n`);

    server = await startBenchServer(serverOptions);
    const acknowledged = [warmup, ...results].reduce((n, r) => n + r.acknowledged, 0);
    const stored = await countMails(server.url);
    const how = profileDir ? 'a graceful stop' : 'SIGKILL';
    process.stdout.write(
      `stored after ${how} and restart: ${stored}, acknowledged: ${acknowledged} (${stored === acknowledged ? 'equal' : 'MISMATCH'}; includes ${warmup.acknowledged} warm-up mails)\n` +
        `load average at the end: ${loadAverage()}\n`,
    );
    if (stored !== acknowledged || results.some((r) => r.refused > 0)) process.exitCode = 1;
  } finally {
    await server?.stop('graceful');
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
