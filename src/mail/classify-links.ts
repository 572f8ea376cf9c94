/**
 * @module Links of a mail, and which of them sign in (auth), point at a service event
 * (commit, pull request, deployment ...), or unsubscribe. Only http(s) URLs that parse.
 */
import type { HtmlLink } from './html-to-text.js';

export type LinkKind = 'auth_link' | 'service_link' | 'subscription_link';

export interface ClassifiedLink extends HtmlLink {
  kind: LinkKind | null;
}

/** Links examined per mail; newsletters carry a few hundred at most. */
const MAX_LINKS = 500;
/** Longer URLs are tracking blobs or attacks, never something a person clicks to verify. */
const MAX_URL_LENGTH = 4096;

const TEXT_URL = /\bhttps?:\/\/[^\s<>"'`\u3000-\u303f\uff08\uff09\uff0c]+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}>'"]+$/;

const SUBSCRIPTION =
  /unsubscribe|opt[-_ ]?out|manage[-_ ]?(?:your[-_ ]?)?(?:preferences|subscriptions?|notifications)|email[-_ ]?preferences|subscription[-_ ]?(?:center|settings)|退订|取消订阅|退訂|取消訂閱|配信停止|購読解除|수신\s?거부/iu;
const AUTH_URL =
  /(?<![a-z])(?:verif|confirm|activat|magic|log[-_]?in|logon|sign[-_]?in|sign[-_]?up|validat|passwordless|one[-_]?time|otp(?![a-z])|reset|token|o?auth(?!or(?:s|ship)?(?![a-z])))/;
const AUTH_LABEL =
  /verify|verification|confirm|activate|sign[\s-]?in|log[\s-]?in|reset (?:your )?password|magic link|验证|驗證|激活|登录|登入|确认|確認|認証|ログイン|인증|확인|로그인/iu;
const SERVICE_HOSTS =
  /(?:^|\.)(?:github\.com|gitlab\.com|bitbucket\.org|vercel\.com|netlify\.com|heroku\.com|atlassian\.net|linear\.app|sentry\.io)$/;
const SERVICE_PATH =
  /\/(?:commit|commits|pull|pulls|issues|merge_requests|compare|actions\/runs|pipelines|jobs|deployments|releases|builds)(?:\/|$)/;

/** Trimmed, absolute http(s) URL, or null. */
function cleanUrl(raw: string): URL | null {
  const candidate = raw.trim().replace(TRAILING_PUNCTUATION, '');
  if (candidate.length > MAX_URL_LENGTH || !/^https?:\/\//i.test(candidate)) return null;
  try {
    return new URL(candidate);
  } catch {
    return null;
  }
}

/** http(s) URLs written out in text (labels empty). */
export function linksInText(text: string): HtmlLink[] {
  const links: HtmlLink[] = [];
  for (const match of text.matchAll(TEXT_URL)) {
    links.push({ url: match[0], label: '' });
    if (links.length >= MAX_LINKS) break;
  }
  return links;
}

/** The http(s) URLs of a List-Unsubscribe header value (`<https://...>, <mailto:...>`). */
export function linksInListUnsubscribe(value: string): HtmlLink[] {
  return [...value.matchAll(/<\s*(https?:\/\/[^>\s]+)\s*>/gi)]
    .slice(0, 10)
    .map((m) => ({ url: m[1] ?? '', label: '' }));
}

/** Deduplicates by URL (keeping the first non-empty label) and classifies each link. */
export function classifyLinks(links: readonly HtmlLink[]): ClassifiedLink[] {
  const seen = new Map<string, ClassifiedLink>();
  for (const link of links.slice(0, MAX_LINKS)) {
    const url = cleanUrl(link.url);
    if (!url) continue;
    const href = url.href;
    const existing = seen.get(href);
    if (existing) {
      if (!existing.label && link.label) {
        existing.label = link.label;
        existing.kind = classify(url, link.label);
      }
      continue;
    }
    seen.set(href, { url: href, label: link.label, kind: classify(url, link.label) });
  }
  return [...seen.values()];
}

function classify(url: URL, label: string): LinkKind | null {
  const target = decodeSafely(`${url.pathname}${url.search}`).toLowerCase();
  if (SUBSCRIPTION.test(target) || SUBSCRIPTION.test(label)) return 'subscription_link';
  if (AUTH_URL.test(target) || AUTH_LABEL.test(label)) return 'auth_link';
  if (SERVICE_HOSTS.test(url.hostname) || SERVICE_PATH.test(url.pathname)) return 'service_link';
  return null;
}

function decodeSafely(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
