/**
 * The user's addresses: binding the address open in this browser, and the bound ones with
 * their mail counts, each to open in the inbox, transfer to another account, or unbind.
 */
import { useState } from 'preact/hooks';
import type { BoundAddress } from '../../api/user-api';
import { FormError } from '../../components/form-error';
import { Link } from '../../router';
import { addressBook, currentAddress } from '../../state/addresses';
import { notify } from '../../state/notices';
import { useStore } from '../../state/store';
import { useAction } from '../../state/use-action';
import { bindToUser } from '../../state/user-session';
import { useAccountI18n } from './account-i18n';
import { BoundAddressItem } from './bound-address-item';
import { LoadGate } from '../../components/load-gate';
import { TransferDialog } from './transfer-dialog';
import { useBoundAddresses, type BoundList } from './use-bound-addresses';

function BindCurrent({ bound, onBound }: { bound: BoundAddress[]; onBound(): void }) {
  const { t } = useAccountI18n();
  const entry = currentAddress(useStore(addressBook));
  const bind = useAction(async () => {
    if (!entry) return;
    await bindToUser(entry.jwt);
    notify(t('account.bind.done', { address: entry.address }));
    onBound();
  });
  const already = entry !== undefined && bound.some((item) => item.name === entry.address);
  return (
    <section class="card" aria-labelledby="account-bind-title" data-testid="account-bind">
      <h2 id="account-bind-title">{t('account.bind.title')}</h2>
      {!entry ? (
        <p class="muted">
          {t('account.bind.none')} <Link href="/">{t('nav.backToInbox')}</Link>
        </p>
      ) : (
        <div class="stack">
          <p class="address-name" data-testid="account-bind-address">
            {entry.address}
          </p>
          {already ? (
            <p class="muted" data-testid="account-bind-already">
              {t('account.bind.already')}
            </p>
          ) : (
            <div>
              <button
                type="button"
                class="btn btn-primary"
                disabled={bind.busy}
                data-testid="account-bind-submit"
                onClick={() => bind.run()}
              >
                {t('account.bind.submit')}
              </button>
            </div>
          )}
          <FormError error={bind.error} />
        </div>
      )}
    </section>
  );
}

function BoundAddresses({ list, reload }: { list: BoundList; reload(): void }) {
  const { t } = useAccountI18n();
  const [transferring, setTransferring] = useState<BoundAddress | null>(null);
  return (
    <section class="card" aria-labelledby="account-bound-title" data-testid="account-bound">
      <h2 id="account-bound-title">
        {t('account.addresses.title')} <span class="muted">({list.count})</span>
      </h2>
      {list.items.length === 0 ? (
        <p class="muted">{t('account.addresses.empty')}</p>
      ) : (
        <ul class="bound-list">
          {list.items.map((item) => (
            <BoundAddressItem
              key={item.id}
              item={item}
              onTransfer={() => setTransferring(item)}
              onChanged={reload}
            />
          ))}
        </ul>
      )}
      {list.items.length < list.count && (
        <p class="hint">{t('account.addresses.partial', { shown: list.items.length })}</p>
      )}
      {transferring && (
        <TransferDialog
          address={transferring}
          onClose={() => setTransferring(null)}
          onDone={() => {
            setTransferring(null);
            reload();
          }}
        />
      )}
    </section>
  );
}

export function AddressesPanel() {
  const [state, reload] = useBoundAddresses();
  return (
    <div class="stack-lg">
      <LoadGate state={state} retry={reload}>
        {(list) => (
          <>
            <BindCurrent bound={list.items} onBound={reload} />
            <BoundAddresses list={list} reload={reload} />
          </>
        )}
      </LoadGate>
    </div>
  );
}
