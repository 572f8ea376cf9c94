/** The dot before the sender of a mail the reader has not opened (inbox and account lists). */
import { useI18n } from '../i18n';

export function UnreadMark() {
  const { t } = useI18n();
  return (
    <span class="unread-dot" role="img" aria-label={t('inbox.unread')} data-testid="unread-mark" />
  );
}
