/**
 * The roles of USER_ROLES (read-only: they come from the configuration) and, per role, a
 * maximum of bound addresses that replaces the global one; empty follows the global one.
 */
import { useState } from 'preact/hooks';
import {
  getRoleAddressConfig,
  listRoles,
  saveRoleAddressConfig,
  type RoleAddressConfig,
  type RoleDefinition,
} from '../../api/admin-api';
import { useAdminI18n } from './admin-i18n';
import { NumberField } from './form-fields';
import { LoadGate } from '../../components/load-gate';
import { SettingsForm } from './settings-form';
import { useLoaded } from '../../state/use-loaded';

function LimitsForm({ roles, configs }: { roles: RoleDefinition[]; configs: RoleAddressConfig }) {
  const { t } = useAdminI18n();
  const [draft, setDraft] = useState(configs);
  const save = async () => {
    // Roles no longer configured keep their stored entry.
    await saveRoleAddressConfig(draft);
  };
  return (
    <SettingsForm
      title={t('admin.roles.title')}
      intro={t('admin.roles.help')}
      save={save}
      testId="role-limits"
    >
      {roles.length === 0 ? (
        <p class="muted">{t('admin.role.noneConfigured')}</p>
      ) : (
        <ul class="plain-list role-list">
          {roles.map((role) => (
            <li key={role.role} class="role-item">
              <div>
                <strong>{role.role}</strong>
                <span class="muted">
                  {' '}
                  {t('admin.roles.domains')}:{' '}
                  {role.domains?.length ? role.domains.join(', ') : t('admin.roles.defaultDomains')}
                  {' · '}
                  {t('admin.roles.prefix')}:{' '}
                  {role.prefix == null ? t('admin.roles.defaultPrefix') : role.prefix || '—'}
                </span>
              </div>
              <NumberField
                label={t('admin.roles.max', { role: role.role })}
                min={0}
                value={draft[role.role]?.maxAddressCount ?? null}
                set={(value) =>
                  setDraft({
                    ...draft,
                    [role.role]: value === null ? {} : { maxAddressCount: value },
                  })
                }
              />
            </li>
          ))}
        </ul>
      )}
    </SettingsForm>
  );
}

export function RoleLimitsForm() {
  const [state, reload] = useLoaded(() =>
    Promise.all([listRoles(), getRoleAddressConfig()]).then(([roles, { configs }]) => ({
      roles,
      configs,
    })),
  );
  return (
    <LoadGate state={state} retry={reload}>
      {({ roles, configs }) => <LimitsForm roles={roles} configs={configs} />}
    </LoadGate>
  );
}
