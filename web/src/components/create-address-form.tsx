/**
 * Creating an address as /open_api/settings allows: a chosen or random name after the site's
 * prefix, one of the offered domains, and a hand-written or random subdomain where the domain
 * permits it (RANDOM_SUBDOMAIN_DOMAINS). A signed-in user creates as themselves
 * (`x-user-token`): their role's domains and prefix apply, and so does
 * DISABLE_ANONYMOUS_USER_CREATE_EMAIL.
 */
import { useState } from 'preact/hooks';
import { createAddress, type NewAddressRequest } from '../api/address-api';
import type { CreatedAddress, OpenSettings } from '../api/types';
import type { UserRole } from '../api/user-api';
import { useI18n, type Translate } from '../i18n';
import { Link } from '../router';
import { saveAddress } from '../state/addresses';
import { loadUserSession } from '../state/load-user-session';
import { notify } from '../state/notices';
import { useStore } from '../state/store';
import { onSubmit, useAction } from '../state/use-action';
import { useUserRole } from '../state/use-user-role';
import { userTokenStore } from '../state/user-token';
import { FormError } from './form-error';
import { useTurnstileCheck } from './turnstile-check';
import { TurnstileSubmit } from './turnstile-submit';
import { TurnstileWidget } from './turnstile-widget';

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

/** What the creator may use: a role's non-empty domains and its prefix replace the site's. */
interface Offer {
  domains: string[];
  prefix: string;
}

function offerOf(settings: OpenSettings, role: UserRole | null): Offer {
  return {
    domains: role?.domains?.length ? role.domains : settings.defaultDomains,
    prefix: typeof role?.prefix === 'string' ? role.prefix : settings.prefix,
  };
}

function blockedReason(
  settings: OpenSettings,
  offer: Offer,
  signedIn: boolean,
  t: Translate,
): string | null {
  if (!settings.enableUserCreateEmail) return t('create.disabled');
  if (settings.disableAnonymousUserCreateEmail && !signedIn) return t('create.needUser');
  if (offer.domains.length === 0) return t('create.noDomains');
  return null;
}

/**
 * Creates as the signed-in user when there is one (a token that ran out ends the session),
 * with the form's Turnstile token when the site has Turnstile.
 */
async function create(
  draft: NewAddressRequest,
  signedIn: boolean,
  cfToken: string | undefined,
): Promise<CreatedAddress> {
  const request = { ...draft, cf_token: cfToken };
  if (!signedIn) return createAddress(request);
  const { userCall } = await loadUserSession();
  return userCall((userToken) => createAddress(request, { userToken }));
}

interface Draft {
  name: string;
  domain: string;
  subdomain: string;
  randomSubdomain: boolean;
}

type FieldProps = {
  settings: OpenSettings;
  offer: Offer;
  draft: Draft;
  set(change: Partial<Draft>): void;
};

function NameField({ settings, offer, draft, set }: FieldProps) {
  const { t } = useI18n();
  return (
    <div class="field">
      <label for="create-name">{t('create.name')}</label>
      <div class="input-group">
        {offer.prefix && (
          <span class="input-affix" data-testid="address-prefix">
            {offer.prefix}
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

function DomainField({ settings, offer, draft, set }: FieldProps) {
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
        {offer.domains.map((d) => (
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
function planOf(settings: OpenSettings, offer: Offer, draft: Draft) {
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
    preview: `${offer.prefix}${name || '…'}@${random ? '….' : ''}${domain}`,
  };
}

/**
 * What the form holds. The offered domains change when the user's role arrives or the user
 * signs out: a domain no longer offered gives way to the first one that is.
 */
function useDraft(offer: Offer): [Draft, (draft: Draft) => void] {
  const [typed, setTyped] = useState<Draft>({
    name: '',
    domain: offer.domains[0] ?? '',
    subdomain: '',
    randomSubdomain: false,
  });
  const first = offer.domains[0] ?? '';
  return [offer.domains.includes(typed.domain) ? typed : { ...typed, domain: first }, setTyped];
}

export function CreateAddressForm({
  settings,
  onDone,
}: {
  settings: OpenSettings;
  /** After creating: the new address, and whether a signed-in user created it. */
  onDone?(address: string, byUser: boolean): void;
}) {
  const { t } = useI18n();
  const userToken = useStore(userTokenStore);
  const signedIn = userToken !== null;
  const offer = offerOf(settings, useUserRole(userToken));
  const [draft, setDraft] = useDraft(offer);
  const plan = planOf(settings, offer, draft);
  // The API checks a Turnstile token of every new address when the site has Turnstile.
  const check = useTurnstileCheck(settings.cfTurnstileSiteKey);
  const submit = useAction(async () => {
    const created = await check.submit((cfToken) => create(plan.request, signedIn, cfToken));
    saveAddress({
      address: created.address,
      jwt: created.jwt,
      ...(created.password ? { password: created.password } : {}),
    });
    notify(t('create.created'));
    setDraft({ ...draft, name: '' });
    onDone?.(created.address, signedIn);
  });

  const blocked = blockedReason(settings, offer, signedIn, t);
  const fieldProps: FieldProps = {
    settings,
    offer,
    draft,
    set: (c) => setDraft({ ...draft, ...c }),
  };
  return (
    <section class="card" aria-labelledby="create-title">
      <h2 id="create-title">{t('create.title')}</h2>
      {blocked ? (
        <>
          <p>{blocked}</p>
          {settings.disableAnonymousUserCreateEmail && !signedIn && (
            <Link href="/account">{t('nav.account')}</Link>
          )}
        </>
      ) : (
        <form class="stack" onSubmit={onSubmit(submit.run)} data-testid="create-address-form">
          {!settings.disableCustomAddressName && <NameField {...fieldProps} />}
          <DomainField {...fieldProps} />
          {plan.subdomainAllowed && <SubdomainField {...fieldProps} />}
          <p class="preview">
            {t('create.preview')} <code data-testid="address-preview">{plan.preview}</code>
          </p>
          <TurnstileWidget check={check} />
          <FormError error={submit.error} />
          <TurnstileSubmit check={check} busy={submit.busy}>
            {t('create.submit')}
          </TurnstileSubmit>
        </form>
      )}
    </section>
  );
}
