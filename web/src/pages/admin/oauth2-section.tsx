/**
 * OAuth2 sign-in providers (/admin/user_oauth2_settings, reference §3.5): the whole list is
 * edited here and saved at once (the API replaces it).
 */
import { useState } from 'preact/hooks';
import {
  getOauth2Providers,
  saveOauth2Providers,
  type Oauth2Provider,
} from '../../api/admin-settings-api';
import { useAdminI18n } from './admin-i18n';
import { LoadGate } from '../../components/load-gate';
import { cleanAllowList, Oauth2ProviderFields } from './oauth2-provider-fields';
import { SettingsForm } from './settings-form';
import { useLoaded } from '../../state/use-loaded';

const blankProvider = (): Oauth2Provider => ({
  name: '',
  clientID: '',
  clientSecret: '',
  authorizationURL: '',
  accessTokenURL: '',
  accessTokenFormat: 'json',
  userInfoURL: '',
  redirectURL: '',
  userEmailKey: 'email',
  scope: 'email',
});

/** Optional text fields left empty are left out, as the reference's UI sends them. */
function clean(provider: Oauth2Provider): Oauth2Provider {
  const withList = { ...provider, mailAllowList: cleanAllowList(provider.mailAllowList) };
  return Object.fromEntries(
    Object.entries(withList).filter(([, v]) => v !== '' && v !== undefined),
  ) as unknown as Oauth2Provider;
}

function ProvidersForm({ providers }: { providers: Oauth2Provider[] }) {
  const { t } = useAdminI18n();
  const [list, setList] = useState(providers);
  return (
    <SettingsForm
      title={t('admin.settings.oauth2')}
      intro={t('admin.oauth2.help')}
      testId="oauth2-settings"
      save={() => saveOauth2Providers(list.map(clean)).then(() => undefined)}
      actions={
        <button
          type="button"
          class="btn"
          data-testid="oauth2-add"
          onClick={() => setList([...list, blankProvider()])}
        >
          {t('admin.oauth2.add')}
        </button>
      }
    >
      {list.length === 0 && <p class="muted">{t('admin.oauth2.none')}</p>}
      {list.map((provider, i) => (
        <Oauth2ProviderFields
          key={i}
          index={i}
          provider={provider}
          set={(next) => setList(list.map((p, j) => (j === i ? next : p)))}
          remove={() => setList(list.filter((_, j) => j !== i))}
        />
      ))}
    </SettingsForm>
  );
}

export function Oauth2Section() {
  const [state, reload] = useLoaded(getOauth2Providers);
  return (
    <LoadGate state={state} retry={reload}>
      {(providers) => <ProvidersForm providers={providers} />}
    </LoadGate>
  );
}
