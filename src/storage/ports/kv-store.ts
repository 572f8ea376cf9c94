/**
 * @module The key-value part of the storage port: short-lived values with an expiry.
 */

/**
 * Short-lived values that the reference keeps in Cloudflare KV (verification codes, daily
 * counters, used challenges), in the database so every node sees them (decisions.md 11).
 * `nowMs` and expiries are epoch milliseconds; an expired entry reads as absent.
 */
export interface KvStore {
  get(key: string, nowMs: number): Promise<string | undefined>;
  /** Stores the value unless a live entry exists; true when it stored. */
  putIfAbsent(key: string, value: string, expiresAtMs: number, nowMs: number): Promise<boolean>;
  put(key: string, value: string, expiresAtMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Adds 1 to a counter (created at 1 with this expiry when absent or expired); the new value. */
  increment(key: string, expiresAtMs: number, nowMs: number): Promise<number>;
  /** Deletes expired entries; how many. */
  purgeExpired(nowMs: number): Promise<number>;
}
