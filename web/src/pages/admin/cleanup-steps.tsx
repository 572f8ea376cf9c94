/** The seven automatic cleanups (reference §7.3), each a switch and its age in days. */
import type { CleanType, CleanupSettings } from '../../api/admin-settings-api';
import { useAdminI18n, type AdminMessageKey } from './admin-i18n';
import { NumberField } from './form-fields';

export interface CleanupStep {
  type: CleanType;
  enabled: string;
  days: string;
}

/** In the order the scheduler runs them. */
export const CLEANUP_STEPS: readonly CleanupStep[] = [
  { type: 'mails', enabled: 'enableMailsAutoCleanup', days: 'cleanMailsDays' },
  { type: 'mails_unknow', enabled: 'enableUnknowMailsAutoCleanup', days: 'cleanUnknowMailsDays' },
  { type: 'sendbox', enabled: 'enableSendBoxAutoCleanup', days: 'cleanSendBoxDays' },
  {
    type: 'inactiveAddress',
    enabled: 'enableInactiveAddressAutoCleanup',
    days: 'cleanInactiveAddressDays',
  },
  { type: 'addressCreated', enabled: 'enableAddressAutoCleanup', days: 'cleanAddressDays' },
  {
    type: 'unboundAddress',
    enabled: 'enableUnboundAddressAutoCleanup',
    days: 'cleanUnboundAddressDays',
  },
  { type: 'emptyAddress', enabled: 'enableEmptyAddressAutoCleanup', days: 'cleanEmptyAddressDays' },
];

export const CLEAN_TYPE_LABELS: Record<CleanType, AdminMessageKey> = {
  mails: 'admin.clean.mails',
  mails_unknow: 'admin.clean.mails_unknow',
  sendbox: 'admin.clean.sendbox',
  inactiveAddress: 'admin.clean.inactiveAddress',
  addressCreated: 'admin.clean.addressCreated',
  unboundAddress: 'admin.clean.unboundAddress',
  emptyAddress: 'admin.clean.emptyAddress',
};

interface Props {
  step: CleanupStep;
  draft: CleanupSettings;
  set(change: CleanupSettings): void;
}

export function CleanupStepFields({ step, draft, set }: Props) {
  const { t } = useAdminI18n();
  const enabled = draft[step.enabled] === true;
  const days = typeof draft[step.days] === 'number' ? (draft[step.days] as number) : null;
  return (
    <div class="cleanup-step" data-testid={`cleanup-step-${step.type}`}>
      <label class="check">
        <input
          type="checkbox"
          checked={enabled}
          onChange={(e) => set({ [step.enabled]: e.currentTarget.checked })}
        />
        {t(CLEAN_TYPE_LABELS[step.type])}
      </label>
      <NumberField
        label={t('admin.cleanup.olderThan')}
        min={0}
        max={1000}
        step="any"
        value={days}
        set={(value) => set({ [step.days]: value })}
      />
    </div>
  );
}
