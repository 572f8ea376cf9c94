/** @module What the passkey ceremonies need: stores, the token signer, the clock and the policy. */
import type { TokenSigner } from '../../auth/token-signer.js';
import type { Clock } from '../../shared/clock.js';
import type { KvStore, PasskeyStore, UserStore } from '../../storage/ports.js';
import type { RelyingPartyRules } from './passkey-relying-party.js';

export interface PasskeyPolicy {
  /** TITLE, or "Temp Mail" as in the reference. */
  rpName: string;
  /** PASSKEY_ALLOWED_ORIGINS (validated origins); empty = trust the client, as the reference. */
  allowedOrigins: readonly string[];
  /** PASSKEY_MAX_PER_USER */
  maxPerUser: number;
}

export interface PasskeyServiceDeps {
  passkeys: PasskeyStore;
  users: Pick<UserStore, 'findById'>;
  kv: Pick<KvStore, 'putIfAbsent'>;
  signer: TokenSigner;
  clock: Clock;
  policy: PasskeyPolicy;
}

/** The service's deps with the origin rules worked out once. */
export interface PasskeyDeps extends PasskeyServiceDeps {
  rules: RelyingPartyRules;
}

/** The caller of a user-token route. */
export interface SignedInUser {
  userId: number;
  userEmail: string;
}
