/** How mail fields are shown: dates, sizes, senders, and the extracted code or link. */
import type { Extracted } from './api/types';
import type { Lang } from './i18n';

/** The API's `YYYY-MM-DD HH:MM:SS` (UTC) as a Date. */
export function parseApiDate(value: string): Date {
  return new Date(`${value.replace(' ', 'T')}Z`);
}

const locale = (lang: Lang) => (lang === 'zh' ? 'zh-CN' : 'en');

/** Time only for today's mail, the date otherwise (list rows). */
export function formatShortDate(value: string, lang: Lang, now = new Date()): string {
  const date = parseApiDate(value);
  if (Number.isNaN(date.getTime())) return value;
  const sameDay = date.toDateString() === now.toDateString();
  return date.toLocaleString(
    locale(lang),
    sameDay ? { hour: '2-digit', minute: '2-digit' } : { month: 'short', day: 'numeric' },
  );
}

export function formatFullDate(value: string, lang: Lang): string {
  const date = parseApiDate(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleString(locale(lang), { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** "Name <addr>" → "Name"; a bare address stays as it is. */
export function senderName(sender: string | null | undefined, fallback = ''): string {
  const value = (sender ?? '').trim();
  if (!value) return fallback;
  const match = value.match(/^"?([^"<]*?)"?\s*<[^>]+>$/);
  return match?.[1]?.trim() || value.replace(/^<|>$/g, '');
}

const EXTRACT_TYPES = new Set(['auth_code', 'auth_link', 'service_link', 'subscription_link']);

/** The code or link the server extracted, from a mail's `metadata` JSON text. */
export function parseExtracted(metadata: string | null | undefined): Extracted | undefined {
  if (!metadata) return undefined;
  try {
    const value = (JSON.parse(metadata) as { ai_extract?: Partial<Extracted> }).ai_extract;
    if (!value || typeof value.result !== 'string' || value.result === '') return undefined;
    if (!EXTRACT_TYPES.has(value.type ?? '')) return undefined;
    return {
      type: value.type as Extracted['type'],
      result: value.result,
      result_text: typeof value.result_text === 'string' ? value.result_text : '',
    };
  } catch {
    return undefined;
  }
}

/** Only http(s) links become clickable; anything else is shown as text. */
export function isWebLink(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

/** Saves a Blob as a file through a temporary object URL. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
