/**
 * The effective configuration (/admin/worker/configs), read-only: what the server runs with,
 * never a secret (password counts only).
 */
import { getWorkerConfigs } from '../../api/admin-settings-api';
import { useAdminI18n } from './admin-i18n';
import { LoadGate } from '../../components/load-gate';
import { useLoaded } from '../../state/use-loaded';

const show = (value: unknown): string =>
  typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);

export function SystemSection() {
  const { t } = useAdminI18n();
  const [state, reload] = useLoaded(getWorkerConfigs);
  return (
    <section class="card stack" aria-labelledby="system-title" data-testid="system-settings">
      <h3 id="system-title">{t('admin.system.title')}</h3>
      <p class="hint">{t('admin.system.help')}</p>
      <LoadGate state={state} retry={reload}>
        {(configs) => (
          <dl class="config-list">
            {Object.entries(configs).map(([name, value]) => (
              <div key={name} class="config-item">
                <dt>{name}</dt>
                <dd>
                  <code>{show(value)}</code>
                </dd>
              </div>
            ))}
          </dl>
        )}
      </LoadGate>
    </section>
  );
}
