/**
 * The private-site password (PASSWORDS on the server). The server compares the plain text
 * from the `x-custom-auth` header, so that is what is kept, in this browser only.
 */
import { createPersistedStore } from './store';

export const sitePasswordStore = createPersistedStore<string | null>(
  'tmpmail.sitePassword',
  null,
  (raw) => (typeof raw === 'string' && raw !== '' ? raw : undefined),
);
