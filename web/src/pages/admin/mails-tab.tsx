/**
 * All mails (optionally of one address) or the mails whose recipient is no address here; the
 * list beside the open mail on a wide screen, one at a time on a phone. The filter and the
 * open mail are in the URL (?address=…&mail=…).
 */
import { listMails, listUnknownMails } from '../../api/admin-api';
import { useAdminI18n } from './admin-i18n';
import { AdminMailList } from './admin-mail-list';
import { AdminMailView } from './admin-mail-view';
import { Pager } from './pager';
import { SearchForm } from './search-form';
import { usePageQuery } from '../../state/use-page-query';
import { usePaged } from './use-paged';

export function MailsTab({ unknown }: { unknown: boolean }) {
  const { t } = useAdminI18n();
  const { params, update } = usePageQuery('/admin');
  const address = unknown ? '' : (params.get('address') ?? '');
  const mailId = Number(params.get('mail')) || undefined;
  const paged = usePaged(
    (page) => (unknown ? listUnknownMails(page) : listMails({ ...page, address })),
    `${unknown}|${address}`,
  );
  const title = unknown ? t('admin.tab.unknown') : t('admin.tab.mails');

  return (
    <section class="stack-lg" aria-labelledby="mails-title">
      <h2 id="mails-title">{title}</h2>
      {unknown ? (
        <p class="hint">{t('admin.mails.unknownHelp')}</p>
      ) : (
        <SearchForm
          key={address}
          label={t('admin.mails.filter')}
          placeholder={t('admin.mails.filterPlaceholder')}
          value={address}
          onSearch={(value) => update({ address: value || undefined, mail: undefined })}
          testId="mail-filter"
        />
      )}
      <div class={`admin-mails${mailId ? ' has-mail' : ''}`}>
        <div class="admin-mails-side">
          <AdminMailList paged={paged} selectedId={mailId} />
          <Pager paged={paged} label={t('admin.mails.pages')} />
        </div>
        <div class="admin-mails-main">
          {mailId ? (
            <AdminMailView
              key={mailId}
              id={mailId}
              onClose={() => update({ mail: undefined })}
              onDeleted={() => {
                paged.removed();
                paged.reload();
                update({ mail: undefined }, { replace: true });
              }}
            />
          ) : (
            <div class="card placeholder">{t('inbox.select')}</div>
          )}
        </div>
      </div>
    </section>
  );
}
