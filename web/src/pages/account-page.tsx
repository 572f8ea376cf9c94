/**
 * `/account` (and the OAuth2 callback paths): the user account page. Its code, texts and
 * styles are a separate chunk, loaded the first time the page opens, so the inbox's first
 * load does not carry them.
 */
import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../api/client';
import { useI18n } from '../i18n';
import type * as ViewExports from './account/account-view';

type ViewModule = typeof ViewExports;
let loading: Promise<ViewModule> | undefined;

export function AccountPage() {
  const { t } = useI18n();
  const [module, setModule] = useState<ViewModule | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let active = true;
    loading ??= import('./account/account-view');
    loading
      .then((loaded) => active && setModule(loaded))
      .catch((err: unknown) => {
        // A failed chunk download (offline, a new deployment) can be tried again.
        loading = undefined;
        if (active) setError(errorMessage(err));
      });
    return () => {
      active = false;
    };
  }, [attempt]);

  if (module) return <module.AccountView />;
  return (
    <section class="card page" aria-labelledby="account-title" data-testid="account-page">
      <h1 id="account-title">{t('page.account')}</h1>
      {error ? (
        <div role="alert">
          <p class="form-error">{error}</p>
          <button
            type="button"
            class="btn"
            onClick={() => {
              setError(null);
              setAttempt(attempt + 1);
            }}
          >
            {t('common.retry')}
          </button>
        </div>
      ) : (
        <p class="muted">{t('common.loading')}</p>
      )}
    </section>
  );
}
