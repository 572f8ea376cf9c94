/**
 * @module Passkeys of user accounts (reference §1.5 rows 15-21): listing, renaming and deleting
 * one's own passkeys, and the WebAuthn registration and sign-in ceremonies
 * (passkey-registration.ts, passkey-authentication.ts).
 */
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { formatSqlTimestamp } from '../../shared/clock.js';
import { DomainError } from '../errors.js';
import {
  authenticateWithPasskey,
  authenticationOptions,
  type AuthenticationInput,
} from './passkey-authentication.js';
import type { PasskeyDeps, PasskeyServiceDeps, SignedInUser } from './passkey-deps.js';
import {
  registerPasskey,
  registrationOptions,
  type RegistrationInput,
} from './passkey-registration.js';
import { relyingPartyRules } from './passkey-relying-party.js';
import { checkPasskeyName } from './passkey-rules.js';

export type { PasskeyPolicy, PasskeyServiceDeps, SignedInUser } from './passkey-deps.js';

/** One row of GET /user_api/passkey. */
export interface PasskeySummary {
  passkey_name: string;
  passkey_id: string;
  created_at: string;
  updated_at: string;
}

export interface PasskeyService {
  list(userId: number): Promise<PasskeySummary[]>;
  /** Renames one of the user's passkeys; 404 PasskeyNotFoundMsg for anyone else's. */
  rename(userId: number, passkeyId: string, name: unknown): Promise<void>;
  /** Deletes one of the user's passkeys; 404 PasskeyNotFoundMsg for anyone else's. */
  remove(userId: number, passkeyId: string): Promise<void>;
  registrationOptions(
    user: SignedInUser,
    rpId: string,
  ): Promise<PublicKeyCredentialCreationOptionsJSON>;
  register(user: SignedInUser, input: RegistrationInput): Promise<void>;
  authenticationOptions(rpId: string): Promise<PublicKeyCredentialRequestOptionsJSON>;
  /** The user JWT of the passkey's owner. */
  authenticate(input: AuthenticationInput): Promise<{ jwt: string }>;
}

export function createPasskeyService(serviceDeps: PasskeyServiceDeps): PasskeyService {
  const deps: PasskeyDeps = {
    ...serviceDeps,
    rules: relyingPartyRules(serviceDeps.policy.allowedOrigins),
  };
  const { passkeys, clock } = deps;
  return {
    async list(userId) {
      const rows = await passkeys.listForUser(userId);
      return rows.map((row) => ({
        passkey_name: row.passkey_name,
        passkey_id: row.passkey_id,
        created_at: row.created_at,
        updated_at: row.updated_at,
      }));
    },
    async rename(userId, passkeyId, name) {
      const checked = checkPasskeyName(name);
      const now = formatSqlTimestamp(clock.now());
      if (!(await passkeys.rename(userId, passkeyId, checked, now))) {
        throw new DomainError('passkey_not_found');
      }
    },
    async remove(userId, passkeyId) {
      if (!(await passkeys.delete(userId, passkeyId))) throw new DomainError('passkey_not_found');
    },
    registrationOptions: (user, rpId) => registrationOptions(deps, user, rpId),
    register: (user, input) => registerPasskey(deps, user, input),
    authenticationOptions: (rpId) => authenticationOptions(deps, rpId),
    authenticate: (input) => authenticateWithPasskey(deps, input),
  };
}
