/** The raw message (RFC 822 source) of a mail, shown as text and downloadable as .eml. */
import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../api/client';
import { getRawText } from '../api/mailbox-api';
import { useI18n } from '../i18n';
import { formatSize } from '../mail-format';

// Rendering megabytes of base64 in a <pre> freezes phones; the download has everything.
const MAX_SHOWN_CHARS = 512 * 1024;

export function MailSource({ jwt, mailId }: { jwt: string; mailId: number }) {
  const { t } = useI18n();
  const [raw, setRaw] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let active = true;
    getRawText(jwt, mailId)
      .then((text) => active && setRaw(text))
      .catch((err: unknown) => active && setError(errorMessage(err)));
    return () => {
      active = false;
    };
  }, [jwt, mailId]);

  if (error) return <p class="form-error">{error}</p>;
  if (raw === null) return <p class="muted">{t('common.loading')}</p>;
  return (
    <div class="mail-source">
      {raw.length > MAX_SHOWN_CHARS && (
        <p class="hint">{t('mail.sourceTruncated', { size: formatSize(MAX_SHOWN_CHARS) })}</p>
      )}
      <pre data-testid="mail-source" tabIndex={0} aria-label={t('mail.source')}>
        {raw.slice(0, MAX_SHOWN_CHARS)}
      </pre>
    </div>
  );
}
