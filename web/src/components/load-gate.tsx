/** A loading line, or the error with "Try again", until a value is loaded; then the content. */
import type { ComponentChildren } from 'preact';
import { useI18n } from '../i18n';
import type { LoadState } from '../state/use-loaded';

export function LoadGate<T>(props: {
  state: LoadState<T>;
  retry(): void;
  children(value: T): ComponentChildren;
}) {
  const { t } = useI18n();
  const { state } = props;
  if (state.status === 'loading') return <p class="muted">{t('common.loading')}</p>;
  if (state.status === 'error') {
    return (
      <div role="alert" class="stack">
        <p class="form-error">{state.message}</p>
        <div>
          <button type="button" class="btn btn-small" onClick={props.retry}>
            {t('common.retry')}
          </button>
        </div>
      </div>
    );
  }
  return <>{props.children(state.value)}</>;
}
