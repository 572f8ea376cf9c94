/**
 * Mail across all bound addresses (or one of them), and a mail opened from there. The filter
 * and the open mail live in the query string (`address`, `mail`, `box`).
 */
import { useAccountI18n } from './account-i18n';
import { AccountMailView } from './account-mail-view';
import { LiveStatus } from '../../components/live-status';
import { LoadGate } from '../../components/load-gate';
import { usePageQuery } from '../../state/use-page-query';
import { useBoundAddresses, type BoundList } from './use-bound-addresses';
import { useUserMails } from './use-user-mails';
import { UserMailList } from './user-mail-list';

function AddressFilter(props: { bound: BoundList; value: string; onChange(value: string): void }) {
  const { t } = useAccountI18n();
  return (
    <div class="field account-filter">
      <label for="account-mail-filter">{t('account.mails.filter')}</label>
      <select
        id="account-mail-filter"
        value={props.value}
        data-testid="account-mail-filter"
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        <option value="">{t('account.mails.all')}</option>
        {props.bound.items.map((item) => (
          <option key={item.id} value={item.name}>
            {item.name}
          </option>
        ))}
      </select>
    </div>
  );
}

function MailsContent({ bound, allowDelete }: { bound: BoundList; allowDelete: boolean }) {
  const { t } = useAccountI18n();
  const { params, update } = usePageQuery('/account');
  const filter = params.get('address') ?? '';
  const mailId = Number(params.get('mail'));
  const box = params.get('box') ?? '';
  const mails = useUserMails(filter || undefined);
  const close = () => update({ mail: undefined, box: undefined });
  if (Number.isSafeInteger(mailId) && mailId > 0) {
    return (
      <AccountMailView
        key={mailId}
        mailId={mailId}
        box={box}
        bound={bound}
        allowDelete={allowDelete}
        onClose={close}
        onDeleted={(id) => {
          mails.removeLocal(id);
          close();
        }}
      />
    );
  }
  return (
    <section class="card" aria-labelledby="account-mails-title" data-testid="account-mails">
      <div class="list-head">
        <h2 id="account-mails-title">
          {t('account.mails.title')} <span class="muted">({mails.count})</span>
        </h2>
        <LiveStatus state={mails.live} />
        {/* Live updates bring new mail only: an address bound meanwhile shows its older mail
            after a refresh. */}
        <div class="row">
          <button type="button" class="btn btn-small" onClick={mails.refresh}>
            {t('inbox.refresh')}
          </button>
        </div>
      </div>
      <AddressFilter bound={bound} value={filter} onChange={(v) => update({ address: v })} />
      <UserMailList mails={mails} filter={filter || undefined} allowDelete={allowDelete} />
    </section>
  );
}

export function MailsPanel({ allowDelete }: { allowDelete: boolean }) {
  const [state, reload] = useBoundAddresses();
  return (
    <LoadGate state={state} retry={reload}>
      {(bound) => <MailsContent bound={bound} allowDelete={allowDelete} />}
    </LoadGate>
  );
}
