/**
 * @module The IP access check of the rate-limited paths (reference §6.3), in the reference's
 * order: whitelist, fingerprint blacklist, IP blacklist, ASN blacklist, daily limit. It only
 * decides; the HTTP middleware turns a refusal into a response.
 */
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { KvStore } from '../../storage/ports.js';
import { blacklistMatcher, whitelistMatcher, type ValueMatcher } from './access-patterns.js';
import type { IpAccessSettings, IpAccessSettingsService } from './ip-access-settings.js';

/** What is known about the request: every field may be missing. */
export interface AccessRequest {
  /** The client IP (socket peer, or as a trusted proxy reported it). */
  ip: string | undefined;
  /** The `x-fingerprint` header. */
  fingerprint: string | undefined;
  /** The client's ASN organisation, as a trusted proxy reported it. */
  asOrganization: string | undefined;
}

export type AccessVerdict =
  | { allowed: true }
  | {
      allowed: false;
      status: 403 | 429;
      /** Stable reason, for problem+json `code` and logs. */
      reason: 'ip_not_whitelisted' | 'ip_blacklisted' | 'daily_limit_exceeded';
      /** The reference's (English, unlocalized) text. */
      text: string;
    };

const ALLOW: AccessVerdict = { allowed: true };
type Refusal = Extract<AccessVerdict, { allowed: false }>;
const deny = (text: string, reason: Refusal['reason'] = 'ip_blacklisted'): Refusal => ({
  allowed: false,
  status: 403,
  reason,
  text,
});

interface CompiledRules {
  settings: IpAccessSettings;
  whitelisted: ValueMatcher | undefined;
  ip: ValueMatcher;
  asn: ValueMatcher;
  fingerprint: ValueMatcher;
}

function compile(settings: IpAccessSettings): CompiledRules {
  return {
    settings,
    whitelisted:
      settings.enableWhitelist && settings.whitelist.length > 0
        ? whitelistMatcher(settings.whitelist)
        : undefined,
    ip: blacklistMatcher(settings.blacklist, true),
    asn: blacklistMatcher(settings.asnBlacklist, false),
    fingerprint: blacklistMatcher(settings.fingerprintBlacklist, true),
  };
}

/**
 * The forms an IP is matched in: `::ffff:1.2.3.4` (a dual-stack socket's IPv4 peer) is also
 * `1.2.3.4`, so an admin's IPv4 entries apply whichever way the server listens. The first
 * form names the client in messages and in the daily counter.
 */
export function ipForms(ip: string): string[] {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return mapped ? [mapped[1] as string, ip] : [ip];
}

/** Milliseconds since the epoch at the next UTC midnight: when a day's counter may go. */
function nextUtcMidnight(now: Date): number {
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
}

/** The first blacklist that names the request, unless blacklists are off. */
function blacklisted(
  rules: CompiledRules,
  request: AccessRequest,
  forms: readonly string[],
): AccessVerdict | undefined {
  if (!rules.settings.enabled) return undefined;
  if (request.fingerprint !== undefined && rules.fingerprint([request.fingerprint])) {
    return deny('Access denied: Browser fingerprint is blacklisted');
  }
  if (forms.length === 0) return undefined;
  if (rules.ip(forms)) return deny(`Access denied: IP ${forms[0]} is blacklisted`);
  if (request.asOrganization !== undefined && rules.asn([request.asOrganization])) {
    return deny('Access denied: ASN organization is blacklisted');
  }
  return undefined;
}

/** Counts the request in the IP's counter of the UTC day (key `limit|<ip>|<date>`). */
async function dailyLimit(
  settings: IpAccessSettings,
  ip: string,
  kv: KvStore,
  now: Date,
): Promise<AccessVerdict> {
  const limit = settings.dailyRequestLimit;
  if (!settings.enableDailyLimit || !(limit > 0)) return ALLOW;
  const key = `limit|${ip}|${now.toISOString().slice(0, 10)}`;
  // Counting first keeps concurrent requests from all reading the same count; a refused
  // request adds one to a counter that is already over the limit, which changes nothing.
  const count = await kv.increment(key, nextUtcMidnight(now), now.getTime());
  if (count <= limit) return ALLOW;
  return {
    allowed: false,
    status: 429,
    reason: 'daily_limit_exceeded',
    text: `IP=${ip} Exceeded daily limit of ${limit} requests`,
  };
}

export interface IpAccessControlDeps {
  settings: Pick<IpAccessSettingsService, 'current'>;
  kv: KvStore;
  clock: Clock;
  logger: Logger;
}

export interface IpAccessControl {
  check(request: AccessRequest): Promise<AccessVerdict>;
}

export function createIpAccessControl(deps: IpAccessControlDeps): IpAccessControl {
  // Compiled patterns are kept for as long as the same settings object is served.
  let compiled: CompiledRules | undefined;

  function rulesFor(settings: IpAccessSettings): CompiledRules {
    if (compiled?.settings !== settings) compiled = compile(settings);
    return compiled;
  }

  async function decide(request: AccessRequest): Promise<AccessVerdict> {
    const settings = await deps.settings.current();
    if (!settings) return ALLOW;
    const rules = rulesFor(settings);
    const forms = request.ip ? ipForms(request.ip) : [];
    let trusted = false;
    if (rules.whitelisted) {
      if (forms.length === 0) {
        return deny('Access denied: client IP unavailable', 'ip_not_whitelisted');
      }
      if (!rules.whitelisted(forms)) {
        return deny(`Access denied: IP ${forms[0]} is not whitelisted`, 'ip_not_whitelisted');
      }
      trusted = true;
    }
    // A whitelisted IP skips the blacklists but not the daily limit.
    const refused = trusted ? undefined : blacklisted(rules, request, forms);
    if (refused) return refused;
    return forms[0] === undefined
      ? ALLOW
      : dailyLimit(settings, forms[0], deps.kv, deps.clock.now());
  }

  return {
    async check(request) {
      try {
        return await decide(request);
      } catch (err) {
        // As in the reference, a failing check (database down) lets the request through:
        // the per-IP rate limit still applies, and the request itself will fail if it must.
        deps.logger.warn({ err }, 'IP access check failed; request allowed');
        return ALLOW;
      }
    },
  };
}
