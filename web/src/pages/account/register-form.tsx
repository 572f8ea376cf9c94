/**
 * Creating an account: e-mail, password twice, and, when the site verifies e-mail addresses,
 * a code mailed to the address first. The new account is logged in at once.
 */
import { useState } from 'preact/hooks';
import { passwordLogin, registerUser, sendVerifyCode } from '../../api/user-api';
import { FormError } from '../../components/form-error';
import { notify } from '../../state/notices';
import { onSubmit, useAction } from '../../state/use-action';
import { signIn } from '../../state/user-session';
import { at, useAccountI18n } from './account-i18n';

interface Draft {
  email: string;
  password: string;
  repeat: string;
  code: string;
}

function CodeField({ draft, set }: { draft: Draft; set(change: Partial<Draft>): void }) {
  const { t } = useAccountI18n();
  const send = useAction(async () => {
    const sent = await sendVerifyCode(draft.email.trim());
    const minutes = Math.max(1, Math.round(sent.expirationTtl / 60));
    notify(t('account.register.codeSent', { email: draft.email.trim(), minutes }));
  });
  return (
    <div class="field">
      <label for="account-register-code">{t('account.register.code')}</label>
      <div class="input-group">
        <input
          id="account-register-code"
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          maxLength={12}
          value={draft.code}
          aria-describedby="account-register-code-hint"
          onInput={(e) => set({ code: e.currentTarget.value })}
        />
        <button
          type="button"
          class="btn"
          disabled={send.busy || !draft.email.includes('@')}
          data-testid="account-send-code"
          onClick={() => send.run()}
        >
          {t('account.register.sendCode')}
        </button>
      </div>
      <small id="account-register-code-hint" class="hint">
        {t('account.register.codeHint')}
      </small>
      <FormError error={send.error} />
    </div>
  );
}

async function registerAndLogIn(draft: Draft, withCode: boolean): Promise<void> {
  if (draft.password !== draft.repeat) throw new Error(at('account.register.mismatch'));
  const email = draft.email.trim();
  const code = withCode ? draft.code.trim() : undefined;
  await registerUser({ email, password: draft.password, code });
  notify(at('account.register.done'));
  signIn(await passwordLogin(email, draft.password));
}

function PasswordFields({ draft, set }: { draft: Draft; set(change: Partial<Draft>): void }) {
  const { t } = useAccountI18n();
  return (
    <>
      <div class="field">
        <label for="account-register-password">{t('account.password')}</label>
        <input
          id="account-register-password"
          type="password"
          autoComplete="new-password"
          required
          value={draft.password}
          onInput={(e) => set({ password: e.currentTarget.value })}
        />
      </div>
      <div class="field">
        <label for="account-register-repeat">{t('account.register.repeat')}</label>
        <input
          id="account-register-repeat"
          type="password"
          autoComplete="new-password"
          required
          value={draft.repeat}
          onInput={(e) => set({ repeat: e.currentTarget.value })}
        />
      </div>
    </>
  );
}

export function RegisterForm(props: { mailVerify: boolean; humanCheck: boolean }) {
  const { t } = useAccountI18n();
  const [draft, setDraft] = useState<Draft>({ email: '', password: '', repeat: '', code: '' });
  const set = (change: Partial<Draft>) => setDraft({ ...draft, ...change });
  const register = useAction(() => registerAndLogIn(draft, props.mailVerify));
  return (
    <section class="card" aria-labelledby="account-register-title" data-testid="account-register">
      <h2 id="account-register-title">{t('account.register.title')}</h2>
      <form class="stack" onSubmit={onSubmit(register.run)}>
        <div class="field">
          <label for="account-register-email">{t('account.email')}</label>
          <input
            id="account-register-email"
            type="email"
            autoComplete="email"
            required
            maxLength={320}
            value={draft.email}
            onInput={(e) => set({ email: e.currentTarget.value })}
          />
        </div>
        <PasswordFields draft={draft} set={set} />
        {props.mailVerify && <CodeField draft={draft} set={set} />}
        {props.humanCheck && <p class="hint">{t('account.humanCheck')}</p>}
        <FormError error={register.error} />
        <button
          type="submit"
          class="btn btn-primary"
          disabled={register.busy}
          data-testid="account-register-submit"
        >
          {t('account.register.submit')}
        </button>
      </form>
    </section>
  );
}
