/** Giving a user one of the roles of USER_ROLES, or none. */
import { useState } from 'preact/hooks';
import { setUserRole, type AdminUser, type RoleDefinition } from '../../api/admin-api';
import { FormError } from '../../components/form-error';
import { notify } from '../../state/notices';
import { onSubmit, useAction } from '../../state/use-action';
import { ModalDialog } from '../../components/modal-dialog';
import { useAdminI18n } from './admin-i18n';

interface RoleDialogProps {
  user: AdminUser;
  roles: RoleDefinition[];
  onClose(): void;
  onSaved(): void;
}

export function RoleDialog({ user, roles, onClose, onSaved }: RoleDialogProps) {
  const { t } = useAdminI18n();
  const [role, setRole] = useState(user.role_text ?? '');
  const action = useAction(async () => {
    await setUserRole(user.id, role);
    notify(t('admin.role.saved', { email: user.user_email }));
    onSaved();
    onClose();
  });
  // A stored role that USER_ROLES no longer lists is still shown, so it is not lost by accident.
  const names = roles.map((r) => r.role);
  if (user.role_text && !names.includes(user.role_text)) names.push(user.role_text);
  return (
    <ModalDialog
      title={t('admin.role.title', { email: user.user_email })}
      onClose={onClose}
      testId="role-dialog"
    >
      <form class="stack" onSubmit={onSubmit(action.run)}>
        <label for="admin-role">{t('admin.col.role')}</label>
        <select
          id="admin-role"
          value={role}
          data-testid="role-select"
          onChange={(e) => setRole(e.currentTarget.value)}
        >
          <option value="">{t('admin.user.noRole')}</option>
          {names.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        {roles.length === 0 && <p class="hint">{t('admin.role.noneConfigured')}</p>}
        <FormError error={action.error} />
        <div class="row wrap dialog-actions">
          <button type="submit" class="btn btn-primary" disabled={action.busy}>
            {t('admin.common.save')}
          </button>
          <button type="button" class="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
