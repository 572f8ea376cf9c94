/** What "Run now" did: rows deleted per cleanup, and each custom rule's outcome. */
import type { CleanupRunReport } from '../../api/admin-settings-api';
import { useAdminI18n } from './admin-i18n';
import { CLEAN_TYPE_LABELS } from './cleanup-steps';

export function RunReport({ report }: { report: CleanupRunReport }) {
  const { t } = useAdminI18n();
  const empty = report.steps.length === 0 && report.customSql.length === 0;
  return (
    <div class="run-report" role="status" data-testid="cleanup-report">
      <strong>{t('admin.cleanup.reportTitle')}</strong>
      {empty ? (
        <p class="muted">{t('admin.cleanup.nothingEnabled')}</p>
      ) : (
        <ul class="plain-list">
          {report.steps.map((s) => (
            <li key={s.cleanType}>
              {t(CLEAN_TYPE_LABELS[s.cleanType])}:{' '}
              {t('admin.cleanup.deleted', { count: s.deleted })}
            </li>
          ))}
          {report.customSql.map((s, i) => (
            <li key={`sql-${i}`}>
              {s.name}:{' '}
              {'deleted' in s ? (
                t('admin.cleanup.deleted', { count: s.deleted })
              ) : (
                <span class="form-error">{'error' in s ? s.error : s.problem}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
