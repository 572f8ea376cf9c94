/** Whether a mail list follows new mail live: a dot, and the word while live or reconnecting. */
import type { LiveState } from '../api/mail-events';
import { useI18n } from '../i18n';

export function LiveStatus({ state }: { state: LiveState }) {
  const { t } = useI18n();
  const text = state === 'live' ? t('inbox.live') : t('inbox.offline');
  return (
    <span class={`live live-${state}`} data-testid="live-status" title={text}>
      <span aria-hidden="true" class="live-dot" />
      {state === 'live' || state === 'retrying' ? text : ''}
    </span>
  );
}
