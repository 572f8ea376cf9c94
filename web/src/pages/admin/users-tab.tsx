/**
 * Users: search by e-mail, page through, create one, and per user its role, its addresses
 * (and binding another), a new password, and deleting it.
 */
import { useState } from 'preact/hooks';
import {
  deleteUser,
  listRoles,
  listUsers,
  resetUserPassword,
  type AdminUser,
} from '../../api/admin-api';
import { errorMessage } from '../../api/client';
import { notify } from '../../state/notices';
import { useAdminI18n } from './admin-i18n';
import { Pager } from './pager';
import { PasswordDialog } from './password-dialog';
import { RoleDialog } from './role-dialog';
import { SearchForm } from './search-form';
import { useLoaded } from '../../state/use-loaded';
import { usePaged } from './use-paged';
import { UserAddressesDialog } from './user-addresses-dialog';
import { UserCreateForm } from './user-create-form';
import { UserTable, type UserAction } from './user-table';

type Open = { kind: Exclude<UserAction, 'delete'>; user: AdminUser } | null;

export function UsersTab() {
  const { t } = useAdminI18n();
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<Open>(null);
  const paged = usePaged((page) => listUsers({ ...page, query }), query);
  const [roles] = useLoaded(listRoles);
  const close = () => setOpen(null);

  const act = async (action: UserAction, user: AdminUser) => {
    if (action !== 'delete') return setOpen({ kind: action, user });
    if (!window.confirm(t('admin.user.deleteConfirm', { email: user.user_email }))) return;
    try {
      await deleteUser(user.id);
      notify(t('admin.user.deleted', { email: user.user_email }));
      paged.removed();
      paged.reload();
    } catch (error) {
      notify(errorMessage(error), 'error');
    }
  };

  return (
    <section class="stack-lg" aria-labelledby="users-title">
      <h2 id="users-title">{t('admin.tab.users')}</h2>
      <UserCreateForm onCreated={() => paged.setOffset(0)} onReload={paged.reload} />
      <SearchForm
        label={t('admin.user.search')}
        value={query}
        onSearch={setQuery}
        testId="user-search"
      />
      <UserTable paged={paged} act={(a, user) => void act(a, user)} />
      <Pager paged={paged} label={t('admin.user.pages')} />
      {open?.kind === 'role' && (
        <RoleDialog
          user={open.user}
          roles={roles.status === 'ready' ? roles.value : []}
          onClose={close}
          onSaved={paged.reload}
        />
      )}
      {open?.kind === 'addresses' && (
        <UserAddressesDialog user={open.user} onClose={close} onChanged={paged.reload} />
      )}
      {open?.kind === 'password' && (
        <PasswordDialog
          subject={open.user.user_email}
          save={(password) => resetUserPassword(open.user.id, password)}
          onClose={close}
        />
      )}
    </section>
  );
}
