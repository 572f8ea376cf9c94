/**
 * A mail's attachments: each downloads through the API with the credential header (fetch →
 * Blob → save), and raster images also show as previews from a local blob: URL.
 */
import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../api/client';
import { getAttachment } from '../api/mailbox-api';
import type { MailAttachment } from '../api/types';
import { useI18n } from '../i18n';
import { formatSize, saveBlob } from '../mail-format';
import { notify } from '../state/notices';

// The server shows only these as themselves (mails.ts INLINE_IMAGE_TYPES); SVG can carry script.
const PREVIEWABLE = /^image\/(png|jpe?g|gif|webp|bmp|avif)$/i;
// Previews load by themselves up to this size; bigger images still download.
const MAX_PREVIEW_BYTES = 5 * 1024 * 1024;

function ImagePreview(props: { jwt: string; mailId: number; index: number; name: string }) {
  const { t } = useI18n();
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let objectUrl: string | null = null;
    let active = true;
    getAttachment(props.jwt, props.mailId, props.index, true)
      .then((blob) => {
        if (!active) return;
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      })
      .catch(() => undefined);
    return () => {
      active = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [props.jwt, props.mailId, props.index]);
  if (!url) return null;
  return <img class="attachment-preview" src={url} alt={t('mail.preview', { name: props.name })} />;
}

export function MailAttachments(props: {
  jwt: string;
  mailId: number;
  attachments: MailAttachment[];
}) {
  const { t } = useI18n();
  const { jwt, mailId, attachments } = props;
  if (attachments.length === 0) return null;

  const download = async (index: number, name: string) => {
    try {
      saveBlob(await getAttachment(jwt, mailId, index), name);
    } catch (error) {
      notify(errorMessage(error), 'error');
    }
  };

  return (
    <section class="attachments" aria-labelledby={`attachments-${mailId}`}>
      <h3 id={`attachments-${mailId}`}>{t('mail.attachments')}</h3>
      <ul>
        {attachments.map((a, index) => (
          <li key={index} data-testid="attachment">
            <button
              type="button"
              class="btn btn-small"
              aria-label={t('mail.download', { name: a.filename })}
              onClick={() => void download(index, a.filename)}
            >
              ⬇ {a.filename}
            </button>
            <span class="muted">
              {a.mimeType} · {formatSize(a.size)}
            </span>
            {PREVIEWABLE.test(a.mimeType) && a.size <= MAX_PREVIEW_BYTES && (
              <ImagePreview jwt={jwt} mailId={mailId} index={index} name={a.filename} />
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
