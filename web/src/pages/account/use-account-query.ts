/**
 * The account page's state in the query string (/account?tab=mails&address=…&mail=…), so
 * sections and an open mail have links that survive a reload and the back button works.
 */
import { navigate, useLocation } from '../../router';

export type QueryChanges = Record<string, string | number | undefined>;

export function accountHref(params: QueryChanges): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') query.set(name, String(value));
  }
  const search = query.toString();
  return search ? `/account?${search}` : '/account';
}

export function useAccountQuery(): {
  params: URLSearchParams;
  /** Changes some parameters and keeps the others. */
  update(changes: QueryChanges, options?: { replace?: boolean }): void;
} {
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  return {
    params,
    update(changes, options) {
      const next: QueryChanges = Object.fromEntries(params.entries());
      Object.assign(next, changes);
      navigate(accountHref(next), options);
    },
  };
}
