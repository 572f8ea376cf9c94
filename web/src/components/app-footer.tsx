/** Footer texts from the site settings: copyright, contact, status page, API version. */
import type { OpenSettings } from '../api/types';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { isWebLink } from '../mail-format';

export function AppFooter({ settings }: { settings: OpenSettings | undefined }) {
  const { t } = useI18n();
  return (
    <footer class="app-footer">
      {settings?.copyright && <span>{settings.copyright}</span>}
      {settings?.adminContact && (
        <span>{t('footer.contact', { contact: settings.adminContact })}</span>
      )}
      {settings?.statusUrl && isWebLink(settings.statusUrl) && (
        <a href={settings.statusUrl} target="_blank" rel="noopener noreferrer">
          {t('footer.status')}
        </a>
      )}
      {settings?.version && <span>{t('footer.version', { version: settings.version })}</span>}
      <Link href="/admin">{t('nav.admin')}</Link>
    </footer>
  );
}
