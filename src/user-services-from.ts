/**
 * @module The user-account services (roles, accounts and binding, passkeys, OAuth2, admin user
 * management), wired from the configuration for the HTTP app.
 */
import type { AddressTokens } from './auth/address-token.js';
import { hashPassword } from './auth/password-hash.js';
import type { TokenSigner } from './auth/token-signer.js';
import { createOauth2Login } from './domain/user/oauth2-login.js';
import { createOauth2Settings } from './domain/user/oauth2-settings.js';
import { createPasskeyService } from './domain/user/passkey-service.js';
import { createUserAdmin } from './domain/user/user-admin.js';
import { createUserRoles } from './domain/user/user-roles.js';
import { createUserServices } from './domain/user/user-service.js';
import type { AppDeps } from './app.js';
import type { AddressPolicy } from './domain/address/address-policy.js';
import type { Clock } from './shared/clock.js';

export function userServicesFrom(
  deps: AppDeps,
  shared: {
    signer: TokenSigner;
    addressTokens: AddressTokens;
    clock: Clock;
    roles: AddressPolicy['roles'];
  },
) {
  const { config, store } = deps;
  const { signer, addressTokens, clock, roles } = shared;
  const userRoles = createUserRoles({
    roles,
    defaultRole: config.USER_DEFAULT_ROLE,
    adminRole: config.ADMIN_USER_ROLE,
    users: store.users,
    settings: store.settings,
    clock,
  });
  return {
    userAdmin: createUserAdmin({ store, clock, hashPassword }),
    oauth2Login: createOauth2Login({
      settings: store.settings,
      users: store.users,
      signer,
      clock,
      defaultRole: userRoles,
      limits: {
        timeoutMs: config.OAUTH2_HTTP_TIMEOUT_SECONDS * 1000,
        maxResponseBytes: config.OAUTH2_MAX_RESPONSE_BYTES,
      },
      logger: deps.logger,
    }),
    oauth2Settings: createOauth2Settings({ settings: store.settings, clock }),
    users: createUserServices({
      store,
      roles: userRoles,
      signer,
      addressTokens,
      clock,
      domains: config.DOMAINS,
      allowOwnerDelete: config.ENABLE_USER_DELETE_EMAIL,
      verifyCodeSender: deps.verifyCodeSender,
    }),
    passkeys: createPasskeyService({
      passkeys: store.passkeys,
      users: store.users,
      kv: store.kv,
      signer,
      clock,
      policy: {
        rpName: config.TITLE || 'Temp Mail',
        allowedOrigins: config.PASSKEY_ALLOWED_ORIGINS,
        maxPerUser: config.PASSKEY_MAX_PER_USER,
      },
    }),
  };
}
