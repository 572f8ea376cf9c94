/**
 * The three-state subdomain-matching switch (reference §2.3): follow the environment, force it
 * on, force it off; with what is in effect now. ENABLE_CREATE_ADDRESS_SUBDOMAIN_MATCH set to
 * anything but true is a kill switch the admin cannot override, and the form says so.
 */
import type { AccountSettings } from '../../api/admin-settings-api';
import { useAdminI18n, type AdminMessageKey } from './admin-i18n';

export type SubdomainChoice = 'env' | 'on' | 'off';

const CHOICES: readonly [SubdomainChoice, AdminMessageKey][] = [
  ['env', 'admin.subdomain.env'],
  ['on', 'admin.subdomain.on'],
  ['off', 'admin.subdomain.off'],
];

interface Props {
  value: SubdomainChoice;
  status: AccountSettings['addressCreationSubdomainMatchStatus'];
  set(value: SubdomainChoice): void;
}

export function SubdomainSwitch({ value, status, set }: Props) {
  const { t } = useAdminI18n();
  const killed = status.envConfigured && !status.envEnabled;
  const env = !status.envConfigured
    ? t('admin.subdomain.envUnset')
    : status.envEnabled
      ? t('admin.subdomain.envOn')
      : t('admin.subdomain.envOff');
  return (
    <fieldset class="fieldset" data-testid="subdomain-switch">
      <legend>{t('admin.subdomain.title')}</legend>
      <p class="hint">{t('admin.subdomain.help')}</p>
      <div class="radio-row">
        {CHOICES.map(([choice, label]) => (
          <label key={choice} class="check">
            <input
              type="radio"
              name="subdomain-match"
              value={choice}
              checked={value === choice}
              data-testid={`subdomain-${choice}`}
              onChange={() => set(choice)}
            />
            {t(label)}
          </label>
        ))}
      </div>
      <p data-testid="subdomain-status">
        <strong>
          {status.effectiveEnabled
            ? t('admin.subdomain.effectiveOn')
            : t('admin.subdomain.effectiveOff')}
        </strong>{' '}
        <span class="muted">{env}</span>
      </p>
      {killed && <p class="hint warn">{t('admin.subdomain.killed')}</p>}
    </fieldset>
  );
}
