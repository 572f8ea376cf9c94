/**
 * @module The IP access-control settings (`/admin/ip_blacklist/settings`, reference §6.3 and
 * §1.6 rows 50-51): their shape and defaults, the admin's validation with the reference's
 * messages, and a briefly cached read for the check that runs on every rate-limited request.
 */
import type { Clock } from '../../shared/clock.js';
import { formatSqlTimestamp } from '../../shared/clock.js';
import type { SettingsStore } from '../../storage/ports.js';
import { DomainError } from '../errors.js';
import {
  isExactIpPattern,
  looksLikeRegex,
  MAX_PATTERN_LENGTH,
  unsafeRegexReason,
} from './access-patterns.js';

export interface IpAccessSettings {
  enabled: boolean;
  blacklist: string[];
  asnBlacklist: string[];
  fingerprintBlacklist: string[];
  enableWhitelist: boolean;
  whitelist: string[];
  enableDailyLimit: boolean;
  dailyRequestLimit: number;
}

/** The settings key (the reference's `ip_blacklist_settings`). */
export const IP_ACCESS_SETTINGS_KEY = 'ip_blacklist_settings';

/**
 * How long the per-request check reuses a read. Short, because other nodes learn of an admin's
 * change only by reading again; the node that saved forgets its copy at once.
 */
export const IP_ACCESS_CACHE_MS = 5_000;

/** Most entries per list, as in the reference. */
export const MAX_LIST_SIZE = 1000;
const MAX_DAILY_LIMIT = 1_000_000;

/** What GET answers while nothing is stored. */
export function defaultIpAccessSettings(): IpAccessSettings {
  return {
    enabled: false,
    blacklist: [],
    asnBlacklist: [],
    fingerprintBlacklist: [],
    enableWhitelist: false,
    whitelist: [],
    enableDailyLimit: false,
    dailyRequestLimit: 1000,
  };
}

const BLACKLISTS = ['blacklist', 'asnBlacklist', 'fingerprintBlacklist'] as const;

const invalid = (field: string) => new DomainError('invalid_ip_blacklist_setting', { field });

/** Trimmed, non-empty string entries of one list; a non-string entry is a 400. */
function cleanList(list: readonly unknown[], name: string): string[] {
  const out: string[] = [];
  for (const entry of list) {
    if (typeof entry !== 'string') throw invalid(`${name} element must be a string`);
    const trimmed = entry.trim();
    if (trimmed === '') continue;
    if (trimmed.length > MAX_PATTERN_LENGTH) {
      throw invalid(`${name} entry longer than ${MAX_PATTERN_LENGTH} characters`);
    }
    out.push(trimmed);
  }
  return out;
}

/** Refuses regexes that cannot run safely on every request; `requireValid` for the whitelist. */
function checkRegexes(list: readonly string[], name: string, requireValid: boolean): void {
  for (const pattern of list) {
    if (!looksLikeRegex(pattern) || (name === 'whitelist' && isExactIpPattern(pattern))) continue;
    try {
      new RegExp(pattern);
    } catch {
      // The reference keeps invalid blacklist regexes and matches them as plain text.
      if (requireValid) throw invalid(`${name} invalid regex: ${pattern}`);
      continue;
    }
    const reason = unsafeRegexReason(pattern);
    if (reason) throw invalid(`${name} unsafe regex (${reason}): ${pattern}`);
  }
}

function parseWhitelist(
  body: Record<string, unknown>,
): Pick<IpAccessSettings, 'enableWhitelist' | 'whitelist'> {
  const enableWhitelist = body['enableWhitelist'] ?? false;
  if (typeof enableWhitelist !== 'boolean') throw invalid('enableWhitelist');
  const raw = body['whitelist'] ?? [];
  if (!Array.isArray(raw)) throw invalid('whitelist');
  if (raw.length > MAX_LIST_SIZE) {
    throw new DomainError('blacklist_too_large', {
      list: 'whitelist',
      size: `${raw.length}/${MAX_LIST_SIZE}`,
    });
  }
  const whitelist = cleanList(raw, 'whitelist');
  checkRegexes(whitelist, 'whitelist', true);
  return { enableWhitelist, whitelist };
}

/**
 * Validates an admin's POST body, in the reference's order and with its messages; entries are
 * trimmed and empty ones dropped. Beyond the reference: non-string entries, over-long entries
 * and regexes that could backtrack catastrophically are a 400 instead of a 500 or a hang.
 */
