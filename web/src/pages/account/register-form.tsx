/**
 * Creating an account: e-mail, password twice, and, when the site verifies e-mail addresses,
 * a code mailed to the address first. The new account is logged in at once, unless logins
 * need a Turnstile token of their own (the form's one is used up by then).
 *
 * With Turnstile on, the form's widget guards what the API checks: the code request when the
 * site verifies e-mail addresses, the registration itself when it does not.
 */
import { useState } from 'preact/hooks';
import { passwordLogin, registerUser, sendVerifyCode } from '../../api/user-api';
import { FormError } from '../../components/form-error';
import { useTurnstileCheck, type TurnstileCheck } from '../../components/turnstile-check';
import { TurnstileWidget } from '../../components/turnstile-widget';
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

function CodeField(props: {
  draft: Draft;
  set(change: Partial<Draft>): void;
  check: TurnstileCheck;
}) {
  const { draft, set, check } = props;
  const { t } = useAccountI18n();
  const send = useAction(async () => {
    const sent = await check.submit((cfToken) => sendVerifyCode(draft.email.trim(), cfToken));
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
          disabled={send.busy || !draft.email.includes('@') || !check.ready}
          aria-describedby={check.describedBy}
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

interface RegisterOptions {
  withCode: boolean;
  cfToken: string | undefined;
  /** Logging in needs a Turnstile token of its own: the user logs in with the login form. */
  loginChecked: boolean;
}

async function registerAndLogIn(draft: Draft, options: RegisterOptions): Promise<void> {
  const email = draft.email.trim();
  const code = options.withCode ? draft.code.trim() : undefined;
  await registerUser({ email, password: draft.password, code, cfToken: options.cfToken });
  if (options.loginChecked) return notify(at('account.register.doneLogIn'));
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

export function RegisterForm(props: {
  mailVerify: boolean;
  /** The Turnstile site key when the site has Turnstile, else null. */
  siteKey: string | null;
  loginChecked: boolean;
}) {
  const { t } = useAccountI18n();
  const [draft, setDraft] = useState<Draft>({ email: '', password: '', repeat: '', code: '' });
  const set = (change: Partial<Draft>) => setDraft({ ...draft, ...change });
  const check = useTurnstileCheck(props.siteKey);
  // With e-mail verification the code request carries the token, not the registration.
  const submitReady = props.mailVerify || check.ready;
  const register = useAction(async () => {
    // Before the token is spent: a typo should not cost another human check.
    if (draft.password !== draft.repeat) throw new Error(at('account.register.mismatch'));
    const options = { withCode: props.mailVerify, loginChecked: props.loginChecked };
    if (props.mailVerify) return registerAndLogIn(draft, { ...options, cfToken: undefined });
    await check.submit((cfToken) => registerAndLogIn(draft, { ...options, cfToken }));
  });
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
        <TurnstileWidget check={check} />
        {props.mailVerify && <CodeField draft={draft} set={set} check={check} />}
        <FormError error={register.error} />
        <button
          type="submit"
          class="btn btn-primary"
          disabled={register.busy || !submitReady}
          aria-describedby={submitReady ? undefined : check.describedBy}
          data-testid="account-register-submit"
        >
          {t('account.register.submit')}
        </button>
      </form>
    </section>
  );
}
