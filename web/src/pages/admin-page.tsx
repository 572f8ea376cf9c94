/**
 * `/admin`: the admin console. Its code is a separate chunk, loaded the first time the page
 * opens, so the inbox's first load does not carry it. Paths under /admin/ are the admin API,
 * so the console keeps its sections in the query string (/admin?tab=…).
 */
import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../api/client';
import { useI18n } from '../i18n';
import type * as ConsoleExports from './admin/admin-console';

type ConsoleModule = typeof ConsoleExports;
let loading: Promise<ConsoleModule> | undefined;

export function AdminPage() {
  const { t } = useI18n();
  const [module, setModule] = useState<ConsoleModule | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let active = true;
    loading ??= import('./admin/admin-console');
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

  // The page's test id appears with the console itself (sign-in form or sections), so a
  // test that waits for it never catches the loading line.
  if (module) {
    return (
      <div data-testid="admin-page">
        <module.AdminConsole />
      </div>
    );
  }
  return (
    <section class="card page" aria-labelledby="admin-title" data-testid="admin-page-loading">
      <h1 id="admin-title">{t('page.admin')}</h1>
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
