/** Any other path: the server sent the app, but there is no page here. */
import { useI18n } from '../i18n';
import { Link } from '../router';

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <section class="card page" aria-labelledby="notfound-title">
      <h1 id="notfound-title">{t('page.notFound')}</h1>
      <p>{t('page.notFoundText')}</p>
      <Link href="/">← {t('nav.backToInbox')}</Link>
    </section>
  );
}
