/**
 * @module Option kinds: how one configuration value is parsed from the environment (always a
 * string) or from a config file (native JSON/TOML values), following the reference's rules
 * (cloudflare-temp-email-api.md §0.5) except that garbage is an error instead of a silent default.
 */
import type { z } from 'zod';

/** One option of the schema: parse a raw value (never undefined) into its typed value. */
export interface OptionSpec<T> {
  readonly kind: string;
  readonly description: string;
  readonly default: T;
  readonly secret: boolean;
  /** Throws an Error whose message says what is wrong; returns warnings through `warn`. */
  parse(raw: unknown, warn: (message: string) => void): T;
}

interface Common {
  description: string;
  secret?: boolean;
}

function spec<T>(
  kind: string,
  opts: Common,
  defaultValue: T,
  parse: OptionSpec<T>['parse'],
): OptionSpec<T> {
  return {
    kind,
    description: opts.description,
    secret: opts.secret ?? false,
    default: defaultValue,
    parse,
  };
}

/** True only for native `true` or the string "true" (§0.5); other non-empty values warn. */
function parseBool(raw: unknown, warn: (m: string) => void): boolean {
  if (raw === true || raw === 'true') return true;
  if (raw !== false && raw !== 'false' && raw !== '') {
    warn(`value ${JSON.stringify(raw)} is read as false (only "true" means true)`);
  }
  return false;
}

export function bool(defaultValue: boolean, opts: Common): OptionSpec<boolean> {
  return spec('bool', opts, defaultValue, parseBool);
}

/**
 * A boolean whose "not configured" state matters (ENABLE_CREATE_ADDRESS_SUBDOMAIN_MATCH):
 * undefined when unset or empty, otherwise true only for true/"true".
 */
export function optionalBool(opts: Common): OptionSpec<boolean | undefined> {
  return spec('bool?', opts, undefined, (raw, warn) =>
    raw === '' ? undefined : parseBool(raw, warn),
  );
}

export function int(
  defaultValue: number,
  opts: Common & { min: number; max: number },
): OptionSpec<number> {
  return spec(`int ${opts.min}..${opts.max}`, opts, defaultValue, (raw) => {
    const value =
      typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim()) : NaN;
    if (!Number.isInteger(value))
      throw new Error(`expected an integer, got ${JSON.stringify(raw)}`);
    if (value < opts.min || value > opts.max) {
      throw new Error(`must be between ${opts.min} and ${opts.max}, got ${value}`);
    }
    return value;
  });
}

export function str(defaultValue: string, opts: Common): OptionSpec<string> {
  return spec('string', opts, defaultValue, (raw) => {
    if (typeof raw !== 'string') throw new Error(`expected a string, got ${typeof raw}`);
    return raw;
  });
}

export function optionalStr(opts: Common): OptionSpec<string | undefined> {
  return spec('string?', opts, undefined, (raw) => {
    if (typeof raw !== 'string') throw new Error(`expected a string, got ${typeof raw}`);
    return raw === '' ? undefined : raw;
  });
}

/** A regular expression source; an invalid pattern is an error, not a silent fallback. */
export function regex(
  defaultValue: string | undefined,
  opts: Common,
): OptionSpec<string | undefined> {
  return spec('regex', opts, defaultValue, (raw) => {
    if (typeof raw !== 'string') throw new Error(`expected a string, got ${typeof raw}`);
    if (raw === '') return defaultValue;
    try {
      new RegExp(raw);
    } catch (error) {
      throw new Error(`invalid regular expression: ${(error as Error).message}`, { cause: error });
    }
    return raw;
  });
}

function parseStringArray(raw: unknown): string[] {
  let value = raw;
  if (typeof raw === 'string') {
    if (raw.trim() === '') return [];
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new Error(
        `expected a JSON array of strings, e.g. ["a","b"], got ${JSON.stringify(raw)}`,
        { cause: error },
      );
    }
  }
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new Error('expected an array of strings');
  }
  return value as string[];
}

/** A JSON (or native) array of strings, empty entries dropped. */
export function list(opts: Common & { default?: string[] }): OptionSpec<readonly string[]> {
  return spec('string[]', opts, opts.default ?? [], (raw) =>
    parseStringArray(raw).filter((v) => v !== ''),
  );
}

/** A list of domains: trimmed, lower-cased, empties dropped (§0.5). */
export function domainList(opts: Common & { default?: string[] }): OptionSpec<readonly string[]> {
  return spec('domain[]', opts, opts.default ?? [], (raw) =>
    parseStringArray(raw)
      .map((v) => v.trim().toLowerCase())
      .filter((v) => v !== ''),
  );
}

/** A comma-separated list (NO_LIMIT_SEND_ROLE style): split, trimmed, empties dropped. */
export function commaList(opts: Common): OptionSpec<readonly string[]> {
  return spec('comma list', opts, [], (raw) => {
    if (Array.isArray(raw))
      return raw
        .map(String)
        .map((v) => v.trim())
        .filter(Boolean);
    if (typeof raw !== 'string') throw new Error('expected a comma-separated string');
    return raw
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
  });
}

/** A JSON object or array checked against a zod schema. */
export function json<T>(defaultValue: T, opts: Common & { schema: z.ZodType<T> }): OptionSpec<T> {
  return spec('json', opts, defaultValue, (raw) => {
    let value = raw;
    if (typeof raw === 'string') {
      if (raw.trim() === '') return defaultValue;
      try {
        value = JSON.parse(raw);
      } catch {
        throw new Error('expected JSON');
      }
    }
    const result = opts.schema.safeParse(value);
    if (!result.success) {
      throw new Error(
        result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '),
      );
    }
    return result.data;
  });
}
