/**
 * @module Retention (reference §7.2, §7.3): the admin's one-off cleanups, the automatic cleanup
 * settings, the scheduled run of the enabled cleanups and of the admin's own SQL, and the
 * statistics. Used by the admin routes and by the scheduler (cleanup-scheduler.ts).
 */
import { formatSqlTimestamp, type Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { RetentionStore, Statistics, Store } from '../../storage/ports.js';
import { DomainError } from '../errors.js';
import { SettingKeys } from '../settings/setting-keys.js';
import {
  CLEAN_TYPES,
  MAX_CLEAN_DAYS,
  SCHEDULED_STEPS,
  type CleanType,
  type CleanupSettings,
  type CustomSqlRule,
} from './cleanup-settings.js';
import { checkCustomSql, normalizeCustomSql, type CustomSqlProblem } from './custom-sql-rule.js';

const DAY_MS = 86_400_000;

/**
 * Most mails or sendbox rows one DELETE statement removes. A capped cleanup (up to
 * CLEANUP_BATCH_SIZE rows, at most 5000) runs as several such statements, so each holds the
 * SQLite write lock (or PostgreSQL row locks) only briefly and mail intake keeps flowing.
 */
export const CLEANUP_STEP_ROWS = 500;

export interface RetentionServiceDeps {
  store: Pick<Store, 'retention' | 'settings' | 'kv'>;
  clock: Clock;
  /** CLEANUP_BATCH_SIZE: the cap of the capped clean types (reference §7.2). */
  batchSize: number;
  logger: Logger;
}

/** What one custom SQL rule did in a scheduled run. */
export type CustomSqlOutcome =
  | { name: string; deleted: number }
  | { name: string; problem: CustomSqlProblem }
  | { name: string; error: string };

/** What a scheduled run did: rows deleted per enabled step, then each enabled custom rule. */
export interface CleanupRunReport {
  steps: { cleanType: CleanType; deleted: number }[];
  customSql: CustomSqlOutcome[];
}

type Fields = Record<string, unknown>;
const isFields = (value: unknown): value is Fields =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
const ruleName = (rule: Fields) =>
  typeof rule['name'] === 'string' && rule['name'] !== '' ? rule['name'] : 'unnamed';

/** The reference's checks, in its order: days (and a type at all) first, then a known type. */
function parseCleanRequest(cleanType: unknown, cleanDays: unknown): CleanType {
  if (
    !cleanType ||
    typeof cleanDays !== 'number' ||
    !Number.isFinite(cleanDays) ||
    cleanDays < 0 ||
    cleanDays > MAX_CLEAN_DAYS
  ) {
    throw new DomainError('invalid_cleanup_config');
  }
  if (!(CLEAN_TYPES as readonly unknown[]).includes(cleanType)) {
    throw new DomainError('invalid_clean_type');
  }
  return cleanType as CleanType;
}

/** Calls `deleteUpTo` in steps of at most CLEANUP_STEP_ROWS until `total` rows or none are left. */
async function deleteInSteps(
  deleteUpTo: (limit: number) => Promise<number>,
  total: number,
): Promise<number> {
  let deleted = 0;
  while (deleted < total) {
    const want = Math.min(CLEANUP_STEP_ROWS, total - deleted);
    const n = await deleteUpTo(want);
    deleted += n;
    if (n < want) break;
  }
  return deleted;
}

/**
 * What each clean type deletes: capped where the reference caps (B = CLEANUP_BATCH_SIZE), "all"
 * where it does not; the uncapped sweeps are batched inside the store, one short transaction each.
 */
function buildSweeps(
  retention: RetentionStore,
  batchSize: number,
): Record<CleanType, (cutoff: string) => Promise<number>> {
  return {
    mails: (cutoff) => deleteInSteps((n) => retention.deleteMailsOlderThan(cutoff, n), batchSize),
    mails_unknow: (cutoff) => retention.deleteUnknownMailsOlderThan(cutoff),
    sendbox: (cutoff) =>
      deleteInSteps((n) => retention.deleteSendboxOlderThan(cutoff, n), batchSize),
    inactiveAddress: (cutoff) => retention.deleteAddressesWithData('inactive', cutoff, batchSize),
    addressCreated: (cutoff) => retention.deleteAddressesWithData('created', cutoff, batchSize),
    unboundAddress: (cutoff) => retention.deleteAddressesWithData('unbound', cutoff, null),
    emptyAddress: (cutoff) => retention.deleteAddressesWithData('empty', cutoff, null),
  };
}

/** Checks and runs one enabled custom rule; its failure is logged and reported, not thrown. */
async function runCustomSql(
  { store, logger }: RetentionServiceDeps,
  rule: Fields,
  sql: string,
): Promise<CustomSqlOutcome> {
  const name = ruleName(rule);
  const problem = checkCustomSql(sql);
  if (problem !== null) {
    logger.warn({ rule: name, problem }, 'custom cleanup SQL refused');
    return { name, problem };
  }
  try {
    const deleted = await store.retention.executeRawDelete(normalizeCustomSql(sql));
    logger.info({ rule: name, deleted }, 'custom cleanup SQL done');
    return { name, deleted };
  } catch (err) {
    // As the reference: a failing rule is logged and the next one still runs.
    logger.error({ err, rule: name }, 'custom cleanup SQL failed');
    return { name, error: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Checks every rule that has SQL or is switched on (§7.3; a switched-off rule without SQL is a
 * draft) and throws for the first bad one, by its name.
 */
function assertCustomSqlRules(rules: readonly CustomSqlRule[]): void {
  for (const rule of rules) {
    if (!rule.sql && !rule.enabled) continue;
    const problem = checkCustomSql(rule.sql ?? '');
    if (problem !== null) {
      throw new DomainError('invalid_cleanup_sql', { name: ruleName(rule), problem });
    }
  }
}

/**
 * Deletes expired key/value entries (verification codes, daily counters, ...). Housekeeping, not
 * a cleanup the admin chose: a failure is logged and the scheduled run goes on.
 */
async function purgeExpiredKv({ store, clock, logger }: RetentionServiceDeps): Promise<void> {
  try {
    const purged = await store.kv.purgeExpired(clock.now().getTime());
    if (purged > 0) logger.info({ purged }, 'expired key/value entries purged');
  } catch (err) {
    logger.error({ err }, 'purging expired key/value entries failed');
  }
}

export function createRetentionService(deps: RetentionServiceDeps) {
  const { store, clock, logger } = deps;
  const daysAgo = (days: number) =>
    formatSqlTimestamp(new Date(clock.now().getTime() - days * DAY_MS));
  const sweeps = buildSweeps(store.retention, deps.batchSize);

  /**
   * Runs one cleanup: `cleanType` (§7.2) on rows older than `cleanDays` days (0–1000, fractions
   * allowed). Input comes straight from the request body, so both are checked here. Resolves
   * with the number of rows (mails, sendbox rows or addresses) deleted.
   */
  async function cleanup(cleanType: unknown, cleanDays: unknown): Promise<number> {
    const type = parseCleanRequest(cleanType, cleanDays);
    const cutoff = daysAgo(cleanDays as number);
    try {
      const deleted = await sweeps[type](cutoff);
      logger.info({ cleanType: type, cleanDays, cutoff, deleted }, 'cleanup done');
      return deleted;
    } catch (err) {
      // The database's reason goes to the log, not to the client (decisions: no internals).
      logger.error({ err, cleanType: type, cleanDays }, 'cleanup failed');
      throw new DomainError('cleanup_failed');
    }
  }

  /**
   * One scheduled run (reference §7.3): reads `auto_cleanup`, runs the enabled clean types in
   * the reference's order, then each enabled custom SQL rule. A failing clean type aborts the
   * rest of the run (custom SQL included) by throwing; a failing custom rule is only logged.
   * First, whatever the settings, expired key/value entries are purged, so they do not pile up.
   */
  async function runScheduled(): Promise<CleanupRunReport> {
    const report: CleanupRunReport = { steps: [], customSql: [] };
    await purgeExpiredKv(deps);
    const settings = await store.settings.get(SettingKeys.autoCleanup);
    if (!isFields(settings)) return report;
    for (const step of SCHEDULED_STEPS) {
      if (!settings[step.enabled]) continue;
      try {
        report.steps.push({
          cleanType: step.cleanType,
          deleted: await cleanup(step.cleanType, settings[step.days]),
        });
      } catch (err) {
        logger.error({ err, cleanType: step.cleanType }, 'scheduled cleanup aborted');
        throw err;
      }
    }
    const rules = settings['customSqlCleanupList'];
    for (const rule of Array.isArray(rules) ? rules : []) {
      if (!isFields(rule) || !rule['enabled']) continue;
      const sql = rule['sql'];
      if (typeof sql === 'string' && sql !== '')
        report.customSql.push(await runCustomSql(deps, rule, sql));
    }
    return report;
  }

  return {
    cleanup,
    runScheduled,

    /** The stored `auto_cleanup` settings, or null when none were saved. */
    async getSettings(): Promise<unknown> {
      return (await store.settings.get(SettingKeys.autoCleanup)) ?? null;
    },

    /** Saves the automatic cleanup settings once every custom SQL rule passes (§7.3). */
    async saveSettings(settings: CleanupSettings): Promise<void> {
      assertCustomSqlRules(settings.customSqlCleanupList ?? []);
      await store.settings.set(SettingKeys.autoCleanup, settings, formatSqlTimestamp(clock.now()));
    },

    /** The admin statistics (§1.6 row 17); active = updated_at within 7 / 30 days. */
    statistics(): Promise<Statistics> {
      return store.retention.statistics(daysAgo(7), daysAgo(30));
    },
  };
}

export type RetentionService = ReturnType<typeof createRetentionService>;
