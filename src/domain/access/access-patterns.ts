/**
 * @module How IP access-control patterns match (reference §6.3): blacklist entries are regexes
 * when they contain a metacharacter and substrings otherwise; whitelist entries are exact IPs
 * unless they are clearly a regex. Admin regexes run on every rate-limited request, so they
 * are compiled once per settings load, see only short inputs, and shapes that backtrack
 * catastrophically are refused (`unsafeRegexReason`).
 */

/** Longest pattern an admin may store: enough for any IP or organisation expression. */
export const MAX_PATTERN_LENGTH = 256;

/**
 * Longest value a pattern is tested against. An IPv6 text is at most 45 characters; ASN names
 * and fingerprints are short too. Capping the input bounds the work of the patterns that pass
 * `unsafeRegexReason` (at most polynomial in this length).
 */
export const MAX_MATCHED_VALUE_LENGTH = 128;

/** Most unbounded quantifiers one regex may have: each multiplies the worst-case work. */
const MAX_UNBOUNDED_QUANTIFIERS = 3;
/** `{n,m}` with m above this counts as unbounded (it backtracks like `*`). */
const LARGE_REPEAT = 32;

export type ValueMatcher = (values: readonly string[]) => boolean;

/** The reference's heuristic: a pattern with any of these characters is a regex. */
export function looksLikeRegex(pattern: string): boolean {
  return /[\^$.*+?[\]{}()|\\]/.test(pattern);
}

const IPV4 = /^\d+\.\d+\.\d+\.\d+$/;
const IPV4_MAPPED = /^::ffff:\d+\.\d+\.\d+\.\d+$/i;
const IPV6 = /^[0-9a-f:]+$/i;

/** True when a whitelist entry is an address compared exactly, never as a regex. */
export function isExactIpPattern(pattern: string): boolean {
  return (
    IPV4.test(pattern) || IPV4_MAPPED.test(pattern) || (IPV6.test(pattern) && pattern.includes(':'))
  );
}

interface Group {
  unbounded: boolean;
  alternation: boolean;
}

/** The quantifier starting at `i` (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`), if any. */
function quantifierAt(p: string, i: number): { length: number; unbounded: boolean } | undefined {
  const ch = p[i];
  if (ch === '*' || ch === '+') return { length: 1 + (p[i + 1] === '?' ? 1 : 0), unbounded: true };
  if (ch === '?') return { length: 1, unbounded: false };
  const brace = /^\{(\d+)(,(\d*))?\}\??/.exec(p.slice(i));
  if (!brace) return undefined;
  const max = brace[2] === undefined ? Number(brace[1]) : brace[3] ? Number(brace[3]) : Infinity;
  return { length: brace[0].length, unbounded: max > LARGE_REPEAT };
}

/**
 * Why a (syntactically valid) regex is refused, or undefined when it is acceptable:
 * backreferences, a repeated group that itself repeats or alternates (`(a+)+`, `(a|a)*`: the
 * exponential cases), or more than a few unbounded quantifiers (the polynomial ones).
 */
export function unsafeRegexReason(pattern: string): string | undefined {
  const stack: Group[] = [{ unbounded: false, alternation: false }];
  let unboundedCount = 0;
  let closed: Group | undefined;
  for (let i = 0; i < pattern.length;) {
    const ch = pattern[i];
    const top = stack[stack.length - 1] as Group;
    const quantifier = quantifierAt(pattern, i);
    if (quantifier) {
      if (quantifier.unbounded) {
        unboundedCount += 1;
        if (closed && (closed.unbounded || closed.alternation)) return 'nested repetition';
        top.unbounded = true;
      }
      closed = undefined;
      i += quantifier.length;
      continue;
    }
    closed = undefined;
    if (ch === '\\') {
      if (/[1-9k]/.test(pattern[i + 1] ?? '')) return 'backreference';
      i += 2;
    } else if (ch === '[') {
      // Skip the class: its content is literal characters, never quantifiers or groups.
      i += 1;
      if (pattern[i] === ']') i += 1;
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      i += 1;
    } else if (ch === '(') {
      stack.push({ unbounded: false, alternation: false });
      i += 1;
    } else if (ch === ')') {
      closed = stack.length > 1 ? stack.pop() : undefined;
      const parent = stack[stack.length - 1] as Group;
      if (closed?.unbounded) parent.unbounded = true;
      i += 1;
    } else {
      if (ch === '|') top.alternation = true;
      i += 1;
    }
  }
  if (unboundedCount > MAX_UNBOUNDED_QUANTIFIERS) return 'too many repetitions';
  return undefined;
}

/** The compiled regex, or undefined when the pattern is invalid or refused as unsafe. */
export function compileSafeRegex(pattern: string, flags = ''): RegExp | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) return undefined;
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, flags);
  } catch {
    return undefined;
  }
  return unsafeRegexReason(pattern) === undefined ? regex : undefined;
}

const capped = (value: string) => value.trim().slice(0, MAX_MATCHED_VALUE_LENGTH);

/**
 * Blacklist semantics: regex entries match anywhere, plain entries as substrings. An entry
 * that is not a usable regex (invalid or unsafe) is used as plain text, as the reference does
 * for invalid ones.
 */
export function blacklistMatcher(
  patterns: readonly string[],
  caseSensitive: boolean,
): ValueMatcher {
  const fold = (s: string) => (caseSensitive ? s : s.toLowerCase());
  const tests = patterns.map((pattern): ((value: string) => boolean) => {
    const regex = looksLikeRegex(pattern)
      ? compileSafeRegex(pattern, caseSensitive ? '' : 'i')
      : undefined;
    if (regex) return (value) => regex.test(value);
    const needle = fold(pattern);
    return (value) => fold(value).includes(needle);
  });
  return (values) =>
    values.some((raw) => {
      const value = capped(raw);
      return value !== '' && tests.some((test) => test(value));
    });
}

/**
 * Whitelist semantics: IP-shaped entries and other plain strings match exactly; regex
 * entries match as regexes; an unusable regex never matches (the whitelist fails closed).
 */
export function whitelistMatcher(patterns: readonly string[]): ValueMatcher {
  const tests = patterns.map((pattern): ((value: string) => boolean) => {
    if (isExactIpPattern(pattern) || !looksLikeRegex(pattern)) return (value) => value === pattern;
    const regex = compileSafeRegex(pattern);
    return regex ? (value) => regex.test(value) : () => false;
  });
  return (values) =>
    values.some((raw) => {
      const value = capped(raw);
      return value !== '' && tests.some((test) => test(value));
    });
}
