/**
 * @module User accounts in one bundle (reference §3): settings, roles, registration, sessions
 * and bound addresses, built from the store and wired together, for the composition root.
 */
import { hashPassword, verifyPassword } from '../../auth/password-hash.js';
import type { TokenSigner } from '../../auth/token-signer.js';
import type { Clock } from '../../shared/clock.js';
import type { Store } from '../../storage/ports.js';
import type { AddressTokenIssuer } from '../address/address-service.js';
import { createUserAddresses } from './user-addresses.js';
import { createUserRegistration } from './user-registration.js';
import type { UserRoles } from './user-roles.js';
import { createUserSessions } from './user-session.js';
import { createUserSettings } from './user-settings.js';
import { createVerifyCodes, type VerifyCodeSender } from './verify-codes.js';

export interface UserServicesDeps {
  store: Store;
  roles: UserRoles;
  signer: TokenSigner;
  addressTokens: AddressTokenIssuer;
  clock: Clock;
  /** DOMAINS */
  domains: readonly string[];
  /** ENABLE_USER_DELETE_EMAIL */
  allowOwnerDelete: boolean;
  /** Outgoing mail for verification codes; absent, mail verification cannot be switched on. */
  verifyCodeSender?: VerifyCodeSender | undefined;
}

export function createUserServices(deps: UserServicesDeps) {
  const { store, roles, clock } = deps;
  const verifyCodes = createVerifyCodes({
    kv: store.kv,
    settings: store.settings,
    sender: deps.verifyCodeSender,
    clock,
  });
  return {
    roles,
    verifyCodes,
    settings: createUserSettings({
      settings: store.settings,
      clock,
      domains: deps.domains,
      canSendVerifyCode: deps.verifyCodeSender !== undefined,
    }),
    registration: createUserRegistration({
      users: store.users,
      settings: store.settings,
      roles,
      verifyCodes,
      hashPassword,
      clock,
    }),
    sessions: createUserSessions({
      users: store.users,
      roles,
      signer: deps.signer,
      hashPassword,
      verifyPassword,
      clock,
    }),
    addresses: createUserAddresses({
      users: store.users,
      addresses: store.addresses,
      roles,
      tokens: deps.addressTokens,
      clock,
      allowOwnerDelete: deps.allowOwnerDelete,
    }),
  };
}

export type UserServices = ReturnType<typeof createUserServices>;
