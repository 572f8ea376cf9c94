/** `/account` (and the OAuth2 callback paths): the user account page, its own chunk. */
import { lazyPage } from '../components/lazy-page';

export const AccountPage = lazyPage({
  load: () => import('./account/account-view'),
  title: 'page.account',
  testId: 'account-page',
  render: (view) => <view.AccountView />,
});
