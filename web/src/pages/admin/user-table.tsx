/** The user list as a table (cards on a phone) with each user's actions. */
import type { AdminUser } from '../../api/admin-api';
import { formatFullDate } from '../../mail-format';
import { useAdminI18n } from './admin-i18n';
import { AdminTable, RowActions, type RowAction } from './table-parts';
import type { Paged } from './use-paged';

export type UserAction = 'role' | 'addresses' | 'password' | 'delete';

const ACTIONS: readonly RowAction<UserAction>[] = [
  { action: 'role', label: 'admin.user.role' },
  { action: 'addresses', label: 'admin.user.addresses' },
  { action: 'password', label: 'admin.user.password' },
  { action: 'delete', label: 'admin.user.delete', danger: true },
];

function UserRow({
  user,
  act,
}: {
  user: AdminUser;
  act(action: UserAction, user: AdminUser): void;
}) {
  const { t, lang } = useAdminI18n();
  return (
    <tr data-testid="user-row" data-email={user.user_email}>
      <td data-label={t('admin.col.id')}>{user.id}</td>
      <td data-label={t('admin.col.email')} class="cell-strong cell-wrap">
        {user.user_email}
      </td>
      <td data-label={t('admin.col.role')} data-testid="user-role-text">
        {user.role_text || <span class="muted">{t('admin.user.noRole')}</span>}
      </td>
      <td data-label={t('admin.col.addressCount')}>{user.address_count}</td>
      <td data-label={t('admin.col.created')} class="cell-date">
        {formatFullDate(user.created_at, lang)}
      </td>
      <RowActions
        actions={ACTIONS}
        target={user.user_email}
        testIdPrefix="user"
        act={(action) => act(action, user)}
      />
    </tr>
  );
}

export function UserTable(props: {
  paged: Paged<AdminUser>;
  act(action: UserAction, user: AdminUser): void;
}) {
  const { t } = useAdminI18n();
  const { paged } = props;
  return (
    <AdminTable
      testId="user-table"
      caption={t('admin.user.caption')}
      empty={t('admin.user.none')}
      paged={paged}
      head={
        <>
          <th scope="col">{t('admin.col.id')}</th>
          <th scope="col">{t('admin.col.email')}</th>
          <th scope="col">{t('admin.col.role')}</th>
          <th scope="col">{t('admin.col.addressCount')}</th>
          <th scope="col">{t('admin.col.created')}</th>
        </>
      }
    >
      {paged.rows.map((user) => (
        <UserRow key={user.id} user={user} act={props.act} />
      ))}
    </AdminTable>
  );
}
