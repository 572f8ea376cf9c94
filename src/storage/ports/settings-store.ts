/**
 * @module The settings part of the storage port: JSON values the admin sets, stored by key.
 */

export interface SettingsStore {
  /** The JSON value stored under `key`, or undefined. */
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, now: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** Stores several keys at once, all or nothing; an undefined value deletes its key. */
  setMany(entries: readonly (readonly [string, unknown])[], now: string): Promise<void>;
}
