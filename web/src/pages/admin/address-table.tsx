/** The address list as a table (cards on a phone), sortable by every column the API sorts by. */
import type { AddressSortColumn, AdminAddress } from '../../api/admin-api';
import { formatFullDate } from '../../mail-format';
import type { AddressSort } from './addresses-tab';
import { useAdminI18n, type AdminMessageKey } from './admin-i18n';
import { AdminTable, RowActions, SortHeader, type RowAction } from './table-parts';
import type { Paged } from './use-paged';

export type AddressAction = 'mails' | 'credential' | 'password' | 'clear' | 'delete';

const COLUMNS: readonly { column: AddressSortColumn; label: AdminMessageKey }[] = [
  { column: 'id', label: 'admin.col.id' },
  { column: 'name', label: 'admin.col.address' },
  { column: 'mail_count', label: 'admin.col.mails' },
  { column: 'send_count', label: 'admin.col.sent' },
  { column: 'created_at', label: 'admin.col.created' },
  { column: 'updated_at', label: 'admin.col.active' },
  { column: 'source_meta', label: 'admin.col.source' },
];

const ACTIONS: readonly RowAction<AddressAction>[] = [
  { action: 'mails', label: 'admin.address.mails' },
  { action: 'credential', label: 'admin.address.credential' },
  { action: 'password', label: 'admin.address.password' },
  { action: 'clear', label: 'admin.address.clear', danger: true },
  { action: 'delete', label: 'admin.address.delete', danger: true },
];

interface AddressTableProps {
  paged: Paged<AdminAddress>;
  sort: AddressSort;
  setSort(sort: AddressSort): void;
  act(action: AddressAction, address: AdminAddress): void;
}

function AddressRow({ row, act }: { row: AdminAddress; act: AddressTableProps['act'] }) {
  const { t, lang } = useAdminI18n();
  return (
    <tr data-testid="address-row" data-address={row.name}>
      <td data-label={t('admin.col.id')}>{row.id}</td>
      <td data-label={t('admin.col.address')} class="cell-strong cell-wrap">
        {row.name}
      </td>
      <td data-label={t('admin.col.mails')}>{row.mail_count}</td>
      <td data-label={t('admin.col.sent')}>{row.send_count}</td>
      <td data-label={t('admin.col.created')} class="cell-date">
        {formatFullDate(row.created_at, lang)}
      </td>
      <td data-label={t('admin.col.active')} class="cell-date">
        {formatFullDate(row.updated_at, lang)}
      </td>
      <td data-label={t('admin.col.source')} class="cell-wrap">
        {row.source_meta ?? ''}
      </td>
      <RowActions
        actions={ACTIONS}
        target={row.name}
        testIdPrefix="address"
        act={(action) => act(action, row)}
      />
    </tr>
  );
}

export function AddressTable({ paged, sort, setSort, act }: AddressTableProps) {
  const { t } = useAdminI18n();
  return (
    <AdminTable
      testId="address-table"
      caption={t('admin.address.caption')}
      empty={t('admin.address.none')}
      paged={paged}
      head={COLUMNS.map(({ column, label }) => (
        <SortHeader
          key={column}
          label={t(label)}
          active={sort.by === column}
          ascending={sort.ascending}
          onSort={() =>
            setSort({
              by: column,
              ascending: sort.by === column ? !sort.ascending : column === 'name',
            })
          }
        />
      ))}
    >
      {paged.rows.map((row) => (
        <AddressRow key={row.id} row={row} act={act} />
      ))}
    </AdminTable>
  );
}
