/** Creating a user account (e-mail and password); it gets no role until one is set. */
import { useState } from 'preact/hooks';
import { createUser } from '../../api/admin-api';
import { FormError } from '../../components/form-error';
import { notify } from '../../state/notices';
import { onSubmit, useAction } from '../../state/use-action';
import { useAdminI18n } from './admin-i18n';
import { Fold } from './fold';

export function UserCreateForm(props: { onCreated(): void; onReload(): void }) {
  const { t } = useAdminI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction(async () => {
    await createUser(email.trim(), password);
    notify(t('admin.user.created', { email: email.trim() }));
    setEmail('');
    setPassword('');
    props.onCreated();
    props.onReload();
  });
  return (
    <Fold title={t('admin.user.create')} testId="user-create">
      {() => (
        <form class="stack" onSubmit={onSubmit(action.run)}>
          <div class="form-grid">
            <div class="field">
              <label for="admin-user-email">{t('admin.login.email')}</label>
              <input
                id="admin-user-email"
                type="email"
                required
                maxLength={320}
                autoComplete="off"
                value={email}
                data-testid="admin-user-email"
                onInput={(e) => setEmail(e.currentTarget.value)}
              />
            </div>
            <div class="field">
              <label for="admin-user-password">{t('admin.password.new')}</label>
              <input
                id="admin-user-password"
                type="password"
                required
                maxLength={200}
                autoComplete="new-password"
                value={password}
                data-testid="admin-user-password"
                onInput={(e) => setPassword(e.currentTarget.value)}
              />
            </div>
          </div>
          <FormError error={action.error} />
          <div>
            <button
              type="submit"
              class="btn btn-primary"
              disabled={action.busy}
              data-testid="admin-user-submit"
            >
              {t('admin.user.createSubmit')}
            </button>
          </div>
        </form>
      )}
    </Fold>
  );
}
