/**
 * @module Which `@media` conditions of a mail's style sheet are kept: the screen (or all media)
 * and the width, height, orientation and colour scheme of the viewport, which is what mail
 * senders use for phones and dark mode. Read by a strict scanner of our own and written back
 * normalised, so the output never holds a character it did not accept; a list with any
 * condition beyond these (print, resolution, range syntax, `supports()`, ...) is refused whole.
 */

const MEDIA_TYPES = new Set(['all', 'screen']);
const LENGTH_FEATURES = new Set([
  'width',
  'min-width',
  'max-width',
  'height',
  'min-height',
  'max-height',
  'device-width',
  'min-device-width',
  'max-device-width',
]);
const KEYWORD_FEATURES = new Map([
  ['orientation', new Set(['portrait', 'landscape'])],
  ['prefers-color-scheme', new Set(['light', 'dark'])],
]);
const LENGTH_UNITS = new Set(['px', 'em', 'rem']);
// A real list has one to three queries; this bounds the work on a hostile one.
const MAX_QUERIES = 8;
const MAX_TOKENS = 256;

type Token = { kind: 'word' | 'number'; text: string } | { kind: '(' | ')' | ':' | ',' };

const isSpace = (c: string | undefined) =>
  c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';
const isLetter = (c: string | undefined) =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** Words (lower-cased), numbers with their unit, and punctuation; undefined on anything else. */
function tokenize(text: string): Token[] | undefined {
  const tokens: Token[] = [];
  let at = 0;
  const take = (accept: (c: string | undefined) => boolean) => {
    const start = at;
    while (accept(text[at])) at += 1;
    return text.slice(start, at);
  };
  while (at < text.length) {
    const c = text[at];
    if (tokens.length > MAX_TOKENS) return undefined;
    if (isSpace(c)) {
      take(isSpace);
    } else if (c === '(' || c === ')' || c === ':' || c === ',') {
      tokens.push({ kind: c });
      at += 1;
    } else if (isLetter(c) || (c === '-' && isLetter(text[at + 1]))) {
      const word = take((d) => isLetter(d) || isDigit(d) || d === '-');
      tokens.push({ kind: 'word', text: word.toLowerCase() });
    } else if (isDigit(c)) {
      let number = take(isDigit);
      if (text[at] === '.' && isDigit(text[at + 1])) {
        at += 1;
        number += `.${take(isDigit)}`;
      }
      number += take(isLetter).toLowerCase();
      tokens.push({ kind: 'number', text: number });
    } else {
      return undefined;
    }
  }
  return tokens;
}

function lengthAllowed(value: string): boolean {
  if (value === '0') return true;
  let unit = value;
  while (unit !== '' && (isDigit(unit[0]) || unit[0] === '.')) unit = unit.slice(1);
  return unit !== value && LENGTH_UNITS.has(unit);
}

/** `(name: value)` from `tokens[at]`: its text and where it ends, or undefined. */
function feature(tokens: Token[], at: number): { text: string; end: number } | undefined {
  const [open, name, colon, value, close] = tokens.slice(at, at + 5);
  if (open?.kind !== '(' || name?.kind !== 'word' || colon?.kind !== ':') return undefined;
  if (close?.kind !== ')' || (value?.kind !== 'word' && value?.kind !== 'number')) return undefined;
  const keywords = KEYWORD_FEATURES.get(name.text);
  const allowed = keywords
    ? value.kind === 'word' && keywords.has(value.text)
    : LENGTH_FEATURES.has(name.text) && value.kind === 'number' && lengthAllowed(value.text);
  return allowed ? { text: `(${name.text}:${value.text})`, end: at + 5 } : undefined;
}

/** One query: `[only|not] type [and (feature)]*` or `(feature) [and (feature)]*`. */
function query(tokens: Token[]): string | undefined {
  const out: string[] = [];
  let at = 0;
  const word = () => {
    const token = tokens[at];
    return token?.kind === 'word' ? token.text : undefined;
  };
  const modifier = word();
  if (modifier === 'only' || modifier === 'not') {
    out.push(modifier);
    at += 1;
  }
  const type = word();
  if (type !== undefined) {
    if (!MEDIA_TYPES.has(type)) return undefined;
    out.push(type);
    at += 1;
  } else {
    if (out.length > 0) return undefined;
    const first = feature(tokens, at);
    if (!first) return undefined;
    out.push(first.text);
    at = first.end;
  }
  while (at < tokens.length) {
    if (word() !== 'and') return undefined;
    const next = feature(tokens, at + 1);
    if (!next) return undefined;
    out.push('and', next.text);
    at = next.end;
  }
  return out.join(' ');
}

/** The media query list `params`, normalised, or undefined unless every query is allowed. */
export function safeMediaQueryList(params: string): string | undefined {
  const tokens = tokenize(params);
  if (!tokens || tokens.length === 0) return undefined;
  const queries: string[] = [];
  let current: Token[] = [];
  for (const token of [...tokens, { kind: ',' } as const]) {
    if (token.kind !== ',') {
      current.push(token);
      continue;
    }
    const safe = query(current);
    if (safe === undefined || queries.length === MAX_QUERIES) return undefined;
    queries.push(safe);
    current = [];
  }
  return queries.join(',');
}