export function parseIpAccessSettings(input: unknown): IpAccessSettings {
  const body =
    input !== null && typeof input === 'object' && !Array.isArray(input)
      ? (input as Record<string, unknown>)
      : {};
  if (typeof body['enabled'] !== 'boolean') throw invalid('enabled');
  for (const name of BLACKLISTS) if (!Array.isArray(body[name])) throw invalid(name);
  if (typeof body['enableDailyLimit'] !== 'boolean') throw invalid('enableDailyLimit');
  // A number, or a numeric string as the reference's Number() took; not true, [] or null.
  const rawLimit = body['dailyRequestLimit'];
  const limit =
    typeof rawLimit === 'number' || typeof rawLimit === 'string' ? Number(rawLimit) : NaN;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_DAILY_LIMIT) {
    throw invalid(`dailyRequestLimit (1-${MAX_DAILY_LIMIT})`);
  }
  const lists = {} as Record<(typeof BLACKLISTS)[number], string[]>;
  for (const name of BLACKLISTS) {
    const raw = body[name] as unknown[];
    if (raw.length > MAX_LIST_SIZE) {
      throw new DomainError('blacklist_too_large', { list: name, size: MAX_LIST_SIZE });
    }
  }
  for (const name of BLACKLISTS) {
    lists[name] = cleanList(body[name] as unknown[], name);
    checkRegexes(lists[name], name, false);
  }
  return {
    enabled: body['enabled'],
    ...lists,
    ...parseWhitelist(body),
    enableDailyLimit: body['enableDailyLimit'],
    dailyRequestLimit: limit,
  };
}

/** A stored value read leniently: whatever is missing or malformed takes its default. */
function fromStored(value: unknown): IpAccessSettings {
  const v = (value ?? {}) as Record<string, unknown>;
  const flag = (k: string) => v[k] === true;
  const list = (k: string) =>
    Array.isArray(v[k])
      ? (v[k] as unknown[]).filter((x): x is string => typeof x === 'string')
      : [];
  const limit = Number(v['dailyRequestLimit']);
  return {
    enabled: flag('enabled'),
    blacklist: list('blacklist'),
    asnBlacklist: list('asnBlacklist'),
    fingerprintBlacklist: list('fingerprintBlacklist'),
    enableWhitelist: flag('enableWhitelist'),
    whitelist: list('whitelist'),
    enableDailyLimit: flag('enableDailyLimit'),
    dailyRequestLimit: Number.isFinite(limit) && limit > 0 ? limit : 0,
  };
}

export interface IpAccessSettingsService {
  /** What `GET /admin/ip_blacklist/settings` shows: the stored settings, or the defaults. */
  read(): Promise<IpAccessSettings>;
  /** Validates and stores; the next `current()` on this node sees the new settings. */
  save(input: unknown): Promise<void>;
  /**
   * The settings for the per-request check, or undefined when none are stored (then nothing
   * is checked, as in the reference). Cached for `cacheMs`, so other nodes see a change
   * within that time.
   */
  current(): Promise<IpAccessSettings | undefined>;
}

export interface IpAccessSettingsDeps {
  settings: SettingsStore;
  clock: Clock;
  /** How long a read serves the per-request check; IP_ACCESS_CACHE_MS by default. */
  cacheMs?: number;
}

export function createIpAccessSettings(deps: IpAccessSettingsDeps): IpAccessSettingsService {
  const cacheMs = deps.cacheMs ?? IP_ACCESS_CACHE_MS;
  let cached: { value: IpAccessSettings | undefined; until: number } | undefined;
  // Bumped by every save, so a read that started before it is neither reused nor cached.
  let generation = 0;
  let loading: { generation: number; promise: Promise<IpAccessSettings | undefined> } | undefined;

  async function load(): Promise<IpAccessSettings | undefined> {
    const started = generation;
    const stored = await deps.settings.get(IP_ACCESS_SETTINGS_KEY);
    const value = stored === undefined || stored === null ? undefined : fromStored(stored);
    if (started === generation) {
      cached = { value, until: deps.clock.now().getTime() + cacheMs };
    }
    return value;
  }

  return {
    async read() {
      const stored = await deps.settings.get(IP_ACCESS_SETTINGS_KEY);
      return stored === undefined || stored === null
        ? defaultIpAccessSettings()
        : fromStored(stored);
    },

    async save(input) {
      const settings = parseIpAccessSettings(input);
      const now = formatSqlTimestamp(deps.clock.now());
      await deps.settings.set(IP_ACCESS_SETTINGS_KEY, settings, now);
      generation += 1;
      cached = undefined;
    },

    current() {
      if (cached && cached.until > deps.clock.now().getTime()) return Promise.resolve(cached.value);
      if (loading?.generation !== generation) {
        const entry = {
          generation,
          promise: load().finally(() => {
            if (loading === entry) loading = undefined;
          }),
        };
        loading = entry;
      }
      return loading.promise;
    },
  };
}
