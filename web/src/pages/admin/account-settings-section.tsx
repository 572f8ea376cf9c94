/**
 * Account settings (/admin/account_settings, reference §6.2): the block lists, mail to unknown
 * addresses, forwarding rules, the subdomain switch and the send quota, saved together.
 */
import { useState } from 'preact/hooks';
import {
  getAccountSettings,
  saveAccountSettings,
  type AccountSettings,
  type ForwardingRule,
} from '../../api/admin-settings-api';
import { useAdminI18n } from './admin-i18n';
import { CheckField, ListField, parseLines } from './form-fields';
import { ForwardingRules } from './forwarding-rules';
import { LoadGate } from '../../components/load-gate';
import { SendLimitFields, type SendLimitDraft } from './send-limit-fields';
import { SettingsForm } from './settings-form';
import { SubdomainSwitch, type SubdomainChoice } from './subdomain-switch';
import { useLoaded } from '../../state/use-loaded';

const LISTS = [
  'blockList',
  'sendBlockList',
  'verifiedAddressList',
  'fromBlockList',
  'noLimitSendAddressList',
] as const;
type ListName = (typeof LISTS)[number];

interface Draft {
  lists: Record<ListName, string>;
  blockUnknown: boolean;
  rules: ForwardingRule[];
  subdomain: SubdomainChoice;
  limits: SendLimitDraft;
}

function toDraft(s: AccountSettings): Draft {
  const stored = s.addressCreationSettings.enableSubdomainMatch;
  return {
    lists: Object.fromEntries(LISTS.map((name) => [name, s[name].join('\n')])) as Draft['lists'],
    blockUnknown: s.emailRuleSettings.blockReceiveUnknowAddressEmail === true,
    rules: s.emailRuleSettings.emailForwardingList ?? [],
    subdomain: stored === undefined ? 'env' : stored ? 'on' : 'off',
    limits: {
      dailyEnabled: s.sendMailLimitConfig?.dailyEnabled ?? false,
      dailyLimit: s.sendMailLimitConfig?.dailyLimit ?? null,
      monthlyEnabled: s.sendMailLimitConfig?.monthlyEnabled ?? false,
      monthlyLimit: s.sendMailLimitConfig?.monthlyLimit ?? null,
    },
  };
}

function save(original: AccountSettings, d: Draft) {
  const lists = Object.fromEntries(LISTS.map((name) => [name, parseLines(d.lists[name])]));
  const { dailyEnabled, monthlyEnabled } = d.limits;
  const untouched = original.sendMailLimitConfig === null && !dailyEnabled && !monthlyEnabled;
  return saveAccountSettings({
    ...(lists as Record<ListName, string[]>),
    // Fields this form does not edit are sent back as they came.
    emailRuleSettings: {
      ...original.emailRuleSettings,
      blockReceiveUnknowAddressEmail: d.blockUnknown,
      emailForwardingList: d.rules,
    },
    addressCreationSettings: {
      enableSubdomainMatch: d.subdomain === 'env' ? null : d.subdomain === 'on',
    },
    sendMailLimitConfig: untouched
      ? undefined
      : {
          dailyEnabled,
          monthlyEnabled,
          dailyLimit: dailyEnabled ? (d.limits.dailyLimit ?? -1) : null,
          monthlyLimit: monthlyEnabled ? (d.limits.monthlyLimit ?? -1) : null,
        },
  });
}

function AccountForm({ settings, reload }: { settings: AccountSettings; reload(): void }) {
  const { t } = useAdminI18n();
  const [draft, setDraft] = useState(() => toDraft(settings));
  const set = (change: Partial<Draft>) => setDraft({ ...draft, ...change });
  const setList = (name: ListName, text: string) =>
    set({ lists: { ...draft.lists, [name]: text } });
  return (
    <SettingsForm
      title={t('admin.settings.account')}
      testId="account-settings"
      save={async () => {
        await save(settings, draft);
        reload();
      }}
    >
      <SubdomainSwitch
        value={draft.subdomain}
        status={settings.addressCreationSubdomainMatchStatus}
        set={(subdomain) => set({ subdomain })}
      />
      <div class="form-grid">
        {LISTS.map((name) => (
          <ListField
            key={name}
            label={t(`admin.account.${name}`)}
            hint={t(`admin.account.${name}Hint`)}
            value={draft.lists[name]}
            set={(text) => setList(name, text)}
            testId={`account-${name}`}
          />
        ))}
      </div>
      <CheckField
        label={t('admin.account.blockUnknown')}
        hint={t('admin.account.blockUnknownHint')}
        checked={draft.blockUnknown}
        set={(blockUnknown) => set({ blockUnknown })}
        testId="account-block-unknown"
      />
      <ForwardingRules rules={draft.rules} set={(rules) => set({ rules })} />
      <SendLimitFields value={draft.limits} set={(limits) => set({ limits })} />
    </SettingsForm>
  );
}

export function AccountSettingsSection() {
  const [state, reload] = useLoaded(getAccountSettings);
  return (
    <LoadGate state={state} retry={reload}>
      {(settings) => (
        <AccountForm key={JSON.stringify(settings)} settings={settings} reload={reload} />
      )}
    </LoadGate>
  );
}
