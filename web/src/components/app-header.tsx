/**
 * Site title, the main navigation, and the language and theme switches, on one line at every
 * width: on a phone the navigation shows its icons only (the words stay as the links' names).
 */
import { LANGS, useI18n, type Lang } from '../i18n';
import { Link, useRoute } from '../router';
import { useStore } from '../state/store';
import { nextTheme, themeStore } from '../state/theme';

// Stroke icons on a 24-unit grid: an envelope for the inbox, a person for the account.
const ICON_PATHS = {
  inbox: 'M4 5h16a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1zm-1 2 9 6 9-6',
  account: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-8 9a8 8 0 0 1 16 0',
} as const;

function NavIcon({ name }: { name: keyof typeof ICON_PATHS }) {
  return (
    <svg class="nav-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={ICON_PATHS[name]} />
    </svg>
  );
}

export function AppHeader({ title }: { title: string }) {
  const { t, lang, setLang } = useI18n();
  const theme = useStore(themeStore);
  const route = useRoute();
  const inbox = route.name === 'inbox' || route.name === 'mail';
  return (
    <header class="app-header">
      <Link href="/" class="brand">
        {title}
      </Link>
      <nav aria-label={t('nav.main')} class="main-nav">
        <Link href="/" aria-current={inbox ? 'page' : undefined} title={t('nav.inbox')}>
          <NavIcon name="inbox" />
          <span class="nav-text">{t('nav.inbox')}</span>
        </Link>
        <Link
          href="/account"
          aria-current={route.name === 'account' ? 'page' : undefined}
          title={t('nav.account')}
        >
          <NavIcon name="account" />
          <span class="nav-text">{t('nav.account')}</span>
        </Link>
      </nav>
      <div class="header-tools">
        <label class="sr-only" for="lang-select">
          {t('lang.label')}
        </label>
        <select
          id="lang-select"
          class="select-compact"
          value={lang}
          data-testid="lang-select"
          onChange={(e) => setLang(e.currentTarget.value as Lang)}
        >
          {LANGS.map((l) => (
            <option key={l.code} value={l.code}>
              {l.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          class="btn btn-ghost btn-icon"
          data-testid="theme-toggle"
          aria-label={t('theme.toggle', { theme: t(`theme.${theme}`) })}
          title={t('theme.toggle', { theme: t(`theme.${theme}`) })}
          onClick={() => themeStore.set(nextTheme(theme))}
        >
          <span aria-hidden="true">{theme === 'dark' ? '☾' : theme === 'light' ? '☀' : '◐'}</span>
        </button>
      </div>
    </header>
  );
}
