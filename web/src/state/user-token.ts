/**
 * The signed-in user's token (localStorage, sent as `x-user-token`), on its own so the inbox
 * can tell whether someone is signed in without loading the account session code
 * (state/user-session.ts, a chunk of its own): it holds only this store.
 */
import { createPersistedStore } from './store';

// A user JWT is a few hundred characters; anything far larger is not one of ours.
const MAX_TOKEN_CHARS = 8192;

export const userTokenStore = createPersistedStore<string | null>(
  'tmpmail.userToken',
  null,
  (raw) =>
    typeof raw === 'string' && raw !== '' && raw.length <= MAX_TOKEN_CHARS ? raw : undefined,
);
