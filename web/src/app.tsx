/**
 * The app shell: site settings first (title, texts, whether the site password is needed),
 * then the page for the current path, with the header, announcement, footer and notices.
 */
import { useEffect } from 'preact/hooks';
import type { OpenSettings } from './api/types';
import { Announcement } from './components/announcement';
import { AppFooter } from './components/app-footer';
import { AppHeader } from './components/app-header';
import { NoticeArea } from './components/notice-area';
import { SitePasswordGate } from './components/site-password-gate';
import { useI18n } from './i18n';
import { AccountPage } from './pages/account-page';
import { AdminPage } from './pages/admin-page';
import { InboxPage } from './pages/inbox-page';
import { NotFoundPage } from './pages/not-found-page';
import { useRoute, type Route } from './router';
import { loadSettings, settingsStore } from './state/settings';
import { useStore } from './state/store';

function Page({ route, settings, title }: { route: Route; settings: OpenSettings; title: string }) {
  switch (route.name) {
    case 'inbox':
      return <InboxPage settings={settings} title={title} />;
    case 'mail':
      return <InboxPage settings={settings} title={title} mailId={route.id} />;
    case 'account':
      return <AccountPage />;
    case 'admin':
      return <AdminPage />;
    case 'notFound':
      return <NotFoundPage />;
  }
}

function Content({ route, title }: { route: Route; title: string }) {
  const { t } = useI18n();
  const state = useStore(settingsStore);
  if (state.status === 'loading') return <p class="muted">{t('common.loading')}</p>;
  if (state.status === 'error') {
    return (
      <section class="card narrow" role="alert">
        <p>{t('error.settings')}</p>
        <p class="form-error">{state.message}</p>
        <button type="button" class="btn" onClick={() => void loadSettings()}>
          {t('common.retry')}
        </button>
      </section>
    );
  }
  const { settings } = state;
  if (settings.needAuth) return <SitePasswordGate settings={settings} />;
  return (
    <>
      <Announcement text={settings.announcement} always={settings.alwaysShowAnnouncement} />
      <Page route={route} settings={settings} title={title} />
    </>
  );
}

export function App() {
  const { t } = useI18n();
  const state = useStore(settingsStore);
  const route = useRoute();
  const settings = state.status === 'ready' ? state.settings : undefined;
  const title = settings?.title || t('app.title');
  useEffect(() => void loadSettings(), []);
  useEffect(() => {
    // The inbox sets the title itself, with the unread count.
    if (route.name !== 'inbox' && route.name !== 'mail') document.title = title;
  }, [route.name, title]);

  return (
    <>
      <a href="#main" class="skip-link">
        {t('app.skipToContent')}
      </a>
      <AppHeader title={title} />
      <main id="main" tabIndex={-1}>
        <Content route={route} title={title} />
      </main>
      <AppFooter settings={settings} />
      <NoticeArea />
    </>
  );
}
