/**
 * @module Which origins and RP IDs passkey ceremonies may use. The reference trusts the
 * `origin` and `domain` a client sends, which lets any site that can reach the API (and fool
 * a user into it) run ceremonies for its own RP ID. With PASSKEY_ALLOWED_ORIGINS set, only
 * those origins are accepted, and RP IDs must be the host of one of them or a parent domain of
 * that host (what browsers allow a page to claim, WebAuthn §5.1.3). An empty list keeps the
 * reference's behaviour.
 */

/** True when `value` is exactly an origin: scheme://host[:port], no path, query or fragment. */
export function isOrigin(value: string): boolean {
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}

const isIpHost = (host: string) => host.includes(':') || /^[\d.]+$/.test(host);

/** The host of an origin, followed by its parent domains that still have two labels. */
function rpIdsOf(origin: string): string[] {
  const host = new URL(origin).hostname.replace(/^\[|\]$/g, '');
  if (isIpHost(host)) return [host];
  const labels = host.split('.');
  const ids = [host];
  for (let i = 1; i < labels.length - 1; i++) ids.push(labels.slice(i).join('.'));
  return ids;
}

export interface RelyingPartyRules {
  /** True when origins are checked at all (PASSKEY_ALLOWED_ORIGINS is set). */
  readonly restricted: boolean;
  readonly origins: readonly string[];
  /** Every RP ID the allowed origins may claim. */
  readonly rpIds: readonly string[];
  originAllowed(origin: string): boolean;
  rpIdAllowed(rpId: string): boolean;
}

/** The rules for a list of allowed origins (already validated with isOrigin). */
export function relyingPartyRules(allowedOrigins: readonly string[]): RelyingPartyRules {
  const origins = [...allowedOrigins];
  const rpIds = [...new Set(origins.flatMap(rpIdsOf))];
  const restricted = origins.length > 0;
  return {
    restricted,
    origins,
    rpIds,
    originAllowed: (origin) => !restricted || origins.includes(origin),
    rpIdAllowed: (rpId) => !restricted || rpIds.includes(rpId),
  };
}
