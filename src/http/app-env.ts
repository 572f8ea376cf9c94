/** @module The Hono environment shared by every route: node bindings and per-request values. */
import type { HttpBindings } from '@hono/node-server';
import type { UserClaims } from '../auth/user-token.js';
import type { Lang } from './messages.js';

export interface AppEnv {
  /** Absent when the app is driven through app.request() in tests. */
  Bindings: Partial<HttpBindings>;
  Variables: {
    lang: Lang;
    /** The address a valid address credential names (set by requireAddressToken). */
    address: { id: number; name: string; expiresAt?: number };
    /** The user a valid x-user-token names, when one was sent. */
    userId: number | undefined;
    /** The signed-in user (set by requireUser on /user_api). */
    user: UserClaims;
  };
}
