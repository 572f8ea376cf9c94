/** Logging in to an account with its e-mail and password. */
import { useState } from 'preact/hooks';
import { passwordLogin } from '../../api/user-api';
import { FormError } from '../../components/form-error';
import { PasswordInput } from '../../components/password-input';
import { useTurnstileCheck } from '../../components/turnstile-check';
import { TurnstileSubmit } from '../../components/turnstile-submit';
import { TurnstileWidget } from '../../components/turnstile-widget';
import { notify } from '../../state/notices';
import { onSubmit, useAction } from '../../state/use-action';
import { signIn } from '../../state/user-session';
import { useAccountI18n } from './account-i18n';

/** `siteKey`: the Turnstile site key when the site checks every login, else null. */
export function LoginForm({ siteKey }: { siteKey: string | null }) {
  const { t } = useAccountI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const check = useTurnstileCheck(siteKey);
  const login = useAction(async () => {
    signIn(await check.submit((cfToken) => passwordLogin(email.trim(), password, cfToken)));
    notify(t('account.login.done'));
  });
  return (
    <section class="card" aria-labelledby="account-login-title" data-testid="account-login">
      <h2 id="account-login-title">{t('account.login.title')}</h2>
      <form class="stack" onSubmit={onSubmit(login.run)}>
        <div class="field">
          <label for="account-login-email">{t('account.email')}</label>
          <input
            id="account-login-email"
            type="email"
            autoComplete="username"
            required
            maxLength={320}
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="account-login-password">{t('account.password')}</label>
          <PasswordInput
            id="account-login-password"
            value={password}
            onValue={setPassword}
            error={login.error}
            errorId="account-login-error"
          />
        </div>
        <TurnstileWidget check={check} />
        <FormError id="account-login-error" error={login.error} />
        <TurnstileSubmit check={check} busy={login.busy} testId="account-login-submit">
          {t('account.login.submit')}
        </TurnstileSubmit>
      </form>
    </section>
  );
}
