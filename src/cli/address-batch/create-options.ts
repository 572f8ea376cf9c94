/**
 * @module Options of `tmpmail address create`: parsed from command-line strings (or values given
 * in-process), checked, and reported all at once when wrong.
 */
import { readFileSync } from 'node:fs';
import type { BatchShape } from './batch-creator.js';

// Limits: a million addresses is far beyond any real use and still fits in memory as names; 64
// requests in flight saturate any single server; 1000 is the batch endpoint's default maximum.
export const CREATE_LIMITS = {
  count: { min: 1, max: 1_000_000 },
  concurrency: { min: 1, max: 64, default: 4 },
  batchSize: { min: 1, max: 1000, default: 100 },
} as const;

export type OutputFormat = 'text' | 'jsonl';

/** Options as commander (strings) or a test (numbers, names) hands them over. */
export interface RawCreateOptions {
  count?: string | number | undefined;
  namesFile?: string | undefined;
  /** Names given in-process instead of a file. */
  names?: readonly string[] | undefined;
  domain?: string | undefined;
  prefix?: boolean | undefined;
  randomSubdomain?: boolean | undefined;
  concurrency?: string | number | undefined;
  batchSize?: string | number | undefined;
  format?: string | undefined;
  url?: string | undefined;
  adminPassword?: string | undefined;
  sitePassword?: string | undefined;
  /** The global `--config` file, used in local-store mode. */
  config?: string | undefined;
}

export type NameSource = { kind: 'count'; count: number } | { kind: 'names'; names: string[] };

export interface RemoteTarget {
  url: string;
  adminPassword: string | undefined;
  sitePassword: string | undefined;
}

export interface CreateOptions {
  source: NameSource;
  shape: BatchShape;
  concurrency: number;
  batchSize: number;
  format: OutputFormat;
  /** Set when a server URL was given: go through its batch endpoint. */
  remote: RemoteTarget | undefined;
  configFile: string | undefined;
}

/** Wrong options: every problem, one per line. */
export class UsageError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'UsageError';
  }
}

function parseInteger(
  label: string,
  raw: string | number | undefined,
  limits: { min: number; max: number; default?: number },
  problems: string[],
): number {
  if (raw === undefined) return limits.default ?? NaN;
  const text = String(raw).trim().replace(/_/g, '');
  const value = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  if (!(value >= limits.min && value <= limits.max)) {
    problems.push(
      `${label} must be an integer from ${limits.min} to ${limits.max.toLocaleString('en')}, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

function readNames(file: string, problems: string[]): string[] {
  try {
    return readFileSync(file, 'utf8')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '');
  } catch (error) {
    problems.push(`--names-file: cannot read ${file}: ${(error as Error).message}`);
    return [];
  }
}

function parseSource(raw: RawCreateOptions, problems: string[]): NameSource {
  const given = [raw.count !== undefined, raw.namesFile !== undefined, raw.names !== undefined];
  if (given.filter(Boolean).length !== 1) {
    problems.push('give exactly one of --count N or --names-file FILE');
    return { kind: 'count', count: 0 };
  }
  if (raw.count !== undefined) {
    return {
      kind: 'count',
      count: parseInteger('--count', raw.count, CREATE_LIMITS.count, problems),
    };
  }
  const names = raw.names ? [...raw.names] : readNames(raw.namesFile as string, problems);
  const { min, max } = CREATE_LIMITS.count;
  if (names.length < min || names.length > max) {
    problems.push(
      `the names file must hold ${min} to ${max.toLocaleString('en')} names, it holds ${names.length}`,
    );
  }
  return { kind: 'names', names };
}

function parseRemote(
  raw: RawCreateOptions,
  env: NodeJS.ProcessEnv,
  problems: string[],
): RemoteTarget | undefined {
  const url = raw.url ?? (env['TMPMAIL_URL'] || undefined);
  if (url === undefined) return undefined;
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    problems.push(`--url must be an http:// or https:// URL, got ${JSON.stringify(url)}`);
  }
  return {
    url: url.replace(/\/+$/, ''),
    adminPassword: raw.adminPassword ?? (env['TMPMAIL_ADMIN_PASSWORD'] || undefined),
    sitePassword: raw.sitePassword ?? (env['TMPMAIL_SITE_PASSWORD'] || undefined),
  };
}

/** Checks every option and returns them typed, or throws a UsageError listing all problems. */
export function parseCreateOptions(
  raw: RawCreateOptions,
  env: NodeJS.ProcessEnv = process.env,
): CreateOptions {
  const problems: string[] = [];
  const source = parseSource(raw, problems);
  const concurrency = parseInteger(
    '--concurrency',
    raw.concurrency,
    CREATE_LIMITS.concurrency,
    problems,
  );
  const batchSize = parseInteger('--batch-size', raw.batchSize, CREATE_LIMITS.batchSize, problems);
  const format = raw.format ?? 'text';
  if (format !== 'text' && format !== 'jsonl') {
    problems.push(`--format must be text or jsonl, got ${JSON.stringify(format)}`);
  }
  const remote = parseRemote(raw, env, problems);
  if (problems.length > 0) throw new UsageError(problems);
  return {
    source,
    shape: {
      domain: raw.domain?.trim() || undefined,
      enablePrefix: raw.prefix ?? true,
      enableRandomSubdomain: raw.randomSubdomain ?? false,
    },
    concurrency,
    batchSize,
    format: format as OutputFormat,
    remote,
    configFile: raw.config,
  };
}
