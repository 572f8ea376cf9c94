/** Settings, one section at a time (?section=): each loads and saves its own settings object. */
import { Link } from '../../router';
import { AccountSettingsSection } from './account-settings-section';
import { useAdminI18n, type AdminMessageKey } from './admin-i18n';
import { CleanupSection } from './cleanup-section';
import { IpAccessSection } from './ip-access-section';
import { Oauth2Section } from './oauth2-section';
import { SystemSection } from './system-section';
import { pageHref, usePageQuery } from '../../state/use-page-query';
import { UserSettingsSection } from './user-settings-section';

const SECTIONS = ['account', 'users', 'oauth2', 'ip', 'cleanup', 'system'] as const;
type Section = (typeof SECTIONS)[number];

const LABELS: Record<Section, AdminMessageKey> = {
  account: 'admin.settings.account',
  users: 'admin.settings.users',
  oauth2: 'admin.settings.oauth2',
  ip: 'admin.settings.ip',
  cleanup: 'admin.settings.cleanup',
  system: 'admin.settings.system',
};

function SectionContent({ section }: { section: Section }) {
  switch (section) {
    case 'account':
      return <AccountSettingsSection />;
    case 'users':
      return <UserSettingsSection />;
    case 'oauth2':
      return <Oauth2Section />;
    case 'ip':
      return <IpAccessSection />;
    case 'cleanup':
      return <CleanupSection />;
    case 'system':
      return <SystemSection />;
  }
}

export function SettingsTab() {
  const { t } = useAdminI18n();
  const { params } = usePageQuery('/admin');
  const requested = params.get('section');
  const section: Section = SECTIONS.includes(requested as Section)
    ? (requested as Section)
    : 'account';
  return (
    <section class="stack-lg" aria-labelledby="settings-title">
      <h2 id="settings-title">{t('admin.tab.settings')}</h2>
      <nav class="admin-subnav" aria-label={t('admin.settings.sections')}>
        <ul>
          {SECTIONS.map((name) => (
            <li key={name}>
              <Link
                href={pageHref('/admin', { tab: 'settings', section: name })}
                aria-current={name === section ? 'page' : undefined}
                data-testid={`settings-section-${name}`}
              >
                {t(LABELS[name])}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <SectionContent key={section} section={section} />
    </section>
  );
}
