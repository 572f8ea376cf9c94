/**
 * @module What the benchmarks print besides their tables: the machine, latency percentiles, and
 * the top self-time functions of a V8 CPU profile (what limits a run).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

/** CPUs, model, memory, Node and the load average (other work sharing the CPUs shows there). */
export function describeMachine(): string {
  let cpuinfo = '';
  try {
    cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    // not Linux: fall back to os.cpus()
  }
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown CPU';
  const gib = (n: number) => `${(n / 2 ** 30).toFixed(1)} GiB`;
  return `${cpus().length} × ${model}, ${gib(totalmem())} RAM (${gib(freemem())} free), Node ${process.version}, ${process.platform}, load average ${loadAverage()}`;
}

export function loadAverage(): string {
  return loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
}

/** The p-th percentile (0–100) of ascending `sorted`, nearest rank. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? NaN;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * The `top` functions by self time in the newest `.cpuprofile` of `dir`, as markdown rows, with
 * file paths shortened to the package or project file.
 */
export function summarizeCpuProfile(dir: string, top = 20): string {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort();
  const file = files.at(-1);
  if (!file) return `(no CPU profile in ${dir})`;
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    const frame = byNode.get(id)?.callFrame;
    const where = frame?.url
      .replace(/^file:\/\//, '')
      .replace(/^.*\/node_modules\//, '')
      .replace(/^.*\/dist\//, '');
    const key = `${frame?.functionName || '(anonymous)'} ${where ? `${where}:${(frame?.lineNumber ?? 0) + 1}` : ''}`;
    selfUs.set(key, (selfUs.get(key) ?? 0) + delta);
    total += delta;
  });
  const rows = [...selfUs.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return [
    `CPU profile ${join(dir, file)}: ${(total / 1e6).toFixed(1)} s sampled`,
    '',
    '| self % | self (ms) | function |',
    '|---:|---:|---|',
    ...rows.map(
      ([key, us]) =>
        `| ${((us * 100) / total).toFixed(1)} | ${(us / 1000).toFixed(0)} | \`${key.trim()}\` |`,
    ),
  ].join('\n');
}
