/**
 * The admin API's settings side (docs/api.md): user and account settings, OAuth2 providers,
 * IP access control, the effective configuration, cleanup and statistics.
 */
import { admin, post, type Success } from './admin-api';

export interface UserSettings {
  enable?: boolean;
  enableMailVerify?: boolean;
  verifyMailSender?: string;
  enableMailAllowList?: boolean;
  mailAllowList?: string[];
  maxAddressCount: number;
  enableEmailCheckRegex?: boolean;
  emailCheckRegex?: string;
}
export const getUserSettings = () => admin<UserSettings>('/admin/user_settings');
export const saveUserSettings = (s: UserSettings) => post<Success>('/admin/user_settings', s);

export interface Oauth2Provider {
  name: string;
  icon?: string;
  clientID: string;
  clientSecret: string;
  authorizationURL: string;
  accessTokenURL: string;
  accessTokenFormat: string;
  userInfoURL: string;
  redirectURL: string;
  logoutURL?: string;
  userEmailKey: string;
  enableEmailFormat?: boolean;
  userEmailFormat?: string;
  userEmailReplace?: string;
  scope: string;
  enableMailAllowList?: boolean;
  mailAllowList?: string[];
}
export const getOauth2Providers = () => admin<Oauth2Provider[]>('/admin/user_oauth2_settings');
export const saveOauth2Providers = (list: Oauth2Provider[]) =>
  post<Success>('/admin/user_oauth2_settings', list);

// Account settings, IP access, system ----------------------------------------------------------

export interface ForwardingRule {
  domains?: string[] | null;
  forward: string;
  sourcePatterns?: string[];
  sourceMatchMode?: 'any' | 'all';
}

export interface SendMailLimitConfig {
  dailyEnabled: boolean;
  monthlyEnabled: boolean;
  dailyLimit?: number | null;
  monthlyLimit?: number | null;
}

export interface AccountSettings {
  blockList: string[];
  sendBlockList: string[];
  verifiedAddressList: string[];
  fromBlockList: string[];
  noLimitSendAddressList: string[];
  emailRuleSettings: {
    blockReceiveUnknowAddressEmail?: boolean;
    emailForwardingList?: ForwardingRule[];
    [other: string]: unknown;
  };
  addressCreationSettings: { enableSubdomainMatch?: boolean };
  addressCreationSubdomainMatchStatus: {
    envConfigured: boolean;
    envEnabled: boolean;
    storedEnabled?: boolean;
    effectiveEnabled: boolean;
  };
  sendMailLimitConfig: SendMailLimitConfig | null;
}

export type AccountSettingsUpdate = Omit<
  AccountSettings,
  'addressCreationSubdomainMatchStatus' | 'addressCreationSettings' | 'sendMailLimitConfig'
> & {
  /** null: follow the environment (removes the stored choice). */
  addressCreationSettings: { enableSubdomainMatch: boolean | null };
  /** Absent: left as it is. */
  sendMailLimitConfig?: SendMailLimitConfig | null;
};

export const getAccountSettings = () => admin<AccountSettings>('/admin/account_settings');
export const saveAccountSettings = (s: AccountSettingsUpdate) =>
  post<Success>('/admin/account_settings', s);

export interface IpAccessSettings {
  enabled: boolean;
  blacklist: string[];
  asnBlacklist: string[];
  fingerprintBlacklist: string[];
  enableWhitelist: boolean;
  whitelist: string[];
  enableDailyLimit: boolean;
  dailyRequestLimit: number;
}
export const getIpAccess = () => admin<IpAccessSettings>('/admin/ip_blacklist/settings');
export const saveIpAccess = (s: IpAccessSettings) =>
  post<Success>('/admin/ip_blacklist/settings', s);

export const getWorkerConfigs = () => admin<Record<string, unknown>>('/admin/worker/configs');

// Cleanup and statistics -----------------------------------------------------------------------

export const CLEAN_TYPES = [
  'mails',
  'mails_unknow',
  'sendbox',
  'inactiveAddress',
  'addressCreated',
  'unboundAddress',
  'emptyAddress',
] as const;
export type CleanType = (typeof CLEAN_TYPES)[number];

export interface CustomSqlRule {
  id?: string | number | null;
  name?: string | null;
  sql?: string | null;
  enabled?: boolean | null;
}

/** `CleanupSettings` (reference §7.3); unknown fields are kept by the server. */
export type CleanupSettings = Record<string, unknown> & {
  customSqlCleanupList?: CustomSqlRule[];
};

export interface CleanupRunReport {
  steps: { cleanType: CleanType; deleted: number }[];
  customSql: (
    { name: string; deleted: number } | { name: string; problem?: string; error?: string }
  )[];
}

export const cleanupNow = (cleanType: CleanType, cleanDays: number) =>
  post<Success>('/admin/cleanup', { cleanType, cleanDays });
export const getAutoCleanup = () => admin<CleanupSettings | null>('/admin/auto_cleanup');
export const saveAutoCleanup = (s: CleanupSettings) => post<Success>('/admin/auto_cleanup', s);
export const runAutoCleanup = () => post<Success & CleanupRunReport>('/admin/auto_cleanup/run', {});

export interface Statistics {
  mailCount: number;
  addressCount: number;
  activeAddressCount7days: number;
  activeAddressCount30days: number;
  userCount: number;
  sendMailCount: number;
}
export const getStatistics = () => admin<Statistics>('/admin/statistics');
