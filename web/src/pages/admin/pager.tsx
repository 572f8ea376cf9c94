/** "21–40 of 53" with previous and next page buttons under an admin list. */
import { useAdminI18n } from './admin-i18n';
import type { Paged } from './use-paged';

export function Pager({ paged, label }: { paged: Paged<unknown>; label: string }) {
  const { t } = useAdminI18n();
  const { offset, limit, total, rows } = paged;
  const first = rows.length === 0 ? 0 : offset + 1;
  const last = offset + rows.length;
  const pages = Math.max(1, Math.ceil(total / limit));
  const page = Math.floor(offset / limit) + 1;
  return (
    <nav class="pager" aria-label={label} data-testid="pager">
      <span class="muted" aria-live="polite">
        {t('admin.pager.range', { first, last, total })}
      </span>
      <div class="row">
        <button
          type="button"
          class="btn btn-small"
          disabled={offset === 0 || paged.loading}
          onClick={() => paged.setOffset(offset - limit)}
          data-testid="pager-prev"
        >
          ← {t('admin.pager.prev')}
        </button>
        <span class="pager-page">{t('admin.pager.page', { page, pages })}</span>
        <button
          type="button"
          class="btn btn-small"
          disabled={last >= total || paged.loading}
          onClick={() => paged.setOffset(offset + limit)}
          data-testid="pager-next"
        >
          {t('admin.pager.next')} →
        </button>
      </div>
    </nav>
  );
}
