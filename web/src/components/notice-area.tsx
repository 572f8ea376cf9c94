/** Where notices appear; a polite live region, so they are read out without moving focus. */
import { useI18n } from '../i18n';
import { dismissNotice, noticeStore } from '../state/notices';
import { useStore } from '../state/store';

export function NoticeArea() {
  const notices = useStore(noticeStore);
  const { t } = useI18n();
  return (
    <div class="notices" role="status" aria-live="polite" data-testid="notices">
      {notices.map((notice) => (
        <div key={notice.id} class={`notice notice-${notice.kind}`}>
          <span>{notice.text}</span>
          <button
            type="button"
            class="btn btn-ghost btn-icon"
            aria-label={t('common.close')}
            onClick={() => dismissNotice(notice.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
