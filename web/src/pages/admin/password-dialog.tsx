/**
 * Setting a new password for an address or a user. The API gets its SHA-256 hex (as from
 * every client), so the admin types the password the owner will type.
 */
import { useState } from 'preact/hooks';
import { FormError } from '../../components/form-error';
import { notify } from '../../state/notices';
import { onSubmit, useAction } from '../../state/use-action';
import { ModalDialog } from '../../components/modal-dialog';
import { useAdminI18n } from './admin-i18n';

interface PasswordDialogProps {
  /** Whose password: an address or an e-mail. */
  subject: string;
  save(password: string): Promise<void>;
  onClose(): void;
}

export function PasswordDialog({ subject, save, onClose }: PasswordDialogProps) {
  const { t } = useAdminI18n();
  const [password, setPassword] = useState('');
  const [visible, setVisible] = useState(false);
  const action = useAction(async () => {
    await save(password);
    notify(t('admin.password.saved', { subject }));
    onClose();
  });
  return (
    <ModalDialog
      title={t('admin.password.title', { subject })}
      onClose={onClose}
      testId="password-dialog"
    >
      <form class="stack" onSubmit={onSubmit(action.run)}>
        <label for="admin-new-password">{t('admin.password.new')}</label>
        <input
          id="admin-new-password"
          type={(visible ? 'text' : 'password') as 'text'}
          autoComplete="new-password"
          required
          maxLength={200}
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        <label class="check">
          <input type="checkbox" checked={visible} onChange={() => setVisible(!visible)} />
          {t('admin.password.show')}
        </label>
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
