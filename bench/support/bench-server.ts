/**
 * @module The server under test for the SMTP and list benchmarks: the built `dist/src/main.js` in
 * a child process on free ports of 127.0.0.1, with the CPU time it uses read from /proc and,
 * when asked, a V8 CPU profile (`--cpu-prof`) written at a graceful stop.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ADMIN_PASSWORD = 'bench-admin-password';
export const BENCH_DOMAIN = 'bench.test';
export const adminHeaders = { 'content-type': 'application/json', 'x-admin-auth': ADMIN_PASSWORD };

// The server normally starts in well under a second; this only bounds a broken start.
const START_TIMEOUT_MS = 30_000;
// A graceful stop drains writes in flight; this only bounds a hung one.
const STOP_TIMEOUT_MS = 30_000;

export interface BenchServerOptions {
  databaseUrl: string;
  dataDir: string;
  jwtSecret: string;
  /** Directory for a `--cpu-prof` profile of the server, written when it stops gracefully. */
  cpuProfileDir?: string | undefined;
  /** Extra environment (config options) for the server. */
  env?: Record<string, string>;
}

export interface BenchServer {
  url: string;
  smtpPort: number;
  pid: number | undefined;
  /** SIGTERM and wait for the drain (writes the CPU profile), or SIGKILL (a crash). */
  stop(how: 'graceful' | 'kill'): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => process.exit(130));
}

/**
 * Where to write the server's CPU profile: BENCH_CPU_PROF=1 means a folder in the run's temp
 * directory, any other value is the folder itself; unset means no profile.
 */
export function cpuProfileDir(runDir: string): string | undefined {
  const setting = process.env['BENCH_CPU_PROF'];
  if (!setting) return undefined;
  const dir = setting === '1' ? join(runDir, 'profile') : setting;
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitReady(child: ChildProcess, url: string, smtpPort: number): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  // HTTP listens first, SMTP right after: ready once both answer.
  const ready = async () =>
    (await fetch(`${url}/health_check`).then(
      (r) => r.ok,
      () => false,
    )) && (await accepts(smtpPort));
  while (!(await ready())) {
    if (child.exitCode !== null) throw new Error(`the server exited early (${child.exitCode})`);
    if (Date.now() > deadline)
      throw new Error(`the server did not start in ${START_TIMEOUT_MS} ms`);
    // Readiness poll: at LOG_LEVEL=warn the child prints nothing to wait for.
    await delay(50);
  }
}

/** Starts `dist/src/main.js` on fresh ports and resolves once HTTP and SMTP both answer. */
export async function startBenchServer(options: BenchServerOptions): Promise<BenchServer> {
  const [port, smtpPort] = [await freePort(), await freePort()];
  const main = fileURLToPath(new URL('../../src/main.js', import.meta.url));
  const profile = options.cpuProfileDir
    ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`]
    : [];
  const child = spawn(process.execPath, [...profile, main], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      DATABASE_URL: options.databaseUrl,
      DATA_DIR: options.dataDir,
      JWT_SECRET: options.jwtSecret,
      ADMIN_PASSWORDS: JSON.stringify([ADMIN_PASSWORD]),
      DOMAINS: JSON.stringify([BENCH_DOMAIN]),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '0',
      ...options.env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(child, url, smtpPort);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url,
    smtpPort,
    pid: child.pid,
    stop(how) {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill(how === 'graceful' ? 'SIGTERM' : 'SIGKILL');
      });
    },
  };
}

const CLOCK_TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU milliseconds (user + system) the process has used so far, from /proc (Linux only). */
export function processCpuMs(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the ")" that ends the command name: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** Counts stored mails through the admin API (`count` comes with the first page). */
export async function countMails(url: string): Promise<number> {
  const res = await fetch(`${url}/admin/mails?limit=1&offset=0`, { headers: adminHeaders });
  if (!res.ok) throw new Error(`GET /admin/mails: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { count: number }).count;
}
