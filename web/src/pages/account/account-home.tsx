/**
 * The account page once signed in: who is signed in (and a way to the admin console for an
 * admin role), signing out, and the sections, one per tab, chosen by `?tab=`.
 */
import { useEffect } from 'preact/hooks';
import type { UserProfile } from '../../api/user-api';
import type { OpenSettings } from '../../api/types';
import { Link } from '../../router';
import { notify } from '../../state/notices';
import { useStore } from '../../state/store';
import { loadProfile, profileStore, signOutUser } from '../../state/user-session';
import { useAccountI18n, type AccountMessageKey } from './account-i18n';
import { AddressesPanel } from './addresses-panel';
import { LoadGate } from '../../components/load-gate';
import { MailsPanel } from './mails-panel';
import { PasskeysPanel } from './passkeys-panel';
import { pageHref, usePageQuery } from '../../state/use-page-query';
import type { LoadState } from '../../state/use-loaded';

const TABS = ['addresses', 'mails', 'passkeys'] as const;
type Tab = (typeof TABS)[number];

const TAB_LABELS: Record<Tab, AccountMessageKey> = {
  addresses: 'account.tab.addresses',
  mails: 'account.tab.mails',
  passkeys: 'account.tab.passkeys',
};

function AccountHeader({ profile }: { profile: UserProfile }) {
  const { t } = useAccountI18n();
  const signOut = () => {
    signOutUser();
    notify(t('account.signedOut'));
  };
  return (
    <div class="account-head">
      <h1 id="account-title">{t('page.account')}</h1>
      <div class="row account-who">
        <span data-testid="account-email">
          {t('account.signedInAs', { email: profile.user_email })}
        </span>
        {profile.user_role && (
          <span class="badge" data-testid="account-role">
            {t('account.role', { role: profile.user_role.role })}
          </span>
        )}
        {profile.is_admin && (
          <Link href="/admin" class="btn btn-small" data-testid="account-admin-link">
            {t('account.adminLink')}
          </Link>
        )}
        <button
          type="button"
          class="btn btn-small"
          data-testid="account-sign-out"
          onClick={signOut}
        >
          {t('account.signOut')}
        </button>
      </div>
    </div>
  );
}

function TabPanel({ tab, settings }: { tab: Tab; settings: OpenSettings }) {
  switch (tab) {
    case 'addresses':
      return <AddressesPanel />;
    case 'mails':
      return <MailsPanel allowDelete={settings.enableUserDeleteEmail} />;
    case 'passkeys':
      return <PasskeysPanel />;
  }
}

function SignedIn({ profile, settings }: { profile: UserProfile; settings: OpenSettings }) {
  const { t } = useAccountI18n();
  const { params } = usePageQuery('/account');
  const requested = params.get('tab');
  const tab: Tab = TABS.includes(requested as Tab) ? (requested as Tab) : 'addresses';
  return (
    <>
      <AccountHeader profile={profile} />
      <nav class="account-tabs" aria-label={t('account.sections')}>
        <ul>
          {TABS.map((name) => (
            <li key={name}>
              <Link
                href={pageHref('/account', { tab: name })}
                aria-current={name === tab ? 'page' : undefined}
                data-testid={`account-tab-${name}`}
              >
                {t(TAB_LABELS[name])}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div class="account-panel" data-testid={`account-panel-${tab}`}>
        <TabPanel key={tab} tab={tab} settings={settings} />
      </div>
    </>
  );
}

export function AccountHome({ settings }: { settings: OpenSettings }) {
  const { t } = useAccountI18n();
  const state = useStore(profileStore);
  useEffect(() => void loadProfile(), []);
  const gate: LoadState<UserProfile> =
    state.status === 'ready'
      ? { status: 'ready', value: state.profile }
      : state.status === 'error'
        ? state
        : { status: 'loading' };
  return (
    <section class="account" aria-labelledby="account-title" data-testid="account-page">
      {state.status !== 'ready' && <h1 id="account-title">{t('page.account')}</h1>}
      <LoadGate state={gate} retry={() => void loadProfile()}>
        {(profile) => <SignedIn profile={profile} settings={settings} />}
      </LoadGate>
      {state.status === 'error' && (
        <p>
          <button type="button" class="btn btn-small" onClick={signOutUser}>
            {t('account.signOut')}
          </button>
        </p>
      )}
    </section>
  );
}
