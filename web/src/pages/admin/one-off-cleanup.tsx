/** A one-off cleanup of one kind (POST /admin/cleanup), asked to be confirmed first. */
import { useState } from 'preact/hooks';
import { CLEAN_TYPES, cleanupNow, type CleanType } from '../../api/admin-settings-api';
import { FormError } from '../../components/form-error';
import { notify } from '../../state/notices';
import { onSubmit, useAction } from '../../state/use-action';
import { useAdminI18n } from './admin-i18n';
import { CLEAN_TYPE_LABELS } from './cleanup-steps';

function CleanupChoice(props: {
  type: CleanType;
  days: number;
  setType(type: CleanType): void;
  setDays(days: number): void;
}) {
  const { t } = useAdminI18n();
  const { type, days, setType, setDays } = props;
  return (
    <div class="form-grid">
      <div class="field">
        <label for="cleanup-type">{t('admin.cleanup.type')}</label>
        <select
          id="cleanup-type"
          value={type}
          onChange={(e) => setType(e.currentTarget.value as CleanType)}
        >
          {CLEAN_TYPES.map((ct) => (
            <option key={ct} value={ct}>
              {t(CLEAN_TYPE_LABELS[ct])}
            </option>
          ))}
        </select>
      </div>
      <div class="field field-number">
        <label for="cleanup-days">{t('admin.cleanup.olderThan')}</label>
        <input
          id="cleanup-days"
          type="number"
          min={0}
          max={1000}
          step="any"
          required
          value={days}
          onInput={(e) => setDays(Number(e.currentTarget.value))}
        />
      </div>
    </div>
  );
}

export function OneOffCleanup() {
  const { t } = useAdminI18n();
  const [type, setType] = useState<CleanType>('mails');
  const [days, setDays] = useState(30);
  const action = useAction(async () => {
    const what = t(CLEAN_TYPE_LABELS[type]);
    if (!window.confirm(t('admin.cleanup.confirm', { what, days }))) return;
    await cleanupNow(type, days);
    notify(t('admin.cleanup.done', { what }));
  });
  return (
    <form
      class="card stack"
      aria-labelledby="one-off-title"
      onSubmit={onSubmit(action.run)}
      data-testid="one-off-cleanup"
    >
      <h3 id="one-off-title">{t('admin.cleanup.onceTitle')}</h3>
      <p class="hint">{t('admin.cleanup.onceHelp')}</p>
      <CleanupChoice type={type} days={days} setType={setType} setDays={setDays} />
      <FormError error={action.error} />
      <div>
        <button
          type="submit"
          class="btn btn-danger"
          disabled={action.busy}
          data-testid="cleanup-once-submit"
        >
          {t('admin.cleanup.onceSubmit')}
        </button>
      </div>
    </form>
  );
}
