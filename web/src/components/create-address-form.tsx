/**
 * Creating an address as /open_api/settings allows: a chosen or random name after the site's
 * prefix, one of the offered domains, and a hand-written or random subdomain where the domain
 * permits it (RANDOM_SUBDOMAIN_DOMAINS).
 */
import { useState } from 'preact/hooks';
import { createAddress } from '../api/address-api';
import type { OpenSettings } from '../api/types';
import { useI18n, type Translate } from '../i18n';
import { Link } from '../router';
import { saveAddress } from '../state/addresses';
import { notify } from '../state/notices';
import { onSubmit, useAction } from '../state/use-action';
import { FormError } from './form-error';

/** What the server will make of a typed name (lower-cased, ADDRESS_REGEX characters removed). */
export function normalizeName(name: string, addressRegex: string): string {
  let strip: RegExp;
  try {
    strip = new RegExp(addressRegex || '[^a-z0-9]', 'g');
  } catch {
    strip = /[^a-z0-9]/g;
  }
  return name.trim().toLowerCase().replace(strip, '');
}

function randomName(min: number, max: number): string {
  const length = Math.min(Math.max(min, 10), max);
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('');
}

function blockedReason(settings: OpenSettings, t: Translate): string | null {
  if (!settings.enableUserCreateEmail) return t('create.disabled');
  if (settings.disableAnonymousUserCreateEmail) return t('create.needUser');
  if (settings.cfTurnstileSiteKey) return t('create.turnstile');
  if (settings.defaultDomains.length === 0) return t('create.noDomains');
  return null;
}

interface Draft {
  name: string;
  domain: string;
  subdomain: string;
  randomSubdomain: boolean;
}

type FieldProps = { settings: OpenSettings; draft: Draft; set(change: Partial<Draft>): void };

function NameField({ settings, draft, set }: FieldProps) {
  const { t } = useI18n();
  return (
    <div class="field">
      <label for="create-name">{t('create.name')}</label>
      <div class="input-group">
        {settings.prefix && (
          <span class="input-affix" data-testid="address-prefix">
            {settings.prefix}
          </span>
        )}
        <input
          id="create-name"
          value={draft.name}
          autoComplete="off"
          spellcheck={false}
          autoCapitalize="none"
          maxLength={settings.maxAddressLen + 20}
          placeholder={t('create.namePlaceholder')}
          aria-describedby="create-name-hint"
          onInput={(e) => set({ name: e.currentTarget.value })}
        />
        <button
          type="button"
          class="btn"
          onClick={() => set({ name: randomName(settings.minAddressLen, settings.maxAddressLen) })}
        >
          {t('create.random')}
        </button>
      </div>
      <small id="create-name-hint" class="hint">
        {t('create.nameHint', { min: settings.minAddressLen, max: settings.maxAddressLen })}
      </small>
    </div>
  );
}

function DomainField({ settings, draft, set }: FieldProps) {
  const { t } = useI18n();
  const label = (domain: string) =>
    settings.domainLabels[settings.domains.indexOf(domain)] || domain;
  return (
    <div class="field">
      <label for="create-domain">{t('create.domain')}</label>
      <select
        id="create-domain"
        value={draft.domain}
        onChange={(e) => set({ domain: e.currentTarget.value })}
      >
        {settings.defaultDomains.map((d) => (
          <option key={d} value={d}>
            {label(d)}
          </option>
        ))}
      </select>
    </div>
  );
}

function SubdomainField({ draft, set }: FieldProps) {
  const { t } = useI18n();
  return (
    <div class="field">
      <label for="create-subdomain">{t('create.subdomain')}</label>
      <div class="input-group">
        <input
          id="create-subdomain"
          value={draft.subdomain}
          disabled={draft.randomSubdomain}
          autoComplete="off"
          spellcheck={false}
          autoCapitalize="none"
          maxLength={63}
          placeholder={t('create.subdomainPlaceholder')}
          onInput={(e) => set({ subdomain: e.currentTarget.value })}
        />
        <span class="input-affix">.{draft.domain}</span>
      </div>
      <label class="check">
        <input
          type="checkbox"
          checked={draft.randomSubdomain}
          onChange={(e) => set({ randomSubdomain: e.currentTarget.checked })}
        />
        {t('create.randomSubdomain')}
      </label>
    </div>
  );
}

/** The request the draft makes, and the address it should give (for the preview). */
function planOf(settings: OpenSettings, draft: Draft) {
  const subdomainAllowed = settings.randomSubdomainDomains.includes(draft.domain);
  const sub = draft.subdomain
    .trim()
    .toLowerCase()
    .replace(/^\.+|\.+$/g, '');
  const random = subdomainAllowed && draft.randomSubdomain;
  const domain = subdomainAllowed && sub && !random ? `${sub}.${draft.domain}` : draft.domain;
  const name = settings.disableCustomAddressName
    ? ''
    : normalizeName(draft.name, settings.addressRegex);
  return {
    subdomainAllowed,
    request: {
      name: name || undefined,
      domain,
      ...(random ? { enableRandomSubdomain: true } : {}),
    },
    preview: `${settings.prefix}${name || '…'}@${random ? '….' : ''}${domain}`,
  };
}

export function CreateAddressForm({
  settings,
  onDone,
}: {
  settings: OpenSettings;
  onDone?(): void;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Draft>({
    name: '',
    domain: settings.defaultDomains[0] ?? '',
    subdomain: '',
    randomSubdomain: false,
  });
  const plan = planOf(settings, draft);
  const create = useAction(async () => {
    const created = await createAddress(plan.request);
    saveAddress({
      address: created.address,
      jwt: created.jwt,
      ...(created.password ? { password: created.password } : {}),
    });
    notify(t('create.created'));
    setDraft({ ...draft, name: '' });
    onDone?.();
  });

  const blocked = blockedReason(settings, t);
  const fieldProps: FieldProps = { settings, draft, set: (c) => setDraft({ ...draft, ...c }) };
  return (
    <section class="card" aria-labelledby="create-title">
      <h2 id="create-title">{t('create.title')}</h2>
      {blocked ? (
        <>
          <p>{blocked}</p>
          {settings.disableAnonymousUserCreateEmail && (
            <Link href="/account">{t('nav.account')}</Link>
          )}
        </>
      ) : (
        <form class="stack" onSubmit={onSubmit(create.run)} data-testid="create-address-form">
          {!settings.disableCustomAddressName && <NameField {...fieldProps} />}
          <DomainField {...fieldProps} />
          {plan.subdomainAllowed && <SubdomainField {...fieldProps} />}
          <p class="preview">
            {t('create.preview')} <code data-testid="address-preview">{plan.preview}</code>
          </p>
          <FormError error={create.error} />
          <button type="submit" class="btn btn-primary" disabled={create.busy}>
            {t('create.submit')}
          </button>
        </form>
      )}
    </section>
  );
}
