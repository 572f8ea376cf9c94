/**
 * The private-site password form (PASSWORDS). The password is checked with
 * /open_api/site_login, then kept and sent as `x-custom-auth` on every request.
 */
import { useState } from 'preact/hooks';
import { ApiError, errorMessage } from '../api/client';
import { checkSitePassword } from '../api/open-api';
import { useI18n } from '../i18n';
import { loadSettings } from '../state/settings';
import { sitePasswordStore } from '../state/site-password';
import { onSubmit, useAction } from '../state/use-action';
import { FormError } from './form-error';
import { PasswordInput } from './password-input';

export function SitePasswordGate() {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const login = useAction(
    async () => {
      await checkSitePassword(password);
      sitePasswordStore.set(password);
      await loadSettings();
    },
    (err) => (err instanceof ApiError && err.status === 401 ? t('site.wrong') : errorMessage(err)),
  );

  return (
    <section class="card narrow" aria-labelledby="site-title" data-testid="site-gate">
      <h1 id="site-title">{t('site.title')}</h1>
      <p>{t('site.intro')}</p>
      <form onSubmit={onSubmit(login.run)} class="stack">
        <label for="site-password">{t('site.password')}</label>
        <PasswordInput
          id="site-password"
          value={password}
          onValue={setPassword}
          error={login.error}
          errorId="site-error"
        />
        <FormError id="site-error" error={login.error} />
        <button type="submit" class="btn btn-primary" disabled={login.busy}>
          {t('site.submit')}
        </button>
      </form>
    </section>
  );
}
