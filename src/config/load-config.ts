/**
 * @module Loads the configuration once: defaults, then an optional JSON or TOML file (flat keys
 * or wrangler.toml's `[vars]` table), then the environment. Every error is collected so start-up
 * can list them all at once; the result is frozen.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import proxyaddr from 'proxy-addr';
import { parse as parseToml } from 'smol-toml';
import { configSchema, type Config, type OptionName } from './config-schema.js';
import type { OptionSpec } from './option-kinds.js';

export class ConfigError extends Error {
  constructor(readonly errors: readonly string[]) {
    super(`invalid configuration:\n${errors.map((e) => `  - ${e}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface LoadedConfig {
  readonly config: Config;
  readonly warnings: readonly string[];
  /** Option names whose value came from the file or the environment. */
  readonly explicit: ReadonlySet<OptionName>;
}

export interface ConfigSources {
  env: Record<string, string | undefined>;
  /** Path of a JSON or TOML file; defaults to env CONFIG_FILE. */
  file?: string | undefined;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const DOMAIN_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

function readConfigFile(path: string): Record<string, unknown> {
  const text = readFileSync(path, 'utf8');
  const data = extname(path) === '.toml' ? parseToml(text) : (JSON.parse(text) as unknown);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new Error('the file must hold an object of options');
  }
  const record = data as Record<string, unknown>;
  const vars = record['vars'];
  return vars !== null && typeof vars === 'object' && !Array.isArray(vars)
    ? { ...record, ...(vars as Record<string, unknown>) }
    : record;
}

function isValidDomain(domain: string): boolean {
  return domain.length <= 253 && domain.split('.').every((label) => DOMAIN_LABEL.test(label));
}

/** Rules that involve more than one option, or values the kinds cannot judge alone. */
function crossCheck(config: Config, errors: string[]): void {
  if (config.MIN_ADDRESS_LEN > config.MAX_ADDRESS_LEN) {
    errors.push(
      `MIN_ADDRESS_LEN (${config.MIN_ADDRESS_LEN}) is larger than MAX_ADDRESS_LEN (${config.MAX_ADDRESS_LEN})`,
    );
  }
  for (const name of ['DOMAINS', 'DEFAULT_DOMAINS', 'RANDOM_SUBDOMAIN_DOMAINS'] as const) {
    for (const domain of config[name]) {
      if (!isValidDomain(domain)) errors.push(`${name}: "${domain}" is not a valid domain name`);
    }
  }
  if (!LOG_LEVELS.includes(config.LOG_LEVEL)) {
    errors.push(`LOG_LEVEL: must be one of ${LOG_LEVELS.join(', ')}`);
  }
  if (config.DEFAULT_LANG !== undefined && !['en', 'zh'].includes(config.DEFAULT_LANG)) {
    errors.push('DEFAULT_LANG: must be en or zh');
  }
  if (!/^(postgres(ql)?:\/\/|sqlite:|[^:]+$|[a-zA-Z]:[\\/])/.test(config.DATABASE_URL)) {
    errors.push('DATABASE_URL: use a file path, sqlite:PATH or postgres://user@host/db');
  }
  try {
    proxyaddr.compile([...config.TRUSTED_PROXIES]);
  } catch (error) {
    errors.push(`TRUSTED_PROXIES: ${(error as Error).message}`);
  }
  if (config.REDIS_URL !== undefined && !/^rediss?:\/\//.test(config.REDIS_URL)) {
    errors.push('REDIS_URL: must start with redis:// or rediss://');
  }
}

/** Builds the validated, frozen Config or throws a ConfigError listing every problem. */
export function loadConfig(sources: ConfigSources): LoadedConfig {
  const errors: string[] = [];
  const warnings: string[] = [];
  const explicit = new Set<OptionName>();
  let fileValues: Record<string, unknown> = {};
  const file = sources.file ?? sources.env['CONFIG_FILE'];
  if (file) {
    try {
      fileValues = readConfigFile(file);
    } catch (error) {
      errors.push(`config file ${file}: ${(error as Error).message}`);
    }
  }
  const values: Record<string, unknown> = {};
  for (const [name, option] of Object.entries(configSchema) as [
    OptionName,
    OptionSpec<unknown>,
  ][]) {
    const raw = sources.env[name] ?? fileValues[name];
    if (raw === undefined) {
      values[name] = option.default;
      continue;
    }
    explicit.add(name);
    try {
      values[name] = option.parse(raw, (message) => warnings.push(`${name}: ${message}`));
    } catch (error) {
      errors.push(`${name}: ${(error as Error).message}`);
      values[name] = option.default;
    }
  }
  const config = values as Config;
  crossCheck(config, errors);
  if (errors.length > 0) throw new ConfigError(errors);
  return { config: Object.freeze(config), warnings, explicit };
}

const REDACTED = '<redacted>';

/** The configuration as printable pairs: secrets and passwords inside URLs replaced by a marker. */
export function redactConfig(config: Config): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, option] of Object.entries(configSchema) as [
    OptionName,
    OptionSpec<unknown>,
  ][]) {
    const value = config[name];
    const empty = value === undefined || (Array.isArray(value) && value.length === 0);
    if (option.secret && !empty) out[name] = REDACTED;
    else if (typeof value === 'string')
      out[name] = value.replace(/(\/\/[^:/@]*:)[^@/]*@/, `$1${REDACTED}@`);
    else out[name] = value;
  }
  return out;
}
