/**
 * `/admin`: the admin console, its own chunk. Paths under /admin/ are the admin API, so the
 * console keeps its sections in the query string (/admin?tab=…).
 */
import { lazyPage } from '../components/lazy-page';

export const AdminPage = lazyPage({
  load: () => import('./admin/admin-console'),
  title: 'page.admin',
  testId: 'admin-page-loading',
  // The page's test id appears with the console itself (sign-in form or sections), so a
  // test that waits for it never catches the loading line.
  render: (admin) => (
    <div data-testid="admin-page">
      <admin.AdminConsole />
    </div>
  ),
});
