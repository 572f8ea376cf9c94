/** Rows of the admin mail list: sender, recipient, subject, date; each a link to the mail. */
import type { MailSummary } from '../../api/types';
import { formatShortDate, formatSize, senderName } from '../../mail-format';
import { Link } from '../../router';
import { useAdminI18n } from './admin-i18n';
import { TableState } from './table-parts';
import { pageHref, usePageQuery } from '../../state/use-page-query';
import type { Paged } from './use-paged';

export function AdminMailList({
  paged,
  selectedId,
}: {
  paged: Paged<MailSummary>;
  selectedId?: number | undefined;
}) {
  const { t, lang } = useAdminI18n();
  const { params } = usePageQuery('/admin');
  const base = Object.fromEntries(params.entries());
  return (
    <div class="card admin-mail-list" aria-busy={paged.loading}>
      <ul class="mail-items" data-testid="admin-mail-list">
        {paged.rows.map((mail) => (
          <li
            key={mail.id}
            class={`mail-row${mail.id === selectedId ? ' selected' : ''}`}
            data-testid="admin-mail-item"
            data-mail-id={mail.id}
          >
            <Link
              href={pageHref('/admin', { ...base, mail: mail.id })}
              class="mail-link"
              aria-current={mail.id === selectedId ? 'true' : undefined}
            >
              <span class="mail-from">{senderName(mail.sender, mail.source ?? '')}</span>
              <time class="mail-date" dateTime={mail.created_at}>
                {formatShortDate(mail.created_at, lang)}
              </time>
              <span class="mail-subject">{mail.subject || t('inbox.noSubject')}</span>
              <span class="mail-to">
                → {mail.address}
                {mail.size != null && <span class="muted"> · {formatSize(mail.size)}</span>}
              </span>
            </Link>
          </li>
        ))}
      </ul>
      <TableState paged={paged} empty={t('admin.mails.none')} />
    </div>
  );
}
