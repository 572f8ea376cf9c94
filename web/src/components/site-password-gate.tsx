/**
 * The private-site password form (PASSWORDS). The password is checked with
 * /open_api/site_login (with a Turnstile token when the site checks every login), then kept
 * and sent as `x-custom-auth` on every request.
 */
import { useState } from 'preact/hooks';
import { ApiError, errorMessage } from '../api/client';
import { checkSitePassword } from '../api/open-api';
import type { OpenSettings } from '../api/types';
import { useI18n } from '../i18n';
import { loadSettings } from '../state/settings';
import { sitePasswordStore } from '../state/site-password';
import { onSubmit, useAction } from '../state/use-action';
import { FormError } from './form-error';
import { PasswordInput } from './password-input';
import { useTurnstileCheck } from './turnstile-check';
import { TurnstileSubmit } from './turnstile-submit';
import { TurnstileWidget } from './turnstile-widget';

export function SitePasswordGate({ settings }: { settings: OpenSettings }) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const check = useTurnstileCheck(
    settings.enableGlobalTurnstileCheck ? settings.cfTurnstileSiteKey : null,
  );
  const login = useAction(
    async () => {
      await check.submit((cfToken) => checkSitePassword(password, cfToken));
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
        <TurnstileWidget check={check} />
        <FormError id="site-error" error={login.error} />
        <TurnstileSubmit check={check} busy={login.busy}>
          {t('site.submit')}
        </TurnstileSubmit>
      </form>
    </section>
  );
}
