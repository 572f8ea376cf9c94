/** A mail's text part, with its web links made clickable (opened in a new tab, no referrer). */
import { useI18n } from '../i18n';

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"')\]]+/gi;

export function MailText({ text }: { text: string }) {
  const { t } = useI18n();
  if (!text.trim()) return <p class="muted">{t('mail.noText')}</p>;
  const parts: (string | { url: string })[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0;
    parts.push(text.slice(last, start), { url: match[0] });
    last = start + match[0].length;
  }
  parts.push(text.slice(last));
  return (
    <pre class="mail-text" data-testid="mail-text">
      {parts.map((part, i) =>
        typeof part === 'string' ? (
          part
        ) : (
          <a key={i} href={part.url} target="_blank" rel="noopener noreferrer">
            {part.url}
          </a>
        ),
      )}
    </pre>
  );
}
