/** Statistics (GET /admin/statistics): the counts as figures and as a bar chart. */
import { getStatistics, type Statistics } from '../../api/admin-settings-api';
import { useAdminI18n, type AdminMessageKey } from './admin-i18n';
import { BarChart } from './bar-chart';
import { LoadGate } from '../../components/load-gate';
import { useLoaded } from '../../state/use-loaded';

const FIGURES: readonly { key: keyof Statistics; label: AdminMessageKey }[] = [
  { key: 'mailCount', label: 'admin.stats.mails' },
  { key: 'addressCount', label: 'admin.stats.addresses' },
  { key: 'activeAddressCount7days', label: 'admin.stats.active7' },
  { key: 'activeAddressCount30days', label: 'admin.stats.active30' },
  { key: 'userCount', label: 'admin.stats.users' },
  { key: 'sendMailCount', label: 'admin.stats.sent' },
];

export function StatisticsTab() {
  const { t, lang } = useAdminI18n();
  const [state, reload] = useLoaded(getStatistics);
  const format = (n: number) => n.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en');
  return (
    <section class="stack-lg" aria-labelledby="stats-title">
      <div class="row wrap">
        <h2 id="stats-title">{t('admin.tab.statistics')}</h2>
        <button type="button" class="btn btn-small" onClick={reload} data-testid="stats-refresh">
          {t('inbox.refresh')}
        </button>
      </div>
      <LoadGate state={state} retry={reload}>
        {(stats) => {
          const bars = FIGURES.map(({ key, label }) => ({ label: t(label), value: stats[key] }));
          return (
            <>
              <dl class="stat-cards" data-testid="stat-cards">
                {bars.map((bar, i) => (
                  <div
                    key={FIGURES[i]?.key}
                    class="stat-card"
                    data-testid={`stat-${FIGURES[i]?.key}`}
                  >
                    <dt>{bar.label}</dt>
                    <dd>{format(bar.value)}</dd>
                  </div>
                ))}
              </dl>
              <div class="card">
                <BarChart title={t('admin.stats.chart')} bars={bars} format={format} />
              </div>
            </>
          );
        }}
      </LoadGate>
    </section>
  );
}
