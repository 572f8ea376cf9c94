/** One passkey: its name and dates, renaming it in place, and deleting it. */
import { useState } from 'preact/hooks';
import { errorMessage } from '../../api/client';
import { deletePasskey, renamePasskey, type Passkey } from '../../api/user-api';
import { FormError } from '../../components/form-error';
import { formatFullDate } from '../../mail-format';
import { notify } from '../../state/notices';
import { onSubmit, useAction } from '../../state/use-action';
import { userCall } from '../../state/user-session';
import { useAccountI18n } from './account-i18n';

interface PasskeyItemProps {
  passkey: Passkey;
  onChanged(): void;
}

function RenameForm({ passkey, onDone }: { passkey: Passkey; onDone(renamed: boolean): void }) {
  const { t } = useAccountI18n();
  const [name, setName] = useState(passkey.passkey_name);
  const inputId = `account-passkey-rename-${passkey.passkey_id}`;
  const rename = useAction(async () => {
    await userCall((token) => renamePasskey(token, passkey.passkey_id, name.trim()));
    notify(t('account.passkeys.renamed'));
    onDone(true);
  });
  return (
    <form class="stack" onSubmit={onSubmit(rename.run)} data-testid="account-passkey-rename-form">
      <div class="field">
        <label for={inputId}>{t('account.passkeys.newName')}</label>
        <input
          id={inputId}
          required
          maxLength={255}
          autoComplete="off"
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </div>
      <FormError error={rename.error} />
      <div class="row">
        <button type="submit" class="btn btn-small btn-primary" disabled={rename.busy}>
          {t('account.passkeys.save')}
        </button>
        <button type="button" class="btn btn-small" onClick={() => onDone(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

export function PasskeyItem({ passkey, onChanged }: PasskeyItemProps) {
  const { t, lang } = useAccountI18n();
  const [renaming, setRenaming] = useState(false);
  const name = passkey.passkey_name;
  const remove = async () => {
    if (!window.confirm(t('account.passkeys.deleteConfirm', { name }))) return;
    try {
      await userCall((token) => deletePasskey(token, passkey.passkey_id));
      notify(t('account.passkeys.deleted'));
      onChanged();
    } catch (error) {
      notify(errorMessage(error), 'error');
    }
  };
  return (
    <li class="bound-item" data-testid="account-passkey-item">
      <span class="bound-main" data-testid="account-passkey-name">
        {name}
      </span>
      <p class="muted bound-meta">
        {t('account.passkeys.created', { date: formatFullDate(passkey.created_at, lang) })}
        {' · '}
        {t('account.passkeys.used', { date: formatFullDate(passkey.updated_at, lang) })}
      </p>
      {renaming ? (
        <RenameForm
          passkey={passkey}
          onDone={(renamed) => {
            setRenaming(false);
            if (renamed) onChanged();
          }}
        />
      ) : (
        <div class="row">
          <button type="button" class="btn btn-small" onClick={() => setRenaming(true)}>
            {t('account.passkeys.rename')}
            <span class="sr-only"> {name}</span>
          </button>
          <button type="button" class="btn btn-small btn-danger" onClick={() => void remove()}>
            {t('account.passkeys.delete')}
            <span class="sr-only"> {name}</span>
          </button>
        </div>
      )}
    </li>
  );
}
