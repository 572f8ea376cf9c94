/** A user's bound addresses, and binding one more (by its full address or its id). */
import { useState } from 'preact/hooks';
import { bindUserAddress, userAddresses, type AdminUser } from '../../api/admin-api';
import { FormError } from '../../components/form-error';
import { notify } from '../../state/notices';
import { onSubmit, useAction } from '../../state/use-action';
import { ModalDialog } from '../../components/modal-dialog';
import { useAdminI18n } from './admin-i18n';
import { LoadGate } from '../../components/load-gate';
import { pageHref } from '../../state/use-page-query';
import { Link } from '../../router';
import { useLoaded } from '../../state/use-loaded';

function BindForm({ user, onBound }: { user: AdminUser; onBound(): void }) {
  const { t } = useAdminI18n();
  const [address, setAddress] = useState('');
  const action = useAction(async () => {
    await bindUserAddress(user.id, address);
    notify(t('admin.bind.done', { address: address.trim() }));
    setAddress('');
    onBound();
  });
  return (
    <form class="stack" onSubmit={onSubmit(action.run)}>
      <label for="admin-bind-address">{t('admin.bind.label')}</label>
      <div class="input-group">
        <input
          id="admin-bind-address"
          required
          maxLength={320}
          spellcheck={false}
          autoComplete="off"
          value={address}
          data-testid="bind-address"
          onInput={(e) => setAddress(e.currentTarget.value)}
        />
        <button type="submit" class="btn" disabled={action.busy}>
          {t('admin.bind.submit')}
        </button>
      </div>
      <FormError error={action.error} />
    </form>
  );
}

export function UserAddressesDialog(props: {
  user: AdminUser;
  onClose(): void;
  onChanged(): void;
}) {
  const { t } = useAdminI18n();
  const { user } = props;
  const [state, reload] = useLoaded(() => userAddresses(user.id));
  return (
    <ModalDialog
      title={t('admin.bind.title', { email: user.user_email })}
      onClose={props.onClose}
      testId="user-addresses-dialog"
    >
      <LoadGate state={state} retry={reload}>
        {({ results }) =>
          results.length === 0 ? (
            <p class="muted">{t('admin.bind.none')}</p>
          ) : (
            <ul class="plain-list" data-testid="user-address-list">
              {results.map((a) => (
                <li key={a.id}>
                  <Link
                    href={pageHref('/admin', { tab: 'mails', address: a.name })}
                    onClick={props.onClose}
                  >
                    {a.name}
                  </Link>{' '}
                  <span class="muted">{t('admin.bind.mails', { count: a.mail_count })}</span>
                </li>
              ))}
            </ul>
          )
        }
      </LoadGate>
      <BindForm
        user={user}
        onBound={() => {
          reload();
          props.onChanged();
        }}
      />
    </ModalDialog>
  );
}
