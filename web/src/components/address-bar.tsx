/**
 * The open address: shown large with a one-click copy, a switcher between the addresses this
 * browser holds, its credential, and removing it (from the browser, or from the server when
 * the site allows deletion).
 */
import { errorMessage } from '../api/client';
import { deleteAddress } from '../api/mailbox-api';
import { useI18n } from '../i18n';
import { navigate } from '../router';
import { addressBook, forgetAddress, selectAddress, type SavedAddress } from '../state/addresses';
import { notify } from '../state/notices';
import { forgetReadMarks } from '../state/read-marks';
import { useStore } from '../state/store';
import { CopyButton } from './copy-button';
import { CredentialPanel } from './credential-panel';

interface AddressBarProps {
  entry: SavedAddress;
  allowDelete: boolean;
  adding: boolean;
  onToggleAdd(): void;
}

function AddressSwitcher({ current }: { current: string }) {
  const { t } = useI18n();
  const book = useStore(addressBook);
  if (book.items.length < 2) return null;
  return (
    <div class="field">
      <label for="address-switch">{t('address.switch')}</label>
      <select
        id="address-switch"
        value={current}
        data-testid="address-switch"
        onChange={(e) => {
          selectAddress(e.currentTarget.value);
          navigate('/');
        }}
      >
        {book.items.map((item) => (
          <option key={item.address} value={item.address}>
            {item.address}
          </option>
        ))}
      </select>
    </div>
  );
}

export function AddressBar({ entry, allowDelete, adding, onToggleAdd }: AddressBarProps) {
  const { t } = useI18n();

  const forget = () => {
    if (!window.confirm(t('address.forgetConfirm', { address: entry.address }))) return;
    forgetAddress(entry.address);
    forgetReadMarks(entry.address);
    navigate('/');
  };
  const remove = async () => {
    if (!window.confirm(t('address.deleteConfirm', { address: entry.address }))) return;
    try {
      await deleteAddress(entry.jwt);
      forgetAddress(entry.address);
      forgetReadMarks(entry.address);
      notify(t('address.deleted'));
      navigate('/');
    } catch (error) {
      notify(errorMessage(error), 'error');
    }
  };

  return (
    <section class="card address-bar" aria-labelledby="address-title">
      <h2 id="address-title" class="label-heading">
        {t('address.current')}
      </h2>
      <div class="address-line">
        <output class="address" data-testid="address-display" aria-labelledby="address-title">
          {/* On a phone the line breaks after the @, not inside the domain. */}
          {entry.address.split('@')[0]}
          <wbr />@{entry.address.split('@').slice(1).join('@')}
        </output>
        <CopyButton
          text={entry.address}
          label={t('address.copy')}
          class="btn-primary"
          testId="copy-address"
        />
      </div>
      <AddressSwitcher current={entry.address} />
      <CredentialPanel entry={entry} />
      <div class="row">
        <button type="button" class="btn" aria-expanded={adding} onClick={onToggleAdd}>
          {t('address.add')}
        </button>
        <button type="button" class="btn" onClick={forget}>
          {t('address.forget')}
        </button>
        {allowDelete && (
          <button type="button" class="btn btn-danger" onClick={() => void remove()}>
            {t('address.delete')}
          </button>
        )}
      </div>
    </section>
  );
}
