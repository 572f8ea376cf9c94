/**
 * Where an OAuth2 provider sends the browser back (`?code=&state=`): the code is traded for a
 * user token once, and the page moves on to /account (replacing this URL, so the code stays
 * out of the history).
 */
import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../../api/client';
import { Link, navigate } from '../../router';
import { notify } from '../../state/notices';
import { signIn } from '../../state/user-session';
import { at, useAccountI18n } from './account-i18n';
import { finishOauth2 } from './oauth2-flow';

export function Oauth2Callback() {
  const { t } = useAccountI18n();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const search = window.location.search;
    // The code is single-use: drop it from the address bar before anything else.
    navigate(window.location.pathname, { replace: true });
    finishOauth2(search)
      .then((token) => {
        signIn(token);
        notify(at('account.login.done'));
        navigate('/account', { replace: true });
      })
      .catch((err: unknown) => setError(errorMessage(err)));
  }, []);
  return (
    <section class="card narrow" aria-labelledby="account-title" data-testid="account-oauth2">
      <h1 id="account-title">{t('account.oauth2.title')}</h1>
      {error ? (
        <div role="alert" class="stack">
          <p class="form-error" data-testid="account-oauth2-error">
            {error}
          </p>
          <Link href="/account">{t('account.oauth2.back')}</Link>
        </div>
      ) : (
        <p class="muted" aria-live="polite">
          {t('common.loading')}
        </p>
      )}
    </section>
  );
}
