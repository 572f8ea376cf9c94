/**
 * A page whose code is a separate chunk, loaded the first time the page opens, so the inbox's
 * first load does not carry it. Until then a loading line under the page's title, or the error
 * with "Try again": a failed chunk download (offline, a new deployment) can be tried again.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useState } from 'preact/hooks';
import { errorMessage } from '../api/client';
import { useI18n, type MessageKey } from '../i18n';

interface LazyPageOptions<M> {
  /** The dynamic import of the page's module. */
  load(): Promise<M>;
  title: MessageKey;
  /** The test id of the loading card. */
  testId: string;
  render(module: M): ComponentChildren;
}

export function lazyPage<M>({ load, title, testId, render }: LazyPageOptions<M>) {
  let loading: Promise<M> | undefined;
  return function LazyPage() {
    const { t } = useI18n();
    const titleId = useId();
    const [module, setModule] = useState<M | null>(null);
    const [error, setError] = useState<string | null>(null);
    const [attempt, setAttempt] = useState(0);
    useEffect(() => {
      let active = true;
      loading ??= load();
      loading
        .then((loaded) => active && setModule(() => loaded))
        .catch((err: unknown) => {
          loading = undefined;
          if (active) setError(errorMessage(err));
        });
      return () => {
        active = false;
      };
    }, [attempt]);

    if (module) return <>{render(module)}</>;
    return (
      <section class="card page" aria-labelledby={titleId} data-testid={testId}>
        <h1 id={titleId}>{t(title)}</h1>
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
  };
}
