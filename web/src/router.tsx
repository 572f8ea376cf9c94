/**
 * A small router over the History API: real paths (no hash), so deep links work because the
 * server answers every page path with index.html. Routes are matched in ROUTES order.
 *
 * Paths under /admin/ belong to the API; the admin console lives at /admin itself and keeps
 * its own sub-state in the query string (/admin?tab=users).
 */
import type { ComponentChildren, PartialAnchorHTMLAttributes } from 'preact';
import { createStore, useStore } from './state/store';

export interface Location {
  path: string;
  search: string;
}

export type Route =
  | { name: 'inbox' }
  | { name: 'mail'; id: number }
  | { name: 'account' }
  | { name: 'admin' }
  | { name: 'notFound' };

const ROUTES: readonly { pattern: RegExp; route: (match: RegExpMatchArray) => Route }[] = [
  { pattern: /^\/$/, route: () => ({ name: 'inbox' }) },
  { pattern: /^\/mail\/(\d{1,15})\/?$/, route: (m) => ({ name: 'mail', id: Number(m[1]) }) },
  { pattern: /^\/account\/?$/, route: () => ({ name: 'account' }) },
  // Where OAuth2 providers send the browser back (the second is the reference UI's path, so
  // providers registered for it keep working); the account page finishes the sign-in.
  { pattern: /^\/(account|user)\/oauth2\/callback\/?$/, route: () => ({ name: 'account' }) },
  { pattern: /^\/admin$/, route: () => ({ name: 'admin' }) },
];

export function matchRoute(path: string): Route {
  for (const { pattern, route } of ROUTES) {
    const match = path.match(pattern);
    if (match) return route(match);
  }
  return { name: 'notFound' };
}

const here = (): Location => ({ path: window.location.pathname, search: window.location.search });
export const locationStore = createStore<Location>(here());
window.addEventListener('popstate', () => locationStore.set(here()));

export function navigate(to: string, { replace = false } = {}): void {
  const url = new URL(to, window.location.href);
  if (url.origin !== window.location.origin) {
    window.location.assign(url.href);
    return;
  }
  const target = `${url.pathname}${url.search}${url.hash}`;
  if (replace) history.replaceState(null, '', target);
  else history.pushState(null, '', target);
  locationStore.set(here());
}

export function useLocation(): Location {
  return useStore(locationStore);
}

export function useRoute(): Route {
  return matchRoute(useLocation().path);
}

type LinkProps = Omit<PartialAnchorHTMLAttributes<HTMLAnchorElement>, 'href' | 'role'> & {
  href: string;
  children?: ComponentChildren;
};

/** An <a> that navigates in place on a plain left click and works as a link otherwise. */
export function Link({ href, onClick, ...rest }: LinkProps) {
  return (
    <a
      href={href}
      onClick={(event) => {
        if (typeof onClick === 'function') onClick(event);
        const plain =
          event.button === 0 &&
          !event.metaKey &&
          !event.ctrlKey &&
          !event.shiftKey &&
          !event.altKey;
        if (event.defaultPrevented || !plain) return;
        event.preventDefault();
        navigate(href);
      }}
      {...rest}
    />
  );
}
