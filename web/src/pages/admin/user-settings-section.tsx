/**
 * User settings (/admin/user_settings, reference §3.1): registration, mail verification, the
 * e-mail allow-list and pattern, the global maximum of bound addresses; and below, the roles of
 * USER_ROLES with a maximum of their own (/admin/role_address_config).
 */
import { useState } from 'preact/hooks';
import { getUserSettings, saveUserSettings, type UserSettings } from '../../api/admin-settings-api';
import { useAdminI18n } from './admin-i18n';
import { CheckField, ListField, NumberField, parseLines, TextField } from './form-fields';
import { LoadGate } from '../../components/load-gate';
import { RoleLimitsForm } from './role-limits-form';
import { SettingsForm } from './settings-form';
import { useLoaded } from '../../state/use-loaded';

/** Which e-mails may register: some domains only, or those matching a pattern. */
function EmailChecks(props: {
  draft: UserSettings;
  set(change: Partial<UserSettings>): void;
  allowList: string;
  setAllowList(text: string): void;
}) {
  const { t } = useAdminI18n();
  const { draft, set, allowList, setAllowList } = props;
  return (
    <>
      <CheckField
        label={t('admin.userSettings.allowList')}
        checked={draft.enableMailAllowList === true}
        set={(enableMailAllowList) => set({ enableMailAllowList })}
      />
      {draft.enableMailAllowList && (
        <ListField
          label={t('admin.userSettings.allowListDomains')}
          value={allowList}
          set={setAllowList}
        />
      )}
      <CheckField
        label={t('admin.userSettings.checkRegex')}
        checked={draft.enableEmailCheckRegex === true}
        set={(enableEmailCheckRegex) => set({ enableEmailCheckRegex })}
      />
      {draft.enableEmailCheckRegex && (
        <TextField
          label={t('admin.userSettings.regex')}
          value={draft.emailCheckRegex ?? ''}
          set={(emailCheckRegex) => set({ emailCheckRegex })}
        />
      )}
    </>
  );
}

function UserSettingsForm({ settings }: { settings: UserSettings }) {
  const { t } = useAdminI18n();
  const [draft, setDraft] = useState(settings);
  const [allowList, setAllowList] = useState((settings.mailAllowList ?? []).join('\n'));
  const set = (change: Partial<UserSettings>) => setDraft({ ...draft, ...change });
  return (
    <SettingsForm
      title={t('admin.settings.users')}
      testId="user-settings"
      save={() =>
        saveUserSettings({ ...draft, mailAllowList: parseLines(allowList) }).then(() => undefined)
      }
    >
      <CheckField
        label={t('admin.userSettings.enable')}
        checked={draft.enable === true}
        set={(enable) => set({ enable })}
        testId="user-settings-enable"
      />
      <CheckField
        label={t('admin.userSettings.mailVerify')}
        hint={t('admin.userSettings.mailVerifyHint')}
        checked={draft.enableMailVerify === true}
        set={(enableMailVerify) => set({ enableMailVerify })}
      />
      {draft.enableMailVerify && (
        <TextField
          label={t('admin.userSettings.sender')}
          type="email"
          value={draft.verifyMailSender ?? ''}
          set={(verifyMailSender) => set({ verifyMailSender })}
        />
      )}
      <NumberField
        label={t('admin.userSettings.maxAddresses')}
        hint={t('admin.userSettings.maxAddressesHint')}
        min={0}
        value={draft.maxAddressCount}
        set={(value) => set({ maxAddressCount: value ?? 0 })}
      />
      <EmailChecks draft={draft} set={set} allowList={allowList} setAllowList={setAllowList} />
    </SettingsForm>
  );
}

export function UserSettingsSection() {
  const [state, reload] = useLoaded(getUserSettings);
  return (
    <div class="stack-lg">
      <LoadGate state={state} retry={reload}>
        {(settings) => <UserSettingsForm settings={settings} />}
      </LoadGate>
      <RoleLimitsForm />
    </div>
  );
}
