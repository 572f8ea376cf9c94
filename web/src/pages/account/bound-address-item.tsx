/**
 * One bound address: its mail and send counts, and opening it in the inbox (with a fresh
 * credential from the server, added to this browser's addresses), transfer and unbinding.
 */
import { errorMessage } from '../../api/client';
import { unbindAddress, type BoundAddress } from '../../api/user-api';
import { FormError } from '../../components/form-error';
import { formatFullDate } from '../../mail-format';
import { navigate } from '../../router';
import { addressBook, saveAddress } from '../../state/addresses';
import { notify } from '../../state/notices';
import { useStore } from '../../state/store';
import { useAction } from '../../state/use-action';
import { boundCredential, forgetBoundCredential, userCall } from '../../state/user-session';
import { at, useAccountI18n, type AccountMessageKey } from './account-i18n';

interface BoundAddressItemProps {
  item: BoundAddress;
  onTransfer(): void;
  onChanged(): void;
}

/** Makes a bound address this browser's open address and goes to its inbox. */
export async function openBoundAddress(item: { id: number; name: string }): Promise<void> {
  saveAddress({ address: item.name, jwt: await boundCredential(item.id) });
  notify(at('login.done', { address: item.name }));
  navigate('/');
}

/** Unbinds after a confirmation; the address and its mail stay on the server. */
async function unbindBound(item: BoundAddress, onChanged: () => void): Promise<void> {
  if (!window.confirm(at('account.addresses.unbindConfirm', { address: item.name }))) return;
  try {
    await userCall((token) => unbindAddress(token, item.id));
    forgetBoundCredential(item.id);
    notify(at('account.addresses.unbound', { address: item.name }));
    onChanged();
  } catch (error) {
    notify(errorMessage(error), 'error');
  }
}

function BoundMeta({ item }: { item: BoundAddress }) {
  const { t, lang } = useAccountI18n();
  return (
    <p class="muted bound-meta">
      <span data-testid="account-bound-mail-count">
        {t('account.addresses.mails', { count: item.mail_count })}
      </span>
      {' · '}
      <span>{t('account.addresses.sent', { count: item.send_count })}</span>
      {' · '}
      <time dateTime={item.created_at}>
        {t('account.addresses.created', { date: formatFullDate(item.created_at, lang) })}
      </time>
    </p>
  );
}

export function BoundAddressItem({ item, onTransfer, onChanged }: BoundAddressItemProps) {
  const { t } = useAccountI18n();
  const book = useStore(addressBook);
  const open = useAction(() => openBoundAddress(item));
  // Each button's name carries the address, so a screen reader's button list tells them apart.
  const named = (key: AccountMessageKey) => (
    <>
      {t(key)}
      <span class="sr-only"> {item.name}</span>
    </>
  );
  return (
    <li class="bound-item" data-testid="account-bound-item" data-address={item.name}>
      <div class="bound-main">
        <span class="address-name" data-testid="account-bound-name">
          {item.name}
        </span>
        {book.current === item.name && <span class="badge">{t('account.addresses.current')}</span>}
      </div>
      <BoundMeta item={item} />
      <div class="row">
        <button
          type="button"
          class="btn btn-small btn-primary"
          disabled={open.busy}
          data-testid="account-bound-open"
          onClick={() => open.run()}
        >
          {named('account.addresses.open')}
        </button>
        <button
          type="button"
          class="btn btn-small"
          data-testid="account-bound-transfer"
          onClick={onTransfer}
        >
          {named('account.addresses.transfer')}
        </button>
        <button
          type="button"
          class="btn btn-small btn-danger"
          data-testid="account-bound-unbind"
          onClick={() => void unbindBound(item, onChanged)}
        >
          {named('account.addresses.unbind')}
        </button>
      </div>
      <FormError error={open.error} />
    </li>
  );
}
