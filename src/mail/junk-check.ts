/**
 * @module Junk check from authentication headers (reference §7.1 step 4): SPF, DKIM and
 * DMARC results as the receiving MTA recorded them in Received-SPF and
 * Authentication-Results (RFC 7208, RFC 8601).
 */

export interface JunkLists {
  /** JUNK_MAIL_CHECK_LIST: methods that, when present, must have passed. */
  checkList: readonly string[];
  /** JUNK_MAIL_FORCE_PASS_LIST: methods that must be present and have passed. */
  forcePassList: readonly string[];
}

type Method = 'spf' | 'dkim' | 'dmarc';

/** Result keywords each method defines (RFC 8601 §2.7); anything else is ignored. */
const KNOWN_RESULTS: Readonly<Record<Method, ReadonlySet<string>>> = {
  spf: new Set(['none', 'neutral', 'pass', 'fail', 'softfail', 'policy', 'temperror', 'permerror']),
  dkim: new Set(['none', 'neutral', 'pass', 'fail', 'policy', 'temperror', 'permerror']),
  dmarc: new Set(['none', 'pass', 'fail', 'temperror', 'permerror']),
};
const RECEIVED_SPF_RESULTS = new Set([
  'none', 'neutral', 'pass', 'fail', 'softfail', 'temperror', 'permerror',
]); // prettier-ignore

/** `method[/version]=result` at the start of one `;`-separated resinfo. */
const RESINFO = /^([a-z][a-z0-9_-]*)(?:[ \t]*\/[ \t]*(\d+))?[ \t]*=[ \t]*([a-z][a-z0-9_-]*)/i;
const LEADING_TOKEN = /^[ \t]*([a-z][a-z0-9_-]*)/i;

interface Results {
  present: Set<string>;
  passed: Set<string>;
}

/**
 * Whether the mail is junk: some method of `checkList` is present without any `pass`, or
 * some method of `forcePassList` has no `pass`. `none` (and `neutral` for SPF and DKIM, RFC
 * 7208 §2.6.2 / RFC 8601 §2.7.1) counts as absent. Headers that cannot be read make the mail
 * not junk, as in the reference.
 */
export function isJunk(
  headers: readonly { key: string; value: string }[],
  { checkList, forcePassList }: JunkLists,
): boolean {
  let results: Results;
  try {
    results = collectResults(headers);
  } catch {
    return false;
  }
  const names = (list: readonly string[]) => list.map((name) => name.trim().toLowerCase());
  if (names(checkList).some((m) => results.present.has(m) && !results.passed.has(m))) {
    return true;
  }
  return names(forcePassList).some((m) => !results.passed.has(m));
}

function collectResults(headers: readonly { key: string; value: string }[]): Results {
  const results: Results = { present: new Set(), passed: new Set() };
  for (const { key, value } of headers) {
    const name = key.toLowerCase();
    if (!value) continue;
    if (name === 'received-spf') {
      const result = LEADING_TOKEN.exec(value)?.[1]?.toLowerCase();
      if (result && RECEIVED_SPF_RESULTS.has(result)) record(results, 'spf', result);
    } else if (name === 'authentication-results') {
      for (const resinfo of stripComments(value).split(';')) {
        const match = RESINFO.exec(resinfo.trim());
        const method = match?.[1]?.toLowerCase();
        if (!match || !isMethod(method) || (match[2] && match[2] !== '1')) continue;
        record(results, method, (match[3] ?? '').toLowerCase());
      }
    }
  }
  return results;
}

function isMethod(method: string | undefined): method is Method {
  return method === 'spf' || method === 'dkim' || method === 'dmarc';
}

function record(results: Results, method: Method, result: string): void {
  if (!KNOWN_RESULTS[method].has(result)) return;
  if (result === 'none' || (result === 'neutral' && method !== 'dmarc')) return;
  results.present.add(method);
  if (result === 'pass') results.passed.add(method);
}

/** Drops RFC 5322 comments `( ... )` (nesting allowed) so a `;` inside one splits nothing. */
function stripComments(value: string): string {
  let depth = 0;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '\\' && depth > 0) {
      i++;
    } else if (ch === '(') {
      depth++;
    } else if (ch === ')' && depth > 0) {
      depth--;
    } else if (depth === 0) {
      out += ch;
    }
  }
  return out;
}
