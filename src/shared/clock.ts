/** @module A clock port so services and tests agree on "now" without touching Date directly. */

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * Formats a date the way the reference API returns timestamps: SQLite's `CURRENT_TIMESTAMP`
 * text, `YYYY-MM-DD HH:MM:SS` in UTC. Both backends store this text, so it sorts and compares
 * lexically and clients see the same `created_at` on SQLite and PostgreSQL.
 */
export function formatSqlTimestamp(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}
