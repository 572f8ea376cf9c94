/** @module Everything under `/admin`, behind admin authentication. */
import { Hono, type MiddlewareHandler } from 'hono';
import type { AddressService } from '../../../domain/address/address-service.js';
import type { AccountSettings } from '../../../domain/settings/account-settings.js';
import type { AppEnv } from '../../app-env.js';
import { adminAccountSettingsRoutes } from './admin-account-settings.js';
import { adminAddressRoutes } from './admin-addresses.js';

export interface AdminRoutesDeps {
  requireAdmin: MiddlewareHandler<AppEnv>;
  addresses: AddressService;
  accountSettings: AccountSettings;
  batchMax: number;
}

export function adminRoutes(deps: AdminRoutesDeps) {
  return new Hono<AppEnv>()
    .use('*', deps.requireAdmin)
    .route('/', adminAddressRoutes(deps.addresses, deps.batchMax))
    .route('/', adminAccountSettingsRoutes(deps.accountSettings));
}
