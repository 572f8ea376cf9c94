/**
 * Addresses: search by name, sort by any column, page through, create one or a batch, and per
 * address its mails, credential, password, clearing its inbox and deleting it.
 */
import { useState } from 'preact/hooks';
import {
  clearAddressInbox,
  deleteAddress,
  listAddresses,
  resetAddressPassword,
  type AddressSortColumn,
  type AdminAddress,
} from '../../api/admin-api';
import { errorMessage } from '../../api/client';
import type { OpenSettings } from '../../api/types';
import { notify } from '../../state/notices';
import { AddressCreate } from './address-create';
import { AddressTable, type AddressAction } from './address-table';
import { useAdminI18n } from './admin-i18n';
import { CredentialDialog } from './credential-dialog';
import { Pager } from './pager';
import { PasswordDialog } from './password-dialog';
import { SearchForm } from './search-form';
import { pageHref } from '../../state/use-page-query';
import { usePaged, type Paged } from './use-paged';
import { navigate } from '../../router';

export interface AddressSort {
  by: AddressSortColumn;
  ascending: boolean;
}

type Open = { kind: 'credential' | 'password'; address: AdminAddress } | null;

/** What a row's buttons do: open a dialog, go to the mails, or clear / delete after asking. */
function useAddressActions(paged: Paged<AdminAddress>, setOpen: (open: Open) => void) {
  const { t } = useAdminI18n();
  return async (action: AddressAction, address: AdminAddress) => {
    if (action === 'mails')
      return navigate(pageHref('/admin', { tab: 'mails', address: address.name }));
    if (action === 'credential' || action === 'password') return setOpen({ kind: action, address });
    const confirmKey =
      action === 'clear' ? 'admin.address.clearConfirm' : 'admin.address.deleteConfirm';
    if (!window.confirm(t(confirmKey, { address: address.name }))) return;
    try {
      if (action === 'clear') {
        await clearAddressInbox(address.id);
        notify(t('admin.address.cleared', { address: address.name }));
      } else {
        await deleteAddress(address.id);
        notify(t('admin.address.deleted', { address: address.name }));
        paged.removed();
      }
      paged.reload();
    } catch (error) {
      notify(errorMessage(error), 'error');
    }
  };
}

export function AddressesTab({ settings }: { settings: OpenSettings }) {
  const { t } = useAdminI18n();
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<AddressSort>({ by: 'id', ascending: false });
  const [open, setOpen] = useState<Open>(null);
  const paged = usePaged(
    (page) => listAddresses({ ...page, query, sortBy: sort.by, ascending: sort.ascending }),
    `${query}|${sort.by}|${sort.ascending}`,
  );

  const act = useAddressActions(paged, setOpen);

  return (
    <section class="stack-lg" aria-labelledby="addresses-title">
      <h2 id="addresses-title">{t('admin.tab.addresses')}</h2>
      <AddressCreate
        settings={settings}
        onCreated={() => paged.setOffset(0)}
        onReload={paged.reload}
      />
      <SearchForm
        label={t('admin.address.search')}
        value={query}
        onSearch={setQuery}
        testId="address-search"
      />
      <AddressTable
        paged={paged}
        sort={sort}
        setSort={setSort}
        act={(a, row) => void act(a, row)}
      />
      <Pager paged={paged} label={t('admin.address.pages')} />
      {open?.kind === 'credential' && (
        <CredentialDialog address={open.address} onClose={() => setOpen(null)} />
      )}
      {open?.kind === 'password' && (
        <PasswordDialog
          subject={open.address.name}
          save={(password) => resetAddressPassword(open.address.id, password)}
          onClose={() => setOpen(null)}
        />
      )}
    </section>
  );
}
