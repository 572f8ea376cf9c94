/**
 * @module The user's e-mail from an OAuth2 provider's user info (reference §3.5): looked up by a
 * plain key or a JSONPath, cut to 256 characters, trimmed, optionally rewritten by the
 * provider's regex, lower-cased, and checked to look like an address.
 */
import { JSONPath } from 'jsonpath-plus';

/** The reference cuts here before the regex runs, which also bounds any regex backtracking. */
const MAX_RAW_EMAIL_CHARS = 256;
/** One "@", something on both sides, no whitespace: enough to be a user name and a domain. */
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+$/;

export interface EmailRule {
  userEmailKey: string;
  enableEmailFormat?: boolean | undefined;
  userEmailFormat?: string | undefined;
  userEmailReplace?: string | undefined;
}

function lookUp(userInfo: unknown, key: string): unknown {
  if (key.startsWith('$')) {
    try {
      const matches: unknown = JSONPath({ path: key, json: userInfo as object, wrap: true });
      if (Array.isArray(matches) && matches.length > 0) return matches[0];
    } catch {
      // A malformed path finds nothing; the plain-key lookup below decides, as in the reference.
    }
  }
  if (userInfo !== null && typeof userInfo === 'object' && Object.hasOwn(userInfo, key)) {
    return (userInfo as Record<string, unknown>)[key];
  }
  return undefined;
}

/**
 * The normalised e-mail, or undefined when the user info has none usable. Numbers are accepted
 * because providers such as linux.do identify users by a numeric id that the rewrite rule turns
 * into an address (`^(.+)$` → `linux_do_$1@oauth.linux.do`).
 */
export function extractUserEmail(userInfo: unknown, rule: EmailRule): string | undefined {
  const raw = lookUp(userInfo, rule.userEmailKey);
  if (!(typeof raw === 'string' || (typeof raw === 'number' && Number.isFinite(raw)))) {
    return undefined;
  }
  let email = String(raw).slice(0, MAX_RAW_EMAIL_CHARS).trim();
  if (rule.enableEmailFormat && rule.userEmailFormat) {
    // The pattern was checked when the admin saved it; an invalid stored one is skipped.
    try {
      email = email
        .replace(new RegExp(rule.userEmailFormat), rule.userEmailReplace || '$1')
        .slice(0, MAX_RAW_EMAIL_CHARS)
        .trim();
    } catch {
      // keep the unformatted e-mail, as the reference does
    }
  }
  email = email.toLowerCase();
  return EMAIL_SHAPE.test(email) ? email : undefined;
}

/** The part after the last "@" (extractUserEmail guarantees exactly one). */
export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}
