/**
 * The account page (loaded on demand by pages/account-page.tsx): the OAuth2 callback when the
 * provider sent the browser back, the sign-in forms without a user token, else the account.
 */
import { useLocation } from '../../router';
import { settingsStore } from '../../state/settings';
import { useStore } from '../../state/store';
import { userTokenStore } from '../../state/user-token';
import '../../styles/account.css';
import { AccountHome } from './account-home';
import { Oauth2Callback } from './oauth2-callback';
import { isOauth2Callback } from './oauth2-flow';
import { SignInPage } from './sign-in-page';

export function AccountView() {
  const state = useStore(settingsStore);
  const token = useStore(userTokenStore);
  const { path } = useLocation();
  // The app shows pages only once the settings are loaded.
  if (state.status !== 'ready') return null;
  if (isOauth2Callback(path)) return <Oauth2Callback />;
  if (!token) return <SignInPage settings={state.settings} />;
  return <AccountHome settings={state.settings} />;
}
