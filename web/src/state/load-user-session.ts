/**
 * The account session code (state/user-session.ts and the /user_api calls), loaded on demand:
 * the inbox needs it only when someone is signed in (state/user-token.ts says so), and its
 * first load stays without it. The account page and the admin console share the same chunk.
 */
export const loadUserSession = () => import('./user-session');
