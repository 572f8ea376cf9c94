/**
 * @module The admin's generic key/value store, `GET /admin/config/:key` and `POST /admin/config`
 * (reference §1.6 rows 48–49): free-form strings kept in the settings table under
 * `admin-config:<key>`.
 */
import { formatSqlTimestamp, type Clock } from '../../shared/clock.js';
import type { SettingsStore } from '../../storage/ports.js';
import { DomainError } from '../errors.js';

/** The reference's key rule: a letter or digit, then up to 63 of letters, digits, `.`, `_`, `-`. */
const KEY_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$/;
/**
 * Longest value kept, in characters. The reference has no limit of its own (only D1's row
 * size); 64 KiB is plenty for configuration text and keeps one key from filling the table.
 */
export const MAX_ADMIN_CONFIG_VALUE_LENGTH = 65_536;
const SETTINGS_PREFIX = 'admin-config:';

function checkKey(key: unknown): string {
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
    throw new DomainError('invalid_config_key');
  }
  return key;
}

export function createAdminConfig({ settings, clock }: { settings: SettingsStore; clock: Clock }) {
  return {
    /** The stored value, or null when the key was never set. */
    async get(key: string): Promise<{ key: string; value: string | null }> {
      const value = await settings.get(SETTINGS_PREFIX + checkKey(key));
      return { key, value: typeof value === 'string' ? value : null };
    },

    /** Stores a string value under a valid key; other JSON values are refused. */
    async set(
      key: unknown,
      value: unknown,
    ): Promise<{ success: true; key: string; value: string }> {
      const checked = checkKey(key);
      if (typeof value !== 'string') throw new DomainError('config_value_not_string');
      if (value.length > MAX_ADMIN_CONFIG_VALUE_LENGTH) {
        throw new DomainError('invalid_input', {
          detail: `value is longer than ${MAX_ADMIN_CONFIG_VALUE_LENGTH} characters`,
        });
      }
      await settings.set(SETTINGS_PREFIX + checked, value, formatSqlTimestamp(clock.now()));
      return { success: true, key: checked, value };
    },
  };
}

export type AdminConfig = ReturnType<typeof createAdminConfig>;
