/**
 * The signed-in user's role (USER_ROLES) for the inbox: its domains and prefix replace the
 * site's when that user creates an address. Null without a user, without a role, or until
 * the profile is loaded (the session code is fetched only when there is a user token).
 */
import { useEffect, useState } from 'preact/hooks';
import type { UserRole } from '../api/user-api';
import { loadUserSession } from './load-user-session';

export function useUserRole(userToken: string | null): UserRole | null {
  const [role, setRole] = useState<UserRole | null>(null);
  useEffect(() => {
    setRole(null);
    if (!userToken) return;
    let active = true;
    let unsubscribe = () => {};
    loadUserSession()
      .then(({ profileStore, loadProfile }) => {
        if (!active) return;
        const update = () => {
          const state = profileStore.get();
          setRole(state.status === 'ready' ? state.profile.user_role : null);
        };
        unsubscribe = profileStore.subscribe(update);
        update();
        // A token that has run out ends the session here (and the form goes anonymous).
        if (profileStore.get().status !== 'ready') void loadProfile();
      })
      .catch(() => {
        // The chunk did not load: the form offers the site's own domains and prefix.
      });
    return () => {
      active = false;
      unsubscribe();
    };
  }, [userToken]);
  return role;
}
