/** The send quota of the account settings: a daily and a monthly limit, each on or off. */
import { useAdminI18n } from './admin-i18n';
import { CheckField, NumberField } from './form-fields';

export interface SendLimitDraft {
  dailyEnabled: boolean;
  dailyLimit: number | null;
  monthlyEnabled: boolean;
  monthlyLimit: number | null;
}

export function SendLimitFields({
  value,
  set,
}: {
  value: SendLimitDraft;
  set(value: SendLimitDraft): void;
}) {
  const { t } = useAdminI18n();
  return (
    <fieldset class="fieldset">
      <legend>{t('admin.limit.title')}</legend>
      <p class="hint">{t('admin.limit.help')}</p>
      <div class="form-grid">
        <div class="stack">
          <CheckField
            label={t('admin.limit.daily')}
            checked={value.dailyEnabled}
            set={(dailyEnabled) => set({ ...value, dailyEnabled })}
          />
          {value.dailyEnabled && (
            <NumberField
              label={t('admin.limit.dailyLimit')}
              min={-1}
              value={value.dailyLimit}
              set={(dailyLimit) => set({ ...value, dailyLimit })}
            />
          )}
        </div>
        <div class="stack">
          <CheckField
            label={t('admin.limit.monthly')}
            checked={value.monthlyEnabled}
            set={(monthlyEnabled) => set({ ...value, monthlyEnabled })}
          />
          {value.monthlyEnabled && (
            <NumberField
              label={t('admin.limit.monthlyLimit')}
              min={-1}
              value={value.monthlyLimit}
              set={(monthlyLimit) => set({ ...value, monthlyLimit })}
            />
          )}
        </div>
      </div>
    </fieldset>
  );
}
