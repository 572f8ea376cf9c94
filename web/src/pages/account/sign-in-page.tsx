/**
 * The account page before signing in: logging in, creating an account (when the site allows
 * it), and the passkey and OAuth2 ways in, side by side where they fit.
 */
import { fetchUserOpenSettings } from '../../api/user-api';
import type { OpenSettings } from '../../api/types';
import { Link } from '../../router';
import { useAccountI18n } from './account-i18n';
import { LoadGate } from '../../components/load-gate';
import { LoginForm } from './login-form';
import { OtherSignIn } from './other-sign-in';
import { RegisterForm } from './register-form';
import { useLoaded } from '../../state/use-loaded';

export function SignInPage({ settings }: { settings: OpenSettings }) {
  const { t } = useAccountI18n();
  const [state, retry] = useLoaded(fetchUserOpenSettings);
  // The Turnstile site key where the API checks a token, as the server decides: logins only
  // when the site checks every login; registration (or its code request) whenever it is on.
  const siteKey = settings.cfTurnstileSiteKey ?? null;
  const loginKey = settings.enableGlobalTurnstileCheck ? siteKey : null;
  return (
    <section class="account" aria-labelledby="account-title" data-testid="account-page">
      <h1 id="account-title">{t('page.account')}</h1>
      <p class="intro">{t('account.intro')}</p>
      <LoadGate state={state} retry={retry}>
        {(open) => (
          <div class="account-grid">
            <LoginForm siteKey={loginKey} />
            {open.enable ? (
              <RegisterForm
                mailVerify={!!open.enableMailVerify}
                siteKey={siteKey}
                loginChecked={loginKey !== null}
              />
            ) : (
              <section class="card" data-testid="account-register-closed">
                <h2>{t('account.register.title')}</h2>
                <p class="muted">{t('account.register.closed')}</p>
              </section>
            )}
            <OtherSignIn providers={open.oauth2ClientIDs} />
          </div>
        )}
      </LoadGate>
      <p>
        <Link href="/">← {t('nav.backToInbox')}</Link>
      </p>
    </section>
  );
}
