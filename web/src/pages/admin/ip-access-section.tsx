/**
 * IP access control (/admin/ip_blacklist/settings, reference §6.3) of the rate-limited paths
 * (address creation, sending, registration): block lists, an allow-list, a daily limit.
 */
import { useState } from 'preact/hooks';
import { getIpAccess, saveIpAccess, type IpAccessSettings } from '../../api/admin-settings-api';
import { useAdminI18n } from './admin-i18n';
import { CheckField, ListField, NumberField, parseLines } from './form-fields';
import { LoadGate } from '../../components/load-gate';
import { SettingsForm } from './settings-form';
import { useLoaded } from '../../state/use-loaded';

const LISTS = ['blacklist', 'asnBlacklist', 'fingerprintBlacklist', 'whitelist'] as const;
type ListName = (typeof LISTS)[number];
/** The lists are edited as text, one entry per line. */
type Draft = Omit<IpAccessSettings, ListName> & Record<ListName, string>;

const toDraft = (s: IpAccessSettings): Draft => ({
  ...s,
  ...(Object.fromEntries(LISTS.map((n) => [n, s[n].join('\n')])) as Record<ListName, string>),
});
const fromDraft = (d: Draft): IpAccessSettings => ({
  ...d,
  ...(Object.fromEntries(LISTS.map((n) => [n, parseLines(d[n])])) as Record<ListName, string[]>),
});

function IpAccessForm({ settings }: { settings: IpAccessSettings }) {
  const { t } = useAdminI18n();
  const [draft, setDraft] = useState(() => toDraft(settings));
  const set = (change: Partial<Draft>) => setDraft({ ...draft, ...change });
  const list = (name: ListName) => (
    <ListField
      label={t(`admin.ip.${name}`)}
      hint={t('admin.ip.patternHint')}
      value={draft[name]}
      set={(text) => set({ [name]: text })}
      testId={`ip-${name}`}
    />
  );
  return (
    <SettingsForm
      title={t('admin.settings.ip')}
      intro={t('admin.ip.help')}
      save={() => saveIpAccess(fromDraft(draft)).then(() => undefined)}
      testId="ip-settings"
    >
      <CheckField
        label={t('admin.ip.enabled')}
        checked={draft.enabled}
        set={(enabled) => set({ enabled })}
        testId="ip-enabled"
      />
      <div class="form-grid">
        {list('blacklist')}
        {list('asnBlacklist')}
        {list('fingerprintBlacklist')}
      </div>
      <CheckField
        label={t('admin.ip.enableWhitelist')}
        hint={t('admin.ip.whitelistHint')}
        checked={draft.enableWhitelist}
        set={(enableWhitelist) => set({ enableWhitelist })}
      />
      {draft.enableWhitelist && list('whitelist')}
      <CheckField
        label={t('admin.ip.enableDailyLimit')}
        checked={draft.enableDailyLimit}
        set={(enableDailyLimit) => set({ enableDailyLimit })}
      />
      {draft.enableDailyLimit && (
        <NumberField
          label={t('admin.ip.dailyLimit')}
          min={1}
          max={1_000_000}
          value={draft.dailyRequestLimit}
          set={(value) => set({ dailyRequestLimit: value ?? 1 })}
        />
      )}
    </SettingsForm>
  );
}

export function IpAccessSection() {
  const [state, reload] = useLoaded(getIpAccess);
  return (
    <LoadGate state={state} retry={reload}>
      {(settings) => <IpAccessForm settings={settings} />}
    </LoadGate>
  );
}
