/**
 * The site announcement (ANNOUNCEMENT), as text: until dismissed, or on every visit when
 * ALWAYS_SHOW_ANNOUNCEMENT is set. A changed announcement shows again.
 */
import { useState } from 'preact/hooks';
import { useI18n } from '../i18n';
import { readStored, writeStored } from '../state/store';

const KEY = 'tmpmail.dismissedAnnouncement';

export function Announcement({ text, always }: { text: string; always: boolean }) {
  const { t } = useI18n();
  const [dismissed, setDismissed] = useState(
    () => !always && readStored(KEY, (raw) => (typeof raw === 'string' ? raw : undefined)) === text,
  );
  if (!text.trim() || dismissed) return null;
  return (
    <aside class="announcement" aria-label={t('announcement.label')} data-testid="announcement">
      <p>{text}</p>
      {!always && (
        <button
          type="button"
          class="btn btn-ghost btn-icon"
          aria-label={t('announcement.dismiss')}
          onClick={() => {
            writeStored(KEY, text);
            setDismissed(true);
          }}
        >
          ×
        </button>
      )}
    </aside>
  );
}
