/** The user list as a table (cards on a phone) with each user's actions. */
import type { AdminUser } from '../../api/admin-api';
import { formatFullDate } from '../../mail-format';
import { useAdminI18n, type AdminMessageKey } from './admin-i18n';
import { RowButton, TableState } from './table-parts';
import type { Paged } from './use-paged';

export type UserAction = 'role' | 'addresses' | 'password' | 'delete';

const ACTIONS: readonly { action: UserAction; label: AdminMessageKey; danger?: boolean }[] = [
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
      <td class="cell-actions">
        <div class="row-actions">
          {ACTIONS.map(({ action, label, danger }) => (
            <RowButton
              key={action}
              label={t(label)}
              target={user.user_email}
              danger={danger}
              testId={`user-${action}`}
              onClick={() => act(action, user)}
            />
          ))}
        </div>
      </td>
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
    <div class="table-box">
      <table class="admin-table" data-testid="user-table" aria-busy={paged.loading}>
        <caption class="sr-only">{t('admin.user.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('admin.col.id')}</th>
            <th scope="col">{t('admin.col.email')}</th>
            <th scope="col">{t('admin.col.role')}</th>
            <th scope="col">{t('admin.col.addressCount')}</th>
            <th scope="col">{t('admin.col.created')}</th>
            <th scope="col">{t('admin.col.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {paged.rows.map((user) => (
            <UserRow key={user.id} user={user} act={props.act} />
          ))}
        </tbody>
      </table>
      <TableState paged={paged} empty={t('admin.user.none')} />
    </div>
  );
}
