/** The fields of one OAuth2 provider, grouped: identity, endpoints, the user's e-mail, limits. */
import type { Oauth2Provider } from '../../api/admin-settings-api';
import { useAdminI18n, type AdminMessageKey } from './admin-i18n';
import { CheckField, ListField, parseLines, TextField } from './form-fields';

type TextKey = {
  [K in keyof Oauth2Provider]-?: Oauth2Provider[K] extends string | undefined ? K : never;
}[keyof Oauth2Provider];

const TEXT_FIELDS: readonly {
  key: TextKey;
  label: AdminMessageKey;
  required?: boolean;
  secret?: boolean;
}[] = [
  { key: 'name', label: 'admin.oauth2.name', required: true },
  { key: 'icon', label: 'admin.oauth2.icon' },
  { key: 'clientID', label: 'admin.oauth2.clientId', required: true },
  { key: 'clientSecret', label: 'admin.oauth2.clientSecret', required: true, secret: true },
  { key: 'authorizationURL', label: 'admin.oauth2.authorizationUrl', required: true },
  { key: 'accessTokenURL', label: 'admin.oauth2.accessTokenUrl', required: true },
  { key: 'userInfoURL', label: 'admin.oauth2.userInfoUrl', required: true },
  { key: 'redirectURL', label: 'admin.oauth2.redirectUrl', required: true },
  { key: 'logoutURL', label: 'admin.oauth2.logoutUrl' },
  { key: 'scope', label: 'admin.oauth2.scope', required: true },
  { key: 'userEmailKey', label: 'admin.oauth2.emailKey', required: true },
];

interface Props {
  provider: Oauth2Provider;
  index: number;
  set(provider: Oauth2Provider): void;
  remove(): void;
}

/** How the e-mail from the provider is rewritten and which domains are allowed. */
function EmailRules(props: {
  provider: Oauth2Provider;
  update(change: Partial<Oauth2Provider>): void;
}) {
  const { t } = useAdminI18n();
  const { provider, update } = props;
  return (
    <>
      <CheckField
        label={t('admin.oauth2.emailFormat')}
        checked={provider.enableEmailFormat === true}
        set={(enableEmailFormat) => update({ enableEmailFormat })}
      />
      {provider.enableEmailFormat && (
        <div class="form-grid">
          <TextField
            label={t('admin.oauth2.emailRegex')}
            value={provider.userEmailFormat ?? ''}
            set={(userEmailFormat) => update({ userEmailFormat })}
          />
          <TextField
            label={t('admin.oauth2.emailReplace')}
            placeholder="$1"
            value={provider.userEmailReplace ?? ''}
            set={(userEmailReplace) => update({ userEmailReplace })}
          />
        </div>
      )}
      <CheckField
        label={t('admin.oauth2.allowList')}
        checked={provider.enableMailAllowList === true}
        set={(enableMailAllowList) => update({ enableMailAllowList })}
      />
      {provider.enableMailAllowList && (
        <ListField
          label={t('admin.oauth2.allowListDomains')}
          value={(provider.mailAllowList ?? []).join('\n')}
          set={(text) => update({ mailAllowList: text.split('\n') })}
        />
      )}
    </>
  );
}

export function Oauth2ProviderFields({ provider, index, set, remove }: Props) {
  const { t } = useAdminI18n();
  const title = provider.name || t('admin.oauth2.provider', { n: index + 1 });
  const update = (change: Partial<Oauth2Provider>) => set({ ...provider, ...change });
  return (
    <fieldset class="fieldset" data-testid="oauth2-provider">
      <legend>{title}</legend>
      <div class="form-grid">
        {TEXT_FIELDS.map(({ key, label, required, secret }) => (
          <TextField
            key={key}
            label={t(label)}
            required={required}
            type={secret ? 'password' : 'text'}
            value={provider[key] ?? ''}
            set={(value) => update({ [key]: value })}
          />
        ))}
        <div class="field">
          <label for={`oauth2-format-${index}`}>{t('admin.oauth2.tokenFormat')}</label>
          <select
            id={`oauth2-format-${index}`}
            value={provider.accessTokenFormat === 'json' ? 'json' : 'urlencoded'}
            onChange={(e) => update({ accessTokenFormat: e.currentTarget.value })}
          >
            <option value="json">JSON</option>
            <option value="urlencoded">application/x-www-form-urlencoded</option>
          </select>
        </div>
      </div>
      <EmailRules provider={provider} update={update} />
      <div>
        <button type="button" class="btn btn-small btn-danger" onClick={remove}>
          {t('admin.oauth2.remove', { name: title })}
        </button>
      </div>
    </fieldset>
  );
}

/** Blank lines typed while editing the allow-list are dropped when saving. */
export const cleanAllowList = (list: string[] | undefined) =>
  list ? parseLines(list.join('\n')) : undefined;
