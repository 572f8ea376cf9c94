/** Site title, the main navigation, and the language and theme switches. */
import { LANGS, useI18n, type Lang } from '../i18n';
import { Link, useRoute } from '../router';
import { useStore } from '../state/store';
import { nextTheme, themeStore } from '../state/theme';

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
        <Link href="/" aria-current={inbox ? 'page' : undefined}>
          {t('nav.inbox')}
        </Link>
        <Link href="/account" aria-current={route.name === 'account' ? 'page' : undefined}>
          {t('nav.account')}
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
