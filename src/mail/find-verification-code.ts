/**
 * @module Finds a verification code in mail text: a 4–12 character token next to a code
 * keyword (verification-keywords.ts), that is not a year, a date, a phone number, an amount
 * or a duration. Deterministic, and linear in the input: every regex is a literal
 * alternation or has bounded repetition, and windows around keywords are short.
 */
import {
  KEYWORD_PATTERN,
  NOT_A_CODE_AFTER,
  NOT_A_CODE_BEFORE,
  UPPER_KEYWORD_PATTERN,
  VERIFY_CONTEXT,
} from './verification-keywords.js';

export interface FoundCode {
  code: string;
  /** The keyword as written in the mail, whitespace collapsed ("verification code", "验证码"). */
  keyword: string;
}

/** How far after a keyword the code may stand ("code for your Acme account is: 123456"). */
const AFTER_WINDOW = 120;
/** How far before a keyword ("123456 is your Instagram code"). */
const BEFORE_WINDOW = 60;
/** Keyword occurrences examined; a mail with more is not a verification mail. */
const MAX_KEYWORDS = 200;

/**
 * A code token: a grouped digit code ("123 456", "1234-5678", "12 34 56", "1 2 3 4 5 6") not
 * followed by more digit groups, or an ASCII alphanumeric run with optional hyphens
 * ("482913", "K9X-4B2", "2024-05-01" — the last one rejected later as a date).
 */
const TOKEN =
  /(?<![A-Za-z0-9_.,])(?:(?:\d{3}[ -]\d{3}|\d{4}[ -]\d{4}|\d{2}[ -]\d{2}[ -]\d{2}|\d(?: \d){3,7})(?![ -]?\d)|[A-Za-z0-9]{1,16}(?:-[A-Za-z0-9]{1,16}){0,3})(?![A-Za-z0-9_])/g;
const DELIMITER = /[:：=]|(?<![\p{L}])(?:is|are|was|ist|est|es)(?![\p{L}])|是|为|為|は|는|은|です/u;
const SENTENCE_END = /[。！？!?]|\.(?=\s|$)/;
const UNIT_SUFFIX =
  /^\d+(?:min|mins|minutes?|sec|secs|seconds?|s|h|hr|hrs|hours?|days?|d|mb|gb|kb|tb|px|pt|am|pm|th|st|nd|rd|p|k|m|x)$/i;
const CURRENCY_BEFORE = /(?:[$€£¥₹₩]|\b(?:usd|eur|gbp|rmb|cny|jpy|krw|rs|inr|us\$)\.?)\s?$/i;
const AMOUNT_AFTER =
  /^(?:[.,]\d|\s?(?:%|usd|eur|gbp|rmb|cny|jpy|元|円|원|美元|块|dollars?|euros?)(?![\p{L}]))/iu;
