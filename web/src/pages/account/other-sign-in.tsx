/** Logging in without a password: a passkey, or one of the site's OAuth2 providers. */
import type { Oauth2Provider } from '../../api/user-api';
import { FormError } from '../../components/form-error';
import { notify } from '../../state/notices';
import { useAction } from '../../state/use-action';
import { signIn } from '../../state/user-session';
import { useAccountI18n } from './account-i18n';
import { startOauth2 } from './oauth2-flow';
import { passkeyErrorText, passkeySignIn, passkeysUnavailable } from './passkey-ceremony';

/**
 * The provider's icon as an image: a URL, or SVG markup shown through a data: URL, so markup
 * from the settings is drawn as a picture and can never run as part of this page.
 */
export function iconSource(icon: string | undefined): string | undefined {
  const value = icon?.trim() ?? '';
  if (/^<(\?xml|svg)[\s>/]/i.test(value)) {
    const svg = value.includes('xmlns=')
      ? value
      : value.replace(/<svg/i, '<svg xmlns="http://www.w3.org/2000/svg"');
    return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  }
  return /^(https?:\/\/|data:image\/)/i.test(value) ? value : undefined;
}

function ProviderButton({ provider }: { provider: Oauth2Provider }) {
  const { t } = useAccountI18n();
  const go = useAction(() => startOauth2(provider.clientID));
  const icon = iconSource(provider.icon);
  return (
    <li>
      <button
        type="button"
        class="btn btn-block"
        disabled={go.busy}
        data-testid="account-oauth2-button"
        data-client-id={provider.clientID}
        onClick={() => go.run()}
      >
        {icon && <img src={icon} alt="" width={20} height={20} class="provider-icon" />}
        {t('account.oauth2.login', { name: provider.name })}
      </button>
      <FormError error={go.error} />
    </li>
  );
}

function PasskeyButton() {
  const { t } = useAccountI18n();
  const login = useAction(async () => {
    signIn(await passkeySignIn());
    notify(t('account.login.done'));
  }, passkeyErrorText);
  const unavailable = passkeysUnavailable();
  if (unavailable) return <p class="hint">{unavailable}</p>;
  return (
    <div class="stack">
      <button
        type="button"
        class="btn btn-block"
        disabled={login.busy}
        data-testid="account-passkey-login"
        onClick={() => login.run()}
      >
        {t('account.passkey.login')}
      </button>
      <FormError error={login.error} />
    </div>
  );
}

export function OtherSignIn({ providers }: { providers: Oauth2Provider[] }) {
  const { t } = useAccountI18n();
  return (
    <section class="card" aria-labelledby="account-other-title" data-testid="account-other-login">
      <h2 id="account-other-title">{t('account.other.title')}</h2>
      <div class="stack">
        <PasskeyButton />
        {providers.length > 0 && (
          <ul class="provider-list" aria-label={t('account.oauth2.providers')}>
            {providers.map((provider) => (
              <ProviderButton key={provider.clientID} provider={provider} />
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
