/**
 * The list of mail across bound addresses: sender, date, subject and the address it came to,
 * with the inbox's unread mark (read marks are kept per address, shared with the inbox).
 */
import { errorMessage } from '../../api/client';
import type { MailSummary } from '../../api/types';
import { deleteUserMail } from '../../api/user-api';
import { ExtractedChip } from '../../components/extracted-chip';
import { UnreadMark } from '../../components/unread-mark';
import { formatShortDate, parseExtracted, senderName } from '../../mail-format';
import { Link } from '../../router';
import { notify } from '../../state/notices';
import { isRead, readMarks } from '../../state/read-marks';
import { useStore } from '../../state/store';
import { userCall } from '../../state/user-session';
import { useAccountI18n } from './account-i18n';
import { pageHref } from '../../state/use-page-query';
import type { UserMails } from './use-user-mails';

interface RowProps {
  mail: MailSummary;
  filter: string | undefined;
  unread: boolean;
  allowDelete: boolean;
  onDeleted(id: number): void;
}

function UserMailRow({ mail, filter, unread, allowDelete, onDeleted }: RowProps) {
  const { t, lang } = useAccountI18n();
  const extracted = parseExtracted(mail.metadata);
  const subject = mail.subject || t('inbox.noSubject');
  const href = pageHref('/account', {
    tab: 'mails',
    address: filter,
    mail: mail.id,
    box: mail.address ?? '',
  });
  const remove = async () => {
    if (!window.confirm(t('mail.deleteConfirm'))) return;
    try {
      const { success } = await userCall((token) => deleteUserMail(token, mail.id));
      if (!success) throw new Error(t('mail.notFound'));
      notify(t('mail.deleted'));
      onDeleted(mail.id);
    } catch (error) {
      notify(errorMessage(error), 'error');
    }
  };
  return (
    <li
      class={`mail-row user-mail-row${unread ? ' unread' : ''}`}
      data-testid="account-mail-item"
      data-mail-id={mail.id}
    >
      <Link href={href} class="mail-link">
        <span class="mail-from">
          {unread && <UnreadMark />}
          {senderName(mail.sender, mail.source ?? '')}
        </span>
        <time class="mail-date" dateTime={mail.created_at}>
          {formatShortDate(mail.created_at, lang)}
        </time>
        <span class="mail-subject">{subject}</span>
        <span class="mail-to muted" data-testid="account-mail-address">
          {t('account.mails.to', { address: mail.address ?? '' })}
        </span>
      </Link>
      <div class="row mail-row-tools">
        {extracted && <ExtractedChip extracted={extracted} />}
        {allowDelete && (
          <button
            type="button"
            class="btn btn-small btn-danger"
            data-testid="account-mail-delete"
            onClick={() => void remove()}
          >
            {t('mail.delete')}
            <span class="sr-only"> {subject}</span>
          </button>
        )}
      </div>
    </li>
  );
}

export function UserMailList(props: {
  mails: UserMails;
  filter: string | undefined;
  allowDelete: boolean;
}) {
  const { t } = useAccountI18n();
  const { mails } = props;
  const marks = useStore(readMarks);
  return (
    <>
      {mails.error && (
        <p class="form-error" role="alert">
          {mails.error}
        </p>
      )}
      {mails.mails.length === 0 && !mails.loading && !mails.error ? (
        <p class="muted empty">{t('account.mails.empty')}</p>
      ) : (
        <ul class="mail-items" aria-busy={mails.loading}>
          {mails.mails.map((mail) => (
            <UserMailRow
              key={mail.id}
              mail={mail}
              filter={props.filter}
              unread={!isRead(marks, mail.address ?? '', mail.id)}
              allowDelete={props.allowDelete}
              onDeleted={mails.removeLocal}
            />
          ))}
        </ul>
      )}
      {mails.loading && <p class="muted">{t('common.loading')}</p>}
      {mails.hasMore && !mails.loading && (
        <button type="button" class="btn" onClick={mails.loadMore}>
          {t('inbox.more')}
        </button>
      )}
    </>
  );
}
