/**
 * @module Which selectors of a mail's style sheet are kept, checked by a strict scanner of our
 * own (no selector parser among our dependencies): element names the sanitiser keeps, the
 * universal selector, classes, the four combinators and a short list of structural and
 * user-action pseudo-classes. Everything else is refused, on purpose:
 * - ids (the sanitiser drops them) and attribute selectors, which let a sheet test attribute
 *   values character by character and would reach our own `data-*` markers;
 * - `:link`, `:visited`, `:any-link` (browsing history), functional pseudo-classes taking
 *   selectors (`:not()`, `:is()`, `:has()`: more to vet than they are worth in a mail);
 * - every pseudo-element: without `content` (never allowed) `::before`/`::after` draw nothing,
 *   and the rest style browser parts, not the mail;
 * - escapes, strings, namespaces, nesting (`&`) and anything outside ASCII.
 * Kept selectors are written back from what was read, so the output never holds a character
 * the scanner did not accept.
 */
import { mailHtmlAllowList } from './mail-html-allow-list.js';

// The mail's own elements, plus html and body: its <body> is kept as a div, and senders style
// the document's body for its background and margins.
const TYPES = new Set([...mailHtmlAllowList.tags, 'html', 'body']);
const PSEUDO_CLASSES = new Set([
  'hover',
  'active',
  'focus',
  'focus-visible',
  'focus-within',
  'first-child',
  'last-child',
  'only-child',
  'first-of-type',
  'last-of-type',
  'only-of-type',
  'empty',
  'root',
]);
const NTH_PSEUDO_CLASSES = new Set([
  'nth-child',
  'nth-last-child',
  'nth-of-type',
  'nth-last-of-type',
]);
const COMBINATORS = new Set(['>', '+', '~']);
// Real selectors stay far below these; they only bound the work a hostile one causes (the
// browser's matching cost grows with the compounds of a selector, ours with its length).
const MAX_COMPOUNDS = 16;
const MAX_NAME_LENGTH = 128;
const MAX_SELECTORS_PER_RULE = 64;

const isSpace = (c: string | undefined) =>
  c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';
const isLetter = (c: string | undefined) =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** Reads one selector, position by position; `undefined` from any method means refused. */
class SelectorScanner {
  private at = 0;

  constructor(private readonly text: string) {}

  /** The whole selector, normalised, or undefined. */
  complex(): string | undefined {
    this.skipSpace();
    const out: string[] = [];
    for (let compounds = 1; compounds <= MAX_COMPOUNDS; compounds++) {
      const compound = this.compound();
      if (compound === undefined) return undefined;
      out.push(compound);
      const spaced = this.skipSpace();
      const next = this.text[this.at];
      if (next === undefined) return out.join('');
      if (COMBINATORS.has(next)) {
        this.at += 1;
        this.skipSpace();
        out.push(` ${next} `);
      } else if (spaced) {
        out.push(' ');
      } else {
        return undefined;
      }
    }
    return undefined;
  }

  private skipSpace(): boolean {
    const start = this.at;
    while (isSpace(this.text[this.at])) this.at += 1;
    return this.at > start;
  }

  /** `*` or an element name, then classes and pseudo-classes; at least one part. */
  private compound(): string | undefined {
    let out = '';
    if (this.text[this.at] === '*') {
      this.at += 1;
      out = '*';
    } else if (isLetter(this.text[this.at])) {
      const name = this.name(false)?.toLowerCase();
      if (name === undefined || !TYPES.has(name)) return undefined;
      out = name;
    }
    for (;;) {
      const c = this.text[this.at];
      let part: string | undefined;
      if (c === '.') part = this.className();
      else if (c === ':') part = this.pseudoClass();
      else return out === '' ? undefined : out;
      if (part === undefined) return undefined;
      out += part;
    }
  }

  /** An ASCII name: a letter (or, with `dashes`, `-`/`_` before one), then word characters. */
  private name(dashes: boolean): string | undefined {
    const start = this.at;
    if (dashes && this.text[this.at] === '-') this.at += 1;
    const first = this.text[this.at];
    if (!(isLetter(first) || (dashes && first === '_'))) return undefined;
    this.at += 1;
    for (;;) {
      const c = this.text[this.at];
      if (!(isLetter(c) || isDigit(c) || c === '-' || (dashes && c === '_'))) break;
      this.at += 1;
    }
    return this.at - start <= MAX_NAME_LENGTH ? this.text.slice(start, this.at) : undefined;
  }

  private className(): string | undefined {
    this.at += 1;
    const name = this.name(true);
    return name === undefined ? undefined : `.${name}`;
  }

  private pseudoClass(): string | undefined {
    this.at += 1;
    const name = this.name(false)?.toLowerCase();
    if (name === undefined) return undefined;
    if (PSEUDO_CLASSES.has(name)) return `:${name}`;
    if (!NTH_PSEUDO_CLASSES.has(name) || this.text[this.at] !== '(') return undefined;
    const close = this.text.indexOf(')', this.at);
    if (close === -1) return undefined;
    const argument = nthArgument(this.text.slice(this.at + 1, close));
    this.at = close + 1;
    return argument === undefined ? undefined : `:${name}(${argument})`;
  }
}

/** An `An+B` argument (`odd`, `even`, `3`, `-n+2`, `2n + 1`) normalised, or undefined. */
export function nthArgument(raw: string): string | undefined {
  let text = '';
  for (const c of raw) if (!isSpace(c)) text += c.toLowerCase();
  if (text === 'odd' || text === 'even') return text;
  let at = 0;
  const digits = () => {
    const start = at;
    while (isDigit(text[at]) && at - start < 9) at += 1;
    return at - start;
  };
  if (text[at] === '+' || text[at] === '-') at += 1;
  const a = digits();
  if (text[at] !== 'n') return a > 0 && at === text.length ? text : undefined;
  at += 1;
  if (at === text.length) return text;
  if (text[at] !== '+' && text[at] !== '-') return undefined;
  at += 1;
  return digits() > 0 && at === text.length ? text : undefined;
}

/**
 * The selectors of a list, split at its top-level commas; undefined if it holds an escape or a
 * string, where a comma may not separate anything (`p\\,a` is one selector).
 */
function splitList(selectorList: string): string[] | undefined {
  const selectors: string[] = [];
  let depth = 0;
  let start = 0;
  for (let at = 0; at < selectorList.length; at++) {
    const c = selectorList[at];
    if (c === '\\' || c === '"' || c === "'") return undefined;
    if (c === '(') depth += 1;
    else if (c === ')') depth -= 1;
    else if (c === ',' && depth === 0) {
      selectors.push(selectorList.slice(start, at));
      start = at + 1;
    }
  }
  selectors.push(selectorList.slice(start));
  return selectors;
}

/**
 * The selectors of a rule's selector list that are safe, normalised and joined with commas,
 * or undefined when none is. Refused selectors are left out of the list: the rule then
 * applies to fewer elements, never to others.
 */
export function safeMailSelectorList(selectorList: string): string | undefined {
  const kept: string[] = [];
  for (const selector of splitList(selectorList) ?? []) {
    const safe = new SelectorScanner(selector).complex();
    if (safe !== undefined && !kept.includes(safe)) kept.push(safe);
    if (kept.length === MAX_SELECTORS_PER_RULE) break;
  }
  return kept.length > 0 ? kept.join(',') : undefined;
}
