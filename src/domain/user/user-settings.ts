/**
 * @module User settings (settings key `user_settings`, reference §3.1): whether registration is
 * open, mail verification, the e-mail allow-list and check pattern, and the global maximum of
 * addresses a user may bind. Read leniently (a hand-edited row must not break login), written
 * only after every field has been checked.
 */
import { z } from 'zod';
import { formatSqlTimestamp, type Clock } from '../../shared/clock.js';
import type { SettingsStore } from '../../storage/ports.js';
import { DomainError } from '../errors.js';
import {
  publicOauth2Providers,
  readOauth2Providers,
  type Oauth2PublicProvider,
} from './oauth2-settings.js';

export const USER_SETTINGS_KEY = 'user_settings';
/** The reference's default when nothing (or something unusable) is stored. */
export const DEFAULT_MAX_ADDRESS_COUNT = 5;
// Generous bounds that keep one settings row small.
const MAX_ALLOW_LIST = 1000;
const MAX_ADDRESS_COUNT = 1_000_000;

export interface UserSettings {
  enable?: boolean;
  enableMailVerify?: boolean;
  verifyMailSender?: string;
  enableMailAllowList?: boolean;
  mailAllowList?: string[];
  /** 0 = unlimited. */
  maxAddressCount: number;
  enableEmailCheckRegex?: boolean;
  emailCheckRegex?: string;
}

/** Clients of the reference send null for unset fields; treat it as absent. */
const withoutNulls = (value: unknown): unknown =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null))
    : value;

const settingsFields = z.object({
  enable: z.boolean().optional(),
  enableMailVerify: z.boolean().optional(),
  verifyMailSender: z.string().max(320).optional(),
  enableMailAllowList: z.boolean().optional(),
  mailAllowList: z.array(z.string().max(253)).max(MAX_ALLOW_LIST).optional(),
  // Checked on its own below, with the reference's message.
  maxAddressCount: z.unknown().optional(),
  enableEmailCheckRegex: z.boolean().optional(),
  emailCheckRegex: z.string().max(1000).optional(),
});

/** The body of POST /admin/user_settings (types only; the rules are in `update`). */
export const userSettingsUpdateSchema = z.preprocess(withoutNulls, settingsFields);
export type UserSettingsUpdate = z.infer<typeof settingsFields>;

const isValidCount = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_ADDRESS_COUNT;

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/**
 * The stored settings, field by field: an unusable field (a hand-edited or imported row) is
 * dropped on its own, and maxAddressCount falls back to the default.
 */
export async function readUserSettings(settings: SettingsStore): Promise<UserSettings> {
  const stored = await settings.get(USER_SETTINGS_KEY);
  const fields: Record<string, unknown> = {};
  if (stored !== null && typeof stored === 'object' && !Array.isArray(stored)) {
    for (const [key, schema] of Object.entries(settingsFields.shape)) {
      const parsed = schema.safeParse((stored as Record<string, unknown>)[key] ?? undefined);
      if (parsed.success && parsed.data !== undefined) fields[key] = parsed.data;
    }
  }
  const { maxAddressCount, ...rest } = fields as UserSettingsUpdate;
  return {
    ...rest,
    maxAddressCount: isValidCount(maxAddressCount) ? maxAddressCount : DEFAULT_MAX_ADDRESS_COUNT,
  };
}

/** The global maximum of bound addresses per user (0 = unlimited). */
export async function readMaxAddressCount(settings: SettingsStore): Promise<number> {
  return (await readUserSettings(settings)).maxAddressCount;
}

/** E-mails are compared trimmed and lower-cased everywhere. */
export function normalizeUserEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The allow-list (domain of the e-mail, case-insensitive) and the check pattern (an invalid
 * pattern is ignored, as the reference does), with the reference's messages.
 */
export function checkUserEmailAllowed(settings: UserSettings, email: string): void {
  if (settings.enableMailAllowList) {
    const list = settings.mailAllowList ?? [];
    const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
    if (!list.some((entry) => entry.trim().toLowerCase() === domain)) {
      throw new DomainError('user_mail_domain_not_allowed', { list: JSON.stringify(list) });
    }
  }
  const pattern = settings.emailCheckRegex;
  if (settings.enableEmailCheckRegex && pattern && compiles(pattern)) {
    if (!new RegExp(pattern).test(email)) {
      throw new DomainError('user_email_regex_mismatch', { regex: pattern });
    }
  }
}

export interface UserSettingsDeps {
  settings: SettingsStore;
  clock: Clock;
  /** DOMAINS: the verification sender must be one of ours. */
  domains: readonly string[];
  /** Whether verification codes can be sent at all (a VerifyCodeSender is configured). */
  canSendVerifyCode: boolean;
}

export function createUserSettings(deps: UserSettingsDeps) {
  function checkMailVerify(update: UserSettingsUpdate): void {
    if (!update.enableMailVerify) return;
    if (!deps.canSendVerifyCode) throw new DomainError('mail_verify_unavailable');
    const sender = update.verifyMailSender?.trim();
    if (!sender) throw new DomainError('verify_mail_sender_not_set');
    const domain = sender.slice(sender.lastIndexOf('@') + 1).toLowerCase();
    if (!sender.includes('@') || !deps.domains.includes(domain)) {
      throw new DomainError('verify_mail_domain_invalid', {
        domains: JSON.stringify(deps.domains),
      });
    }
  }

  return {
    get: () => readUserSettings(deps.settings),

    /** GET /user_api/open_settings: what a login page needs (unset flags are left out). */
    async open(): Promise<{
      enable?: boolean;
      enableMailVerify?: boolean;
      oauth2ClientIDs: Oauth2PublicProvider[];
    }> {
      const [settings, providers] = await Promise.all([
        readUserSettings(deps.settings),
        readOauth2Providers(deps.settings),
      ]);
      return {
        ...(settings.enable === undefined ? {} : { enable: settings.enable }),
        ...(settings.enableMailVerify === undefined
          ? {}
          : { enableMailVerify: settings.enableMailVerify }),
        oauth2ClientIDs: publicOauth2Providers(providers),
      };
    },

    /** POST /admin/user_settings: checks every rule, then stores the settings as one value. */
    async update(update: UserSettingsUpdate): Promise<void> {
      checkMailVerify(update);
      const count = update.maxAddressCount ?? DEFAULT_MAX_ADDRESS_COUNT;
      // The reference silently stored 5 for a negative count; bad input is a 400 here.
      if (!isValidCount(count)) throw new DomainError('invalid_max_address_count');
      if (update.emailCheckRegex !== undefined && !compiles(update.emailCheckRegex)) {
        throw new DomainError('invalid_input', {
          detail: 'emailCheckRegex is not a valid regular expression',
        });
      }
      const value: UserSettings = { ...update, maxAddressCount: count };
      if (value.verifyMailSender !== undefined) {
        value.verifyMailSender = value.verifyMailSender.trim().toLowerCase();
      }
      await deps.settings.set(USER_SETTINGS_KEY, value, formatSqlTimestamp(deps.clock.now()));
    },
  };
}

export type UserSettingsService = ReturnType<typeof createUserSettings>;
