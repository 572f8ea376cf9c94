/**
 * Getting back into an address: paste its credential, or (when the site allows address
 * passwords) type the address and its password. A password login sends a Turnstile token when
 * the site checks every login; a credential is read with the credential itself (/api/settings),
 * which no human check guards, so it needs none.
 */
import { useState } from 'preact/hooks';
import { addressOfCredential, loginWithPassword } from '../api/address-api';
import type { OpenSettings } from '../api/types';
import { useI18n } from '../i18n';
import { saveAddress } from '../state/addresses';
import { notify } from '../state/notices';
import { onSubmit, useAction } from '../state/use-action';
import { FormError } from './form-error';
import { PasswordInput } from './password-input';
import { useTurnstileCheck } from './turnstile-check';
import { TurnstileSubmit } from './turnstile-submit';
import { TurnstileWidget } from './turnstile-widget';

type Mode = 'credential' | 'password';

/** Opens the address a credential belongs to; throws with the server's text when invalid. */
export async function openWithCredential(jwt: string): Promise<string> {
  const address = await addressOfCredential(jwt);
  saveAddress({ address, jwt });
  return address;
}

function ModeSwitch({ mode, setMode }: { mode: Mode; setMode(mode: Mode): void }) {
  const { t } = useI18n();
  return (
    <div class="segmented" role="group" aria-label={t('login.title')}>
      {(['credential', 'password'] as const).map((m) => (
        <button
          key={m}
          type="button"
          class="btn btn-small"
          aria-pressed={mode === m}
          onClick={() => setMode(m)}
        >
          {t(m === 'credential' ? 'login.credentialTab' : 'login.passwordTab')}
        </button>
      ))}
    </div>
  );
}

interface Fields {
  credential: string;
  email: string;
  password: string;
}

function LoginFields(props: { mode: Mode; fields: Fields; set(change: Partial<Fields>): void }) {
  const { t } = useI18n();
  const { fields, set } = props;
  if (props.mode === 'credential') {
    return (
      <>
        <label for="login-credential">{t('login.credential')}</label>
        <textarea
          id="login-credential"
          rows={3}
          required
          spellcheck={false}
          autoComplete="off"
          value={fields.credential}
          onInput={(e) => set({ credential: e.currentTarget.value })}
        />
      </>
    );
  }
  return (
    <>
      <label for="login-email">{t('login.email')}</label>
      <input
        id="login-email"
        type="email"
        autoComplete="username"
        required
        value={fields.email}
        onInput={(e) => set({ email: e.currentTarget.value })}
      />
      <label for="login-password">{t('login.password')}</label>
      <PasswordInput
        id="login-password"
        value={fields.password}
        onValue={(password) => set({ password })}
      />
    </>
  );
}

export function AddressLoginForm({
  settings,
  onDone,
}: {
  settings: OpenSettings;
  onDone?(): void;
}) {
  const { t } = useI18n();
  const [mode, setMode] = useState<Mode>('credential');
  const [fields, setFields] = useState<Fields>({ credential: '', email: '', password: '' });
  const effectiveMode: Mode = settings.enableAddressPassword ? mode : 'credential';
  const check = useTurnstileCheck(
    effectiveMode === 'password' && settings.enableGlobalTurnstileCheck
      ? settings.cfTurnstileSiteKey
      : null,
  );

  const login = useAction(async () => {
    let address: string;
    if (effectiveMode === 'password') {
      const result = await check.submit((cfToken) =>
        loginWithPassword(fields.email.trim(), fields.password, cfToken),
      );
      saveAddress({ address: result.address, jwt: result.jwt });
      address = result.address;
    } else address = await openWithCredential(fields.credential.trim());
    notify(t('login.done', { address }));
    setFields({ credential: '', email: '', password: '' });
    onDone?.();
  });

  return (
    <section class="card" aria-labelledby="login-title">
      <h2 id="login-title">{t('login.title')}</h2>
      {settings.enableAddressPassword && <ModeSwitch mode={mode} setMode={setMode} />}
      <form class="stack" onSubmit={onSubmit(login.run)} data-testid="login-form">
        <LoginFields
          mode={effectiveMode}
          fields={fields}
          set={(change) => setFields({ ...fields, ...change })}
        />
        <TurnstileWidget check={check} />
        <FormError error={login.error} />
        <TurnstileSubmit check={check} busy={login.busy}>
          {t('login.submit')}
        </TurnstileSubmit>
      </form>
    </section>
  );
}
