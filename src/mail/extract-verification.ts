/**
 * @module Deterministic replacement for the reference's AI extraction (§7.1 step 9): the
 * verification code, else the sign-in link, else a service link, else the unsubscribe link
 * of a mail, in the reference's `{type, result, result_text}` shape.
 */
import {
  classifyLinks,
  linksInListUnsubscribe,
  linksInText,
  type LinkKind,
} from './classify-links.js';
import { findVerificationCode } from './find-verification-code.js';
import { htmlToText, type HtmlLink } from './html-to-text.js';
import type { ExtractResult, ParsedMessage } from './parsed-message.js';

/**
 * Text scanned per mail. Codes and sign-in links sit near the top; the cap keeps a 20 MB
 * text body from costing seconds of CPU in the intake path.
 */
export const MAX_SCAN_CHARS = 100 * 1024;
/** HTML converted per mail (markup is several times longer than its text). */
const MAX_HTML_CHARS = 512 * 1024;

const LINK_PRIORITY: readonly LinkKind[] = ['auth_link', 'service_link', 'subscription_link'];
const DEFAULT_LINK_TEXT: Readonly<Record<LinkKind, string>> = {
  auth_link: 'Verification link',
  service_link: 'Service link',
  subscription_link: 'Unsubscribe link',
};
/** Longest result_text kept (it is a label, shown next to the result). */
const MAX_LABEL_CHARS = 80;

/**
 * Finds what a person opening the mail most likely wants: a code (`auth_code`), a sign-in
 * or confirmation link (`auth_link`), a service link, or an unsubscribe link. Codes are read
 * from the text part, or the HTML converted to text when there is no text part. Links come
 * from the text and from the HTML anchors (whose visible text becomes result_text), then
 * from List-Unsubscribe. Returns null when the mail holds none of these.
 */
export function extractVerification(parsed: ParsedMessage): ExtractResult | null {
  const html = parsed.html ? htmlToText(parsed.html.slice(0, MAX_HTML_CHARS)) : null;
  const text = (parsed.text || html?.text || '').slice(0, MAX_SCAN_CHARS);

  const found = findVerificationCode(text);
  if (found) return { type: 'auth_code', result: found.code, result_text: found.keyword };

  const links = classifyLinks([
    ...(html?.links ?? []),
    ...linksInText(text),
    ...listUnsubscribeLinks(parsed.headers),
  ]);
  for (const kind of LINK_PRIORITY) {
    const link = links.find((candidate) => candidate.kind === kind);
    if (link) return { type: kind, result: link.url, result_text: label(link.label, kind) };
  }
  return null;
}

function listUnsubscribeLinks(headers: ParsedMessage['headers']): HtmlLink[] {
  const header = headers.find(({ key }) => key === 'list-unsubscribe');
  return header
    ? linksInListUnsubscribe(header.value).map((link) => ({ ...link, label: 'Unsubscribe' }))
    : [];
}

function label(text: string, kind: LinkKind): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (!clean || /^https?:\/\//i.test(clean)) return DEFAULT_LINK_TEXT[kind];
  return clean.length > MAX_LABEL_CHARS ? `${clean.slice(0, MAX_LABEL_CHARS - 1)}…` : clean;
}
