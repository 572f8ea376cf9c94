/**
 * Signing in to the console: with an admin password (ADMIN_PASSWORDS), or with a user account
 * whose role is ADMIN_USER_ROLE. Either way the credential stays in this tab only.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, errorMessage } from '../../api/client';
import type { OpenSettings } from '../../api/types';
import { FormError } from '../../components/form-error';
import { PasswordInput } from '../../components/password-input';
import { useTurnstileCheck } from '../../components/turnstile-check';
import { TurnstileSubmit } from '../../components/turnstile-submit';
import { TurnstileWidget } from '../../components/turnstile-widget';
import { useStore } from '../../state/store';
import { onSubmit, useAction } from '../../state/use-action';
import { loadProfile, profileStore } from '../../state/user-session';
import { userTokenStore } from '../../state/user-token';
import { useAdminI18n } from './admin-i18n';
import { signInWithAccount, signInWithPassword, signInWithSiteUser } from './admin-session';

function PasswordForm({ siteKey }: { siteKey: string | null }) {
  const { t } = useAdminI18n();
  const [password, setPassword] = useState('');
  const check = useTurnstileCheck(siteKey);
  const login = useAction(
    () => check.submit((cfToken) => signInWithPassword(password, cfToken)),
    (err) =>
      err instanceof ApiError && err.status === 401 ? t('admin.login.wrong') : errorMessage(err),
  );
  return (
    <form class="stack" onSubmit={onSubmit(login.run)} data-testid="admin-password-form">
      <label for="admin-password">{t('admin.login.password')}</label>
      <PasswordInput
        id="admin-password"
        value={password}
        onValue={setPassword}
        error={login.error}
        errorId="admin-login-error"
      />
      <TurnstileWidget check={check} />
      <FormError id="admin-login-error" error={login.error} />
      <TurnstileSubmit check={check} busy={login.busy}>
        {t('admin.login.submit')}
      </TurnstileSubmit>
    </form>
  );
}

function AccountForm({ siteKey }: { siteKey: string | null }) {
  const { t } = useAdminI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const check = useTurnstileCheck(siteKey);
  const login = useAction(() =>
    check.submit((cfToken) => signInWithAccount(email, password, cfToken)),
  );
  return (
    <form class="stack" onSubmit={onSubmit(login.run)} data-testid="admin-account-form">
      <label for="admin-account-email">{t('admin.login.email')}</label>
      <input
        id="admin-account-email"
        type="email"
        autoComplete="username"
        required
        value={email}
        onInput={(e) => setEmail(e.currentTarget.value)}
      />
      <label for="admin-account-password">{t('admin.login.accountPassword')}</label>
      <PasswordInput
        id="admin-account-password"
        value={password}
        onValue={setPassword}
        error={login.error}
        errorId="admin-account-error"
      />
      <TurnstileWidget check={check} />
      <FormError id="admin-account-error" error={login.error} />
      <TurnstileSubmit check={check} busy={login.busy}>
        {t('admin.login.submit')}
      </TurnstileSubmit>
    </form>
  );
}

/** One click for an admin already signed in to their account on this site. */
function SiteUserOption() {
  const { t } = useAdminI18n();
  const token = useStore(userTokenStore);
  const profile = useStore(profileStore);
  const action = useAction(signInWithSiteUser);
  useEffect(() => {
    if (token && profile.status === 'loading') void loadProfile();
  }, [token]);
  if (profile.status !== 'ready' || !profile.profile.is_admin) return null;
  const email = profile.profile.user_email;
  return (
    <div class="stack site-user" data-testid="admin-site-user">
      <p>{t('admin.login.siteUser', { email })}</p>
      <div>
        <button
          type="button"
          class="btn btn-primary"
          disabled={action.busy}
          onClick={() => action.run()}
        >
          {t('admin.login.continueAs', { email })}
        </button>
      </div>
      <FormError error={action.error} />
    </div>
  );
}

export function AdminLogin({ settings }: { settings: OpenSettings }) {
  const { t } = useAdminI18n();
  const [mode, setMode] = useState<'password' | 'account'>('password');
  // Both ways in are logins, which a site that checks every login guards with Turnstile.
  const siteKey = settings.enableGlobalTurnstileCheck
    ? (settings.cfTurnstileSiteKey ?? null)
    : null;
  return (
    <section class="card narrow" aria-labelledby="admin-login-title" data-testid="admin-login">
      <h1 id="admin-login-title">{t('admin.login.title')}</h1>
      <p>{t('admin.login.intro')}</p>
      <SiteUserOption />
      <div class="segmented" role="group" aria-label={t('admin.login.how')}>
        {(['password', 'account'] as const).map((m) => (
          <button
            key={m}
            type="button"
            class="btn btn-small"
            aria-pressed={mode === m}
            data-testid={`admin-login-${m}`}
            onClick={() => setMode(m)}
          >
            {t(m === 'password' ? 'admin.login.withPassword' : 'admin.login.withAccount')}
          </button>
        ))}
      </div>
      {mode === 'password' ? <PasswordForm siteKey={siteKey} /> : <AccountForm siteKey={siteKey} />}
      <p class="hint">{t('admin.login.sessionNote')}</p>
    </section>
  );
}
