/**
 * The inbox (`/` and `/mail/:id`): the open address, creating or re-opening addresses, the
 * live mail list, and the selected mail beside it (on a phone, instead of it).
 */
import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../api/client';
import { clearInbox } from '../api/mailbox-api';
import type { MailSummary, OpenSettings } from '../api/types';
import { AddressBar } from '../components/address-bar';
import { AddressLoginForm, openWithCredential } from '../components/address-login-form';
import { BindOffer } from '../components/bind-offer';
import { CreateAddressForm } from '../components/create-address-form';
import { MailList } from '../components/mail-list';
import { MailView } from '../components/mail-view';
import { t as translate, useI18n } from '../i18n';
import { senderName } from '../mail-format';
import { navigate } from '../router';
import {
  addressBook,
  currentAddress,
  pendingCredential,
  type SavedAddress,
} from '../state/addresses';
import { notify } from '../state/notices';
import { isRead, readMarks } from '../state/read-marks';
import { useStore } from '../state/store';
import { useMailbox, type Mailbox } from '../state/use-mailbox';
import { userTokenStore } from '../state/user-token';

/** Opens the credential handed over as `/?jwt=…` once the site lets us call the API. */
function usePendingCredential(): void {
  const pending = useStore(pendingCredential);
  useEffect(() => {
    if (!pending) return;
    pendingCredential.set(null);
    openWithCredential(pending)
      .then((address) => notify(translate('login.done', { address })))
      .catch((error: unknown) => notify(errorMessage(error), 'error'));
  }, [pending]);
}

function useUnreadTitle(title: string, address: string | undefined, mails: MailSummary[]): void {
  const marks = useStore(readMarks);
  const unread = address ? mails.filter((m) => !isRead(marks, address, m.id)).length : 0;
  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) ${title}` : title;
  }, [unread, title]);
}

interface SideProps {
  settings: OpenSettings;
  entry: SavedAddress | undefined;
  mailbox: Mailbox;
  mailId: number | undefined;
}

/** The address, the create and log-in forms (when asked for, or when there is no address), the list. */
function InboxSide({ settings, entry, mailbox, mailId }: SideProps) {
  const { t } = useI18n();
  const [adding, setAdding] = useState(false);
  useEffect(() => setAdding(false), [entry?.address]);
  // The address a signed-in user just created, until they bind it or say "not now".
  const [unbound, setUnbound] = useState<string | null>(null);
  const signedIn = useStore(userTokenStore) !== null;
  const allowDelete = settings.enableUserDeleteEmail;

  const clear = async () => {
    if (!entry || !window.confirm(t('inbox.clearConfirm', { address: entry.address }))) return;
    try {
      await clearInbox(entry.jwt);
      mailbox.removeLocal('all');
      notify(t('inbox.cleared'));
      navigate('/');
    } catch (error) {
      notify(errorMessage(error), 'error');
    }
  };

  return (
    <div class="inbox-side">
      {entry ? (
        <AddressBar
          entry={entry}
          allowDelete={allowDelete}
          adding={adding}
          onToggleAdd={() => setAdding(!adding)}
        />
      ) : (
        <p class="intro">{t('address.none')}</p>
      )}
      {entry && signedIn && entry.address === unbound && (
        <BindOffer entry={entry} onClose={() => setUnbound(null)} />
      )}
      {(!entry || adding) && (
        <>
          <CreateAddressForm
            settings={settings}
            onDone={(address, byUser) => {
              setUnbound(byUser ? address : null);
              navigate('/');
            }}
          />
          <AddressLoginForm settings={settings} onDone={() => navigate('/')} />
        </>
      )}
      {entry && (
        <MailList
          address={entry.address}
          mailbox={mailbox}
          selectedId={mailId}
          allowDelete={allowDelete}
          onClear={() => void clear()}
        />
      )}
    </div>
  );
}

export function InboxPage(props: { settings: OpenSettings; mailId?: number; title: string }) {
  const { settings, mailId } = props;
  const { t } = useI18n();
  const entry = currentAddress(useStore(addressBook));
  usePendingCredential();
  const mailbox = useMailbox(entry?.jwt, (mail) =>
    notify(t('inbox.newMail', { sender: senderName(mail.sender, mail.source ?? '') })),
  );
  useUnreadTitle(props.title, entry?.address, mailbox.mails);

  return (
    <div class={`inbox${!entry ? ' no-address' : mailId !== undefined ? ' has-mail' : ''}`}>
      <h1 class="sr-only">{entry ? entry.address : t('inbox.title')}</h1>
      <InboxSide settings={settings} entry={entry} mailbox={mailbox} mailId={mailId} />
      {entry && (
        <div class="inbox-main">
          {mailId !== undefined ? (
            <MailView
              key={`${entry.address}-${mailId}`}
              jwt={entry.jwt}
              address={entry.address}
              mailId={mailId}
              allowDelete={settings.enableUserDeleteEmail}
              onDeleted={(id) => {
                mailbox.removeLocal(id);
                navigate('/');
              }}
            />
          ) : (
            <p class="card placeholder">{t('inbox.select')}</p>
          )}
        </div>
      )}
    </div>
  );
}
