/**
 * One mail as the admin sees it: sender, recipient, date, the body in the sandboxed frame (or
 * the raw source when no HTML view can be had), the source, a download, and deleting it.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { deleteMail, getAdminMailHtml, getMail } from '../../api/admin-api';
import { errorMessage } from '../../api/client';
import type { MailRow } from '../../api/types';
import { ExtractedChip } from '../../components/extracted-chip';
import { MailHtmlFrame } from '../../components/mail-html-frame';
import { formatFullDate, formatSize, parseExtracted, saveBlob } from '../../mail-format';
import { notify } from '../../state/notices';
import { useAdminI18n } from './admin-i18n';
import { LoadGate } from '../../components/load-gate';
import { useLoaded } from '../../state/use-loaded';

interface AdminMailViewProps {
  id: number;
  onClose(): void;
  onDeleted(): void;
}

function MailBody({ mail }: { mail: MailRow }) {
  const { t } = useAdminI18n();
  const [htmlMissing, setHtmlMissing] = useState(false);
  const loader = useCallback(
    (remoteImages: boolean) => getAdminMailHtml(mail.id, remoteImages),
    [mail.id],
  );
  if (!htmlMissing)
    return <MailHtmlFrame loader={loader} onUnavailable={() => setHtmlMissing(true)} />;
  return (
    <>
      <p class="hint">{t('admin.mail.noHtml')}</p>
      <pre class="mail-source-text" data-testid="admin-mail-raw">
        {mail.raw}
      </pre>
    </>
  );
}

function Toolbar({ mail, onDeleted }: { mail: MailRow; onDeleted(): void }) {
  const { t } = useAdminI18n();
  const [source, setSource] = useState(false);
  const remove = async () => {
    if (!window.confirm(t('mail.deleteConfirm'))) return;
    try {
      await deleteMail(mail.id);
      notify(t('mail.deleted'));
      onDeleted();
    } catch (error) {
      notify(errorMessage(error), 'error');
    }
  };
  const download = () =>
    saveBlob(new Blob([mail.raw], { type: 'message/rfc822' }), `mail-${mail.id}.eml`);
  return (
    <>
      <div class="row wrap toolbar">
        <button
          type="button"
          class="btn btn-small"
          aria-expanded={source}
          onClick={() => setSource(!source)}
        >
          {source ? t('mail.hideSource') : t('mail.source')}
        </button>
        <button type="button" class="btn btn-small" onClick={download}>
          {t('mail.downloadEml')}
        </button>
        <button
          type="button"
          class="btn btn-small btn-danger"
          data-testid="admin-mail-delete"
          onClick={() => void remove()}
        >
          {t('mail.delete')}
        </button>
      </div>
      {source && (
        <pre class="mail-source-text" data-testid="admin-mail-source">
          {mail.raw}
        </pre>
      )}
    </>
  );
}

function MailContent({
  mail,
  onClose,
  onDeleted,
}: { mail: MailRow } & Omit<AdminMailViewProps, 'id'>) {
  const { t, lang } = useAdminI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  const extracted = parseExtracted(mail.metadata);
  useEffect(() => heading.current?.focus(), [mail.id]);
  return (
    <article
      class="card mail-view"
      aria-labelledby="admin-mail-subject"
      data-testid="admin-mail-view"
    >
      <button type="button" class="btn btn-small btn-ghost back-button" onClick={onClose}>
        ← {t('mail.back')}
      </button>
      <h3 id="admin-mail-subject" ref={heading} tabIndex={-1}>
        {mail.subject || t('inbox.noSubject')}
      </h3>
      <dl class="mail-meta">
        <dt>{t('mail.from')}</dt>
        <dd>{mail.sender || mail.source}</dd>
        <dt>{t('mail.to')}</dt>
        <dd>{mail.address}</dd>
        <dt>{t('mail.date')}</dt>
        <dd>
          <time dateTime={mail.created_at}>{formatFullDate(mail.created_at, lang)}</time>
        </dd>
        {mail.size != null && (
          <>
            <dt>{t('admin.mail.size')}</dt>
            <dd>{formatSize(mail.size)}</dd>
          </>
        )}
      </dl>
      {extracted && <ExtractedChip extracted={extracted} />}
      <Toolbar mail={mail} onDeleted={onDeleted} />
      <MailBody key={mail.id} mail={mail} />
    </article>
  );
}

export function AdminMailView({ id, onClose, onDeleted }: AdminMailViewProps) {
  const { t } = useAdminI18n();
  // The list carries no raw message, so the view always reads the whole mail.
  const [state, retry] = useLoaded(() => getMail(id));
  return (
    <LoadGate state={state} retry={retry}>
      {(mail) =>
        mail ? (
          <MailContent mail={mail} onClose={onClose} onDeleted={onDeleted} />
        ) : (
          <div class="card">
            <p>{t('admin.mail.missing')}</p>
            <button type="button" class="btn btn-small" onClick={onClose}>
              ← {t('mail.back')}
            </button>
          </div>
        )
      }
    </LoadGate>
  );
}
