/**
 * @module Account settings (`/admin/account_settings`, reference §6.2): block lists, mail rules,
 * the subdomain-match three-state switch and the send quota. Every field is validated before
 * anything is written, and the write is one transaction.
 */
import { z } from 'zod';
import type { SettingsStore } from '../../storage/ports.js';
import type { Clock } from '../../shared/clock.js';
import { formatSqlTimestamp } from '../../shared/clock.js';
import { effectiveSubdomainMatch } from '../address/address-domain.js';
import { DomainError } from '../errors.js';
import { SettingKeys } from './setting-keys.js';

const MAX_LIST_ENTRIES = 10_000;
const stringList = z.array(z.string().max(1000)).max(MAX_LIST_ENTRIES);

const forwardingRule = z.object({
  domains: z.array(z.string()).nullable().optional(),
  forward: z.string().min(1),
  sourcePatterns: z.array(z.string().max(200)).optional(),
  sourceMatchMode: z.enum(['any', 'all']).optional(),
});
const emailRuleSettings = z.looseObject({
  blockReceiveUnknowAddressEmail: z.boolean().optional(),
  emailForwardingList: z.array(forwardingRule).max(1000).optional(),
});

const limit = z.number().int().min(-1);
const sendMailLimitConfig = z
  .object({
    dailyEnabled: z.boolean(),
    monthlyEnabled: z.boolean(),
    dailyLimit: limit.nullable().optional(),
    monthlyLimit: limit.nullable().optional(),
  })
  .refine(
    (c) => !c.dailyEnabled || typeof c.dailyLimit === 'number',
    'dailyLimit is required when enabled',
  )
  .refine(
    (c) => !c.monthlyEnabled || typeof c.monthlyLimit === 'number',
    'monthlyLimit is required when enabled',
  );

/** The body of POST /admin/account_settings. */
export const accountSettingsUpdateSchema = z.object({
  blockList: stringList,
  sendBlockList: stringList,
  verifiedAddressList: stringList,
  fromBlockList: stringList.optional(),
  noLimitSendAddressList: stringList.optional(),
  emailRuleSettings: emailRuleSettings.optional(),
  addressCreationSettings: z
    .object({ enableSubdomainMatch: z.boolean().nullable().optional() })
    .optional(),
  sendMailLimitConfig: sendMailLimitConfig.nullable().optional(),
});
export type AccountSettingsUpdate = z.infer<typeof accountSettingsUpdateSchema>;

export interface SubdomainMatchStatus {
  envConfigured: boolean;
  envEnabled: boolean;
  storedEnabled?: boolean;
  effectiveEnabled: boolean;
}

export interface AccountSettingsDeps {
  settings: SettingsStore;
  clock: Clock;
  subdomainMatchEnv: boolean | undefined;
  /** Whether a channel exists that verified-recipient sends could use (none yet). */
  verifiedSendChannel: boolean;
}

const asStringList = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const asObject = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** The stored admin choice for subdomain matching, if any. */
export async function readStoredSubdomainMatch(
  settings: SettingsStore,
): Promise<boolean | undefined> {
  const value = asObject(await settings.get(SettingKeys.addressCreationSettings))[
    'enableSubdomainMatch'
  ];
  return typeof value === 'boolean' ? value : undefined;
}

export function createAccountSettings(deps: AccountSettingsDeps) {
  const { settings } = deps;

  async function subdomainMatchStatus(): Promise<SubdomainMatchStatus> {
    const stored = await readStoredSubdomainMatch(settings);
    return {
      envConfigured: deps.subdomainMatchEnv !== undefined,
      envEnabled: deps.subdomainMatchEnv === true,
      ...(stored === undefined ? {} : { storedEnabled: stored }),
      effectiveEnabled: effectiveSubdomainMatch(deps.subdomainMatchEnv, stored),
    };
  }

  return {
    subdomainMatchStatus,

    async get() {
      const [block, send, verified, from, noLimit, rules, creation, limits] = await Promise.all(
        [
          SettingKeys.addressBlockList,
          SettingKeys.sendBlockList,
          SettingKeys.verifiedAddressList,
          SettingKeys.fromBlockList,
          SettingKeys.noLimitSendAddressList,
          SettingKeys.emailRuleSettings,
          SettingKeys.addressCreationSettings,
          SettingKeys.sendMailLimitConfig,
        ].map((key) => settings.get(key)),
      );
      return {
        blockList: asStringList(block),
        sendBlockList: asStringList(send),
        verifiedAddressList: asStringList(verified),
        fromBlockList: asStringList(from),
        noLimitSendAddressList: asStringList(noLimit),
        emailRuleSettings: asObject(rules),
        addressCreationSettings: asObject(creation),
        addressCreationSubdomainMatchStatus: await subdomainMatchStatus(),
        sendMailLimitConfig: limits === undefined ? null : limits,
      };
    },

    async update(input: AccountSettingsUpdate): Promise<void> {
      if (input.verifiedAddressList.length > 0 && !deps.verifiedSendChannel) {
        throw new DomainError('send_mail_required');
      }
      const clean = (list: readonly string[]) => list.map((s) => s.trim()).filter(Boolean);
      const entries: [string, unknown][] = [
        [SettingKeys.addressBlockList, clean(input.blockList)],
        [SettingKeys.sendBlockList, clean(input.sendBlockList)],
        [SettingKeys.verifiedAddressList, clean(input.verifiedAddressList)],
        [SettingKeys.noLimitSendAddressList, clean(input.noLimitSendAddressList ?? [])],
        [SettingKeys.emailRuleSettings, input.emailRuleSettings ?? {}],
      ];
      // Unlike the reference (whose KV write skipped empty lists), an empty list clears it.
      if (input.fromBlockList)
        entries.push([SettingKeys.fromBlockList, clean(input.fromBlockList)]);
      if (input.sendMailLimitConfig !== undefined) {
        const c = input.sendMailLimitConfig;
        entries.push([
          SettingKeys.sendMailLimitConfig,
          c && {
            ...c,
            dailyLimit: c.dailyEnabled ? c.dailyLimit : null,
            monthlyLimit: c.monthlyEnabled ? c.monthlyLimit : null,
          },
        ]);
      }
      const tri = input.addressCreationSettings?.enableSubdomainMatch;
      // true/false force the switch; null means "follow env" and removes the stored choice.
      if (tri !== undefined) {
        entries.push([
          SettingKeys.addressCreationSettings,
          tri === null ? undefined : { enableSubdomainMatch: tri },
        ]);
      }
      await settings.setMany(entries, formatSqlTimestamp(deps.clock.now()));
    },
  };
}

export type AccountSettings = ReturnType<typeof createAccountSettings>;
