/**
 * Cleanup (reference §7.2, §7.3): the automatic cleanup rules with a button that runs them now,
 * and a one-off cleanup of one kind.
 */
import { useState } from 'preact/hooks';
import {
  getAutoCleanup,
  runAutoCleanup,
  saveAutoCleanup,
  type CleanupRunReport,
  type CleanupSettings,
  type CustomSqlRule,
} from '../../api/admin-settings-api';
import { FormError } from '../../components/form-error';
import { useAction } from '../../state/use-action';
import { useAdminI18n } from './admin-i18n';
import { CLEANUP_STEPS, CleanupStepFields } from './cleanup-steps';
import { CustomSqlRules } from './custom-sql-rules';
import { LoadGate } from '../../components/load-gate';
import { OneOffCleanup } from './one-off-cleanup';
import { RunReport } from './run-report';
import { SettingsForm } from './settings-form';
import { useLoaded } from '../../state/use-loaded';

function RunNowButton({ onReport }: { onReport(report: CleanupRunReport): void }) {
  const { t } = useAdminI18n();
  const run = useAction(async () => onReport(await runAutoCleanup()));
  return (
    <>
      <button
        type="button"
        class="btn"
        disabled={run.busy}
        data-testid="cleanup-run-now"
        onClick={() => run.run()}
      >
        {run.busy ? t('admin.cleanup.running') : t('admin.cleanup.runNow')}
      </button>
      <FormError error={run.error} />
    </>
  );
}

function AutoCleanupForm({ settings }: { settings: CleanupSettings }) {
  const { t } = useAdminI18n();
  const [draft, setDraft] = useState(settings);
  const [report, setReport] = useState<CleanupRunReport | null>(null);
  const rules = draft.customSqlCleanupList ?? [];
  return (
    <SettingsForm
      title={t('admin.cleanup.autoTitle')}
      intro={t('admin.cleanup.autoHelp')}
      testId="auto-cleanup"
      save={() => saveAutoCleanup(draft).then(() => undefined)}
      actions={<RunNowButton onReport={setReport} />}
    >
      <div class="cleanup-steps">
        {CLEANUP_STEPS.map((step) => (
          <CleanupStepFields
            key={step.type}
            step={step}
            draft={draft}
            set={(change) => setDraft({ ...draft, ...change })}
          />
        ))}
      </div>
      <CustomSqlRules
        rules={rules}
        set={(list: CustomSqlRule[]) => setDraft({ ...draft, customSqlCleanupList: list })}
      />
      {report && <RunReport report={report} />}
    </SettingsForm>
  );
}

export function CleanupSection() {
  const [state, reload] = useLoaded(getAutoCleanup);
  return (
    <div class="stack-lg">
      <LoadGate state={state} retry={reload}>
        {(settings) => <AutoCleanupForm settings={settings ?? {}} />}
      </LoadGate>
      <OneOffCleanup />
    </div>
  );
}
