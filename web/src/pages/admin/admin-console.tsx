/**
 * The admin console (loaded on demand by pages/admin-page.tsx): the sign-in form until the
 * admin is known, then the sections, one per tab, chosen by `?tab=`.
 */
import type { OpenSettings } from '../../api/types';
import { Link } from '../../router';
import { settingsStore } from '../../state/settings';
import { useStore } from '../../state/store';
import { profileStore } from '../../state/user-session';
import '../../styles/admin.css';
import { AddressesTab } from './addresses-tab';
import { useAdminI18n, type AdminMessageKey } from './admin-i18n';
import { AdminLogin } from './admin-login';
import { adminSessionStore, signOut, type AdminSession } from './admin-session';
import { MailsTab } from './mails-tab';
import { SettingsTab } from './settings-tab';
import { StatisticsTab } from './statistics-tab';
import { pageHref, usePageQuery } from '../../state/use-page-query';
import { UsersTab } from './users-tab';

const TABS = ['addresses', 'mails', 'unknown', 'users', 'settings', 'statistics'] as const;
type Tab = (typeof TABS)[number];

const TAB_LABELS: Record<Tab, AdminMessageKey> = {
  addresses: 'admin.tab.addresses',
  mails: 'admin.tab.mails',
  unknown: 'admin.tab.unknown',
  users: 'admin.tab.users',
  settings: 'admin.tab.settings',
  statistics: 'admin.tab.statistics',
};

function TabContent({ tab, settings }: { tab: Tab; settings: OpenSettings }) {
  switch (tab) {
    case 'addresses':
      return <AddressesTab settings={settings} />;
    case 'mails':
      return <MailsTab unknown={false} />;
    case 'unknown':
      return <MailsTab unknown />;
    case 'users':
      return <UsersTab />;
    case 'settings':
      return <SettingsTab />;
    case 'statistics':
      return <StatisticsTab />;
  }
}

function identity(session: AdminSession | null, siteUser: string | undefined): AdminMessageKey {
  if (!session) return 'admin.noPasswordNeeded';
  if (session.kind === 'password') return 'admin.signedInPassword';
  return siteUser === undefined && session.kind === 'user'
    ? 'admin.signedInUser'
    : 'admin.signedInAs';
}

function ConsoleHeader({ session }: { session: AdminSession | null }) {
  const { t } = useAdminI18n();
  const profile = useStore(profileStore);
  const siteUser = profile.status === 'ready' ? profile.profile.user_email : undefined;
  const email = session?.kind === 'account' ? session.email : (siteUser ?? '');
  return (
    <div class="admin-head">
      <h1 id="admin-title">{t('admin.title')}</h1>
      <div class="row wrap admin-who">
        <span class="muted" data-testid="admin-identity">
          {t(identity(session, siteUser), { email })}
        </span>
        {session && (
          <button
            type="button"
            class="btn btn-small"
            data-testid="admin-sign-out"
            onClick={signOut}
          >
            {t('admin.signOut')}
          </button>
        )}
      </div>
    </div>
  );
}

export function AdminConsole() {
  const { t } = useAdminI18n();
  const session = useStore(adminSessionStore);
  const state = useStore(settingsStore);
  const { params } = usePageQuery('/admin');
  // The app shows pages only once the settings are loaded.
  if (state.status !== 'ready') return null;
  const { settings } = state;
  if (!session && !settings.disableAdminPasswordCheck) return <AdminLogin settings={settings} />;
  const requested = params.get('tab');
  const tab: Tab = TABS.includes(requested as Tab) ? (requested as Tab) : 'addresses';
  return (
    <section class="admin" aria-labelledby="admin-title" data-testid="admin-console">
      <ConsoleHeader session={session} />
      <nav class="admin-tabs" aria-label={t('admin.sections')}>
        <ul>
          {TABS.map((name) => (
            <li key={name}>
              <Link
                href={pageHref('/admin', { tab: name })}
                aria-current={name === tab ? 'page' : undefined}
                data-testid={`admin-tab-${name}`}
              >
                {t(TAB_LABELS[name])}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div class="admin-panel" data-testid={`admin-panel-${tab}`}>
        <TabContent key={tab} tab={tab} settings={settings} />
      </div>
    </section>
  );
}
