/** The user's passkeys: adding one (a real WebAuthn registration), renaming and deleting. */
import { useState } from 'preact/hooks';
import { listPasskeys, type Passkey } from '../../api/user-api';
import { FormError } from '../../components/form-error';
import { notify } from '../../state/notices';
import { onSubmit, useAction } from '../../state/use-action';
import { userCall } from '../../state/user-session';
import { useAccountI18n } from './account-i18n';
import { LoadGate } from '../../components/load-gate';
import { createPasskey, passkeyErrorText, passkeysUnavailable } from './passkey-ceremony';
import { PasskeyItem } from './passkey-item';
import { useLoaded } from '../../state/use-loaded';

// The server accepts names of 1–255 characters.
const MAX_NAME = 255;

function AddPasskey({ onAdded }: { onAdded(): void }) {
  const { t } = useAccountI18n();
  const [name, setName] = useState('');
  const add = useAction(async () => {
    const chosen = name.trim() || t('account.passkeys.defaultName');
    await userCall((token) => createPasskey(token, chosen));
    setName('');
    notify(t('account.passkeys.added'));
    onAdded();
  }, passkeyErrorText);
  const unavailable = passkeysUnavailable();
  if (unavailable) return <p class="hint">{unavailable}</p>;
  return (
    <form class="stack" onSubmit={onSubmit(add.run)} data-testid="account-passkey-add">
      <div class="field">
        <label for="account-passkey-name">{t('account.passkeys.name')}</label>
        <input
          id="account-passkey-name"
          maxLength={MAX_NAME}
          autoComplete="off"
          placeholder={t('account.passkeys.defaultName')}
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </div>
      <FormError error={add.error} />
      <div>
        <button
          type="submit"
          class="btn btn-primary"
          disabled={add.busy}
          data-testid="account-passkey-add-submit"
        >
          {t('account.passkeys.add')}
        </button>
      </div>
    </form>
  );
}

function PasskeyList({ passkeys, reload }: { passkeys: Passkey[]; reload(): void }) {
  const { t } = useAccountI18n();
  if (passkeys.length === 0) return <p class="muted">{t('account.passkeys.empty')}</p>;
  return (
    <ul class="bound-list" data-testid="account-passkey-list">
      {passkeys.map((passkey) => (
        <PasskeyItem key={passkey.passkey_id} passkey={passkey} onChanged={reload} />
      ))}
    </ul>
  );
}

export function PasskeysPanel() {
  const { t } = useAccountI18n();
  const [state, reload] = useLoaded(() => userCall(listPasskeys));
  return (
    <section
      class="card stack"
      aria-labelledby="account-passkeys-title"
      data-testid="account-passkeys"
    >
      <h2 id="account-passkeys-title">{t('account.passkeys.title')}</h2>
      <p class="muted">{t('account.passkeys.intro')}</p>
      <LoadGate state={state} retry={reload}>
        {(passkeys) => <PasskeyList passkeys={passkeys} reload={reload} />}
      </LoadGate>
      <AddPasskey onAdded={reload} />
    </section>
  );
}
