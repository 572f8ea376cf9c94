/**
 * A page's state in the query string (/admin?tab=mails&address=…&mail=…), so sections and an
 * open mail have links that survive a reload and the back button works.
 */
import { navigate, useLocation } from '../router';

export type QueryChanges = Record<string, string | number | undefined>;

/** `path` with the non-empty parameters as its query string. */
export function pageHref(path: string, params: QueryChanges): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') query.set(name, String(value));
  }
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}

export function usePageQuery(path: string): {
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
      navigate(pageHref(path, next), options);
    },
  };
}