const PHONE_BEFORE =
  /(?:\+|\(|tel|phone|call|fax|mobile|whatsapp|电话|手机|致电|客服|電話)[\s.:：]{0,3}$/iu;
const PROMO_AFTER = /^.{0,20}?(?:\d\s?%|\boff\b|折|优惠|割引|할인)/iu;
const GAP_CONNECTOR = /(?<![\p{L}])(?:is|are|was|as)(?![\p{L}])|[是为為は이가(（【[:：—–-]/u;
const CJK_ONLY_GAP =
  /^[\s\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]{0,8}$/u;
const CODE_LINE =
  /^[ \t]{0,8}[[【(（「『"']?[ \t]{0,3}(\d{4,8}|\d{3}[ -]\d{3})[ \t]{0,3}[\]】)）」』"']?[ \t]{0,8}$/;

/** Scans `text` (already capped by the caller) and returns the first plausible code. */
export function findVerificationCode(text: string): FoundCode | null {
  const normalized = normalize(text);
  const keywords = [
    ...matchesOf(KEYWORD_PATTERN, normalized),
    ...matchesOf(UPPER_KEYWORD_PATTERN, normalized),
  ].sort((a, b) => a.index - b.index);
  for (const { index, match } of keywords.slice(0, MAX_KEYWORDS)) {
    const end = index + match.length;
    if (isUnrelatedCode(normalized, match, index, end)) continue;
    const code = codeAfter(normalized, end) ?? codeBefore(normalized, index);
    if (code) return { code, keyword: match.replace(/\s+/g, ' ').trim() };
  }
  return codeOnOwnLine(normalized);
}

function matchesOf(pattern: RegExp, text: string): { index: number; match: string }[] {
  return [...text.matchAll(pattern)].map((m) => ({ index: m.index, match: m[0] }));
}

/** Removes what hides or fakes codes: zero-width characters, full-width forms, URLs, e-mails. */
function normalize(text: string): string {
  const withoutLinks = text
    .replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, '')
    .replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, (ch) =>
      String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
    )
    .replace(/\r\n?/g, '\n')
    .replace(/\bhttps?:\/\/[^\s<>"']+/gi, ' ')
    .replace(/\bwww\.[^\s<>"']+/gi, ' ');
  return blankEmails(withoutLinks);
}

const EMAIL_DOMAIN = /[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}/y;
const LOCAL_PART_MAX = 64;

/** [\w.+-] */
function isLocalPartChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 95 ||
    c === 46 ||
    c === 43 ||
    c === 45
  );
}

/**
 * The same as `text.replace(/[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}/g, ' ')`, in
 * linear time. That regex tries every position of the text as the start of a local part and
 * scans ahead for an "@": 100–200 µs per 5 KB of text, most of the code search and over a tenth
 * of a mail's intake CPU (bench/README.md). Here only the "@"s are visited: the match starts at
 * the leftmost local-part character within 64 before it (and after the previous match), and
 * the domain is the same regex, anchored after the "@".
 */
function blankEmails(text: string): string {
  let out = '';
  let done = 0;
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (
      start > done &&
      at - start < LOCAL_PART_MAX &&
      isLocalPartChar(text.charCodeAt(start - 1))
    )
      start--;
    if (start === at) continue;
    EMAIL_DOMAIN.lastIndex = at + 1;
    if (!EMAIL_DOMAIN.test(text)) continue;
    out += `${text.slice(done, start)} `;
    done = EMAIL_DOMAIN.lastIndex;
    at = done - 1;
  }
  return done === 0 ? text : out + text.slice(done);
}

function isUnrelatedCode(text: string, match: string, start: number, end: number): boolean {
  if (!/^(?:code|código|код)$/i.test(match)) return false;
  return (
    NOT_A_CODE_BEFORE.test(text.slice(Math.max(0, start - 20), start)) ||
    NOT_A_CODE_AFTER.test(text.slice(end, end + 30))
  );
}

/** The window after a keyword: to the end of the sentence, at most three line breaks on. */
function windowAfter(text: string, end: number): string {
  let window = text.slice(end, end + AFTER_WINDOW);
  const lines = window.split('\n');
  if (lines.length > 4) window = lines.slice(0, 4).join('\n');
  const stop = SENTENCE_END.exec(window);
  return stop ? window.slice(0, stop.index) : window;
}

function codeAfter(text: string, end: number): string | null {
  const window = windowAfter(text, end);
  const delimiter = DELIMITER.exec(window);
  const fromDelimiter = delimiter ? delimiter.index + delimiter[0].length : 0;
  return (
    firstCode(text, end, window, fromDelimiter) ??
    (fromDelimiter > 0 ? firstCode(text, end, window.slice(0, delimiter?.index), 0) : null)
  );
}

function firstCode(text: string, offset: number, window: string, from: number): string | null {
  TOKEN.lastIndex = from;
  for (let m = TOKEN.exec(window); m; m = TOKEN.exec(window)) {
    const code = plausibleCode(text, offset + m.index, m[0]);
    if (code) return code;
  }
  return null;
}

/** "123456 is your code", "123456（登录验证码）": a code shortly before the keyword. */
function codeBefore(text: string, start: number): string | null {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const from = Math.max(lineStart, start - BEFORE_WINDOW);
  const window = text.slice(from, start);
  TOKEN.lastIndex = 0;
  const tokens = [...window.matchAll(TOKEN)];
  // nearest first: words between the code and the keyword ("your", "Instagram") are skipped
  for (let i = tokens.length - 1; i >= 0; i--) {
    const token = tokens[i];
    if (!token) continue;
    const gap = window.slice(token.index + token[0].length);
    if (/[.。!！?？\d]/.test(gap) || gap.length > 40) return null;
    if (!GAP_CONNECTOR.test(gap) && !CJK_ONLY_GAP.test(gap)) continue;
    const code = plausibleCode(text, from + token.index, token[0]);
    if (code) return code;
  }
  return null;
}

/** Fallback for mails that ask to verify but name no keyword: a code alone on a line. */
function codeOnOwnLine(text: string): FoundCode | null {
  const context = VERIFY_CONTEXT.exec(text);
  if (!context) return null;
  let offset = 0;
  for (const line of text.split('\n')) {
    const m = CODE_LINE.exec(line);
    const token = m?.[1];
    if (token) {
      const code = plausibleCode(text, offset + line.indexOf(token), token);
      if (code) return { code, keyword: context[0] };
    }
    offset += line.length + 1;
  }
  return null;
}

/** The code a token stands for (separators removed), or null when it is something else. */
function plausibleCode(text: string, index: number, token: string): string | null {
  const code = token.replace(/[ -]/g, '');
  const before = text.slice(Math.max(0, index - 12), index);
  const after = text.slice(index + token.length, index + token.length + 24);
  if (code.length < 4 || code.length > 12) return null;
  if (CURRENCY_BEFORE.test(before) || AMOUNT_AFTER.test(after)) return null;
  if (/^[:：]\d/.test(after) || /\d[:：]$/.test(before)) return null; // a time
  if (PROMO_AFTER.test(after)) return null;
  if (/^\d+$/.test(code)) return plausibleDigits(code, token, before) ? code : null;
  if (!/\d/.test(code) || !/[A-Za-z]/.test(code) || UNIT_SUFFIX.test(code)) return null;
  return code;
}

function plausibleDigits(code: string, token: string, before: string): boolean {
  if (PHONE_BEFORE.test(before)) return false;
  if (token.length === 4 && isYear(code)) return false;
  if (code.length === 8 && isCompactDate(code)) return false;
  if (/^\d{4}-\d{1,2}-\d{1,2}$|^\d{1,2}-\d{1,2}-\d{4}$/.test(token)) return false; // a date
  // phone-like: many groups, or a Chinese mobile number (1[3-9] + 9 digits)
  if (token.split(/[ -]/).length >= 3 && code.length >= 10) return false;
  if (/^1[3-9]\d{9}$/.test(code)) return false;
  return true;
}

function isYear(digits: string): boolean {
  const year = Number(digits);
  return year >= 1900 && year <= 2099;
}

function isCompactDate(digits: string): boolean {
  const month = Number(digits.slice(4, 6));
  const day = Number(digits.slice(6, 8));
  return isYear(digits.slice(0, 4)) && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}
