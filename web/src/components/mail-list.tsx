/** The mail list: newest first, unread marks, the extracted code on each row, live status. */
import type { MailSummary } from '../api/types';
import { useI18n } from '../i18n';
import { formatShortDate, parseExtracted, senderName } from '../mail-format';
import { Link } from '../router';
import { isRead, readMarks } from '../state/read-marks';
import { useStore } from '../state/store';
import type { Mailbox } from '../state/use-mailbox';
import { ExtractedChip } from './extracted-chip';
import { LiveStatus } from './live-status';
import { UnreadMark } from './unread-mark';

function MailRow(props: {
  mail: MailSummary;
  address: string;
  selected: boolean;
  unread: boolean;
}) {
  const { t, lang } = useI18n();
  const { mail, selected, unread } = props;
  const extracted = parseExtracted(mail.metadata);
  const from = senderName(mail.sender, mail.source ?? '');
  return (
    <li
      class={`mail-row${unread ? ' unread' : ''}${selected ? ' selected' : ''}`}
      data-testid="mail-item"
      data-mail-id={mail.id}
    >
      <Link
        href={`/mail/${mail.id}`}
        class="mail-link"
        aria-current={selected ? 'true' : undefined}
      >
        <span class="mail-from">
          {unread && <UnreadMark />}
          {from}
        </span>
        <time class="mail-date" dateTime={mail.created_at}>
          {formatShortDate(mail.created_at, lang)}
        </time>
        <span class="mail-subject">{mail.subject || t('inbox.noSubject')}</span>
      </Link>
      {extracted && (
        <div class="mail-chip">
          <ExtractedChip extracted={extracted} />
        </div>
      )}
    </li>
  );
}

interface MailListProps {
  address: string;
  mailbox: Mailbox;
  selectedId: number | undefined;
  allowDelete: boolean;
  onClear(): void;
}

export function MailList({ address, mailbox, selectedId, allowDelete, onClear }: MailListProps) {
  const { t } = useI18n();
  const marks = useStore(readMarks);
  return (
    <section class="card mail-list" aria-labelledby="inbox-title">
      <div class="list-head">
        <h2 id="inbox-title">
          {t('inbox.title')} <span class="muted">({mailbox.count})</span>
        </h2>
        <LiveStatus state={mailbox.live} />
        <div class="row">
          <button type="button" class="btn btn-small" onClick={mailbox.refresh}>
            {t('inbox.refresh')}
          </button>
          {allowDelete && mailbox.mails.length > 0 && (
            <button type="button" class="btn btn-small btn-danger" onClick={onClear}>
              {t('inbox.clear')}
            </button>
          )}
        </div>
      </div>
      {mailbox.error && (
        <p class="form-error" role="alert">
          {mailbox.error}
        </p>
      )}
      {mailbox.mails.length === 0 && !mailbox.loading && !mailbox.error && (
        <p class="empty">{t('inbox.empty')}</p>
      )}
      <ul class="mail-items" data-testid="mail-list">
        {mailbox.mails.map((mail) => (
          <MailRow
            key={mail.id}
            mail={mail}
            address={address}
            selected={mail.id === selectedId}
            unread={!isRead(marks, address, mail.id)}
          />
        ))}
      </ul>
      {mailbox.loading && <p class="muted">{t('common.loading')}</p>}
      {mailbox.hasMore && !mailbox.loading && (
        <button type="button" class="btn btn-block" onClick={mailbox.loadMore}>
          {t('inbox.more')}
        </button>
      )}
    </section>
  );
}
