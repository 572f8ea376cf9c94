/**
 * @module A plain-text mail as HTML: every character escaped, http(s) URLs turned into links
 * (opening in a new tab, without opener or referrer), inside a <pre> that wraps long lines.
 */
import { safeLinkUrl } from './safe-link-url.js';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text as HTML text or attribute value (quotes escaped too). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

// A URL runs to the next whitespace or character that cannot be part of one in running text
// (control characters included: the browser would strip them, so the link would differ).
// eslint-disable-next-line no-control-regex
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`\u0000-\u001f\u007f]+/gi;
// Sentence punctuation right after a URL belongs to the sentence.
const TRAILING_PUNCTUATION = /[.,;:!?'")\]}]+$/;

/** The URL without trailing punctuation, keeping a closing parenthesis it opened itself. */
function trimUrl(candidate: string): string {
  const punctuation = TRAILING_PUNCTUATION.exec(candidate)?.[0] ?? '';
  let url = candidate.slice(0, candidate.length - punctuation.length);
  for (const c of punctuation) {
    const opens = (url.match(/\(/g) ?? []).length;
    const closes = (url.match(/\)/g) ?? []).length;
    if (c !== ')' || opens <= closes) break;
    url += c;
  }
  return url;
}

function link(url: string): string {
  const href = safeLinkUrl(url);
  if (!href) return escapeHtml(url);
  return `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${escapeHtml(url)}</a>`;
}

/** `text` as escaped HTML with its http(s) URLs linked, in a wrapping <pre>. */
export function plainTextToHtml(text: string): string {
  let html = '';
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const url = trimUrl(match[0]);
    html += escapeHtml(text.slice(last, match.index)) + link(url);
    last = match.index + url.length;
  }
  html += escapeHtml(text.slice(last));
  return `<pre>${html}</pre>`;
}
