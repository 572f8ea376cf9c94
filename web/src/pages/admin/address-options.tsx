/** Domain, optional subdomain, prefix and random-subdomain choices of a new address. */
import type { OpenSettings } from '../../api/types';
import { useAdminI18n } from './admin-i18n';

export interface AddressOptionsDraft {
  domain: string;
  subdomain: string;
  enablePrefix: boolean;
  randomSubdomain: boolean;
}

interface Props<D extends AddressOptionsDraft> {
  settings: OpenSettings;
  draft: D;
  set(change: Partial<AddressOptionsDraft>): void;
}

function DomainFields({ settings, draft, set }: Props<AddressOptionsDraft>) {
  const { t } = useAdminI18n();
  return (
    <div class="form-grid">
      <div class="field">
        <label for="admin-create-domain">{t('create.domain')}</label>
        <select
          id="admin-create-domain"
          value={draft.domain}
          data-testid="admin-create-domain"
          onChange={(e) => set({ domain: e.currentTarget.value, randomSubdomain: false })}
        >
          {settings.domains.length === 0 && <option value="">{t('admin.create.noDomains')}</option>}
          {settings.domains.map((domain) => (
            <option key={domain} value={domain}>
              {domain}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="admin-create-subdomain">{t('create.subdomain')}</label>
        <input
          id="admin-create-subdomain"
          value={draft.subdomain}
          placeholder={t('create.subdomainPlaceholder')}
          maxLength={63}
          spellcheck={false}
          autoComplete="off"
          disabled={draft.randomSubdomain}
          aria-describedby="admin-create-subdomain-hint"
          onInput={(e) => set({ subdomain: e.currentTarget.value })}
        />
        <small id="admin-create-subdomain-hint" class="hint">
          {t('admin.create.subdomainHint')}
        </small>
      </div>
    </div>
  );
}

export function AddressOptionsFields<D extends AddressOptionsDraft>({
  settings,
  draft,
  set,
}: Props<D>) {
  const { t } = useAdminI18n();
  const randomAllowed = settings.randomSubdomainDomains.includes(draft.domain);
  return (
    <>
      <DomainFields settings={settings} draft={draft} set={set} />
      {settings.prefix && (
        <label class="check">
          <input
            type="checkbox"
            checked={draft.enablePrefix}
            onChange={(e) => set({ enablePrefix: e.currentTarget.checked })}
          />
          {t('admin.create.prefix', { prefix: settings.prefix })}
        </label>
      )}
      {randomAllowed && (
        <label class="check">
          <input
            type="checkbox"
            checked={draft.randomSubdomain}
            onChange={(e) => set({ randomSubdomain: e.currentTarget.checked, subdomain: '' })}
          />
          {t('create.randomSubdomain')}
        </label>
      )}
    </>
  );
}
