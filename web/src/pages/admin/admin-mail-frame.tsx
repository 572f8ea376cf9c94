/**
 * A mail's HTML for the admin: the server's sanitised document (GET /admin/mails/:id/html) in
 * the same sandboxed frame as the inbox (components/mail-html-frame.tsx, which fetches with an
 * address credential): no scripts, an opaque origin, links open in a new tab, and remote
 * images stay blocked until asked for.
 */
import { useEffect, useState } from 'preact/hooks';
import { getAdminMailHtml } from '../../api/admin-api';
import { errorMessage } from '../../api/client';
import type { MailHtml } from '../../api/types';
import { useAdminI18n } from './admin-i18n';

export function AdminMailFrame(props: { mailId: number; onUnavailable(reason: string): void }) {
  const { t } = useAdminI18n();
  const { mailId } = props;
  const [remote, setRemote] = useState(false);
  const [doc, setDoc] = useState<MailHtml | null>(null);
  useEffect(() => {
    let active = true;
    getAdminMailHtml(mailId, remote)
      .then((result) => active && setDoc(result))
      .catch((error: unknown) => active && props.onUnavailable(errorMessage(error)));
    return () => {
      active = false;
    };
    // onUnavailable is a parent callback; a new one must not fetch the document again.
  }, [mailId, remote]);

  if (!doc) return <p class="muted">{t('common.loading')}</p>;
  return (
    <div class="mail-html">
      {doc.remoteImages > 0 && !remote && (
        <div class="remote-images">
          <p class="hint" id={`admin-remote-help-${mailId}`}>
            {t('mail.remoteImagesHelp')}
          </p>
          <button
            type="button"
            class="btn btn-small"
            aria-describedby={`admin-remote-help-${mailId}`}
            data-testid="load-remote-images"
            onClick={() => setRemote(true)}
          >
            {t('mail.remoteImages', { count: doc.remoteImages })}
          </button>
        </div>
      )}
      <div class="frame-box">
        <iframe
          key={`${mailId}-${remote ? 'remote' : 'local'}`}
          sandbox="allow-popups allow-popups-to-escape-sandbox"
          srcdoc={doc.html}
          title={t('mail.frameTitle')}
          referrerpolicy="no-referrer"
          data-testid="mail-frame"
        />
      </div>
    </div>
  );
}
