/**
 * @module The in-process replacement for the reference's cron trigger: runs the scheduled
 * cleanup every CLEANUP_INTERVAL_SECONDS. Safe with several processes on one database: a tick
 * runs under the store's exclusive job lock (a PostgreSQL advisory lock shared by every node),
 * and the start of each run is recorded in the settings table, so a node whose timer fires just
 * after another node's run, or a restarted node, waits for the next due time instead of running
 * again.
 */
import { formatSqlTimestamp, type Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { Store } from '../../storage/ports.js';
import { DomainError } from '../errors.js';
import { SettingKeys } from '../settings/setting-keys.js';
import type { CleanupRunReport } from './retention-service.js';

/**
 * Delay of the first tick after start(): lets the service finish starting (listeners up,
 * first requests served) before a cleanup competes for the database.
 */
export const STARTUP_DELAY_MS = 10_000;
/**
 * Shortest wait between ticks: a due time a hair in the future (timer jitter, clocks of two
 * nodes a little apart) must not make the loop spin.
 */
export const MIN_TICK_DELAY_MS = 1_000;

export interface CleanupSchedulerDeps {
  store: Pick<Store, 'runExclusive' | 'settings'>;
  /** One scheduled run (RetentionService.runScheduled). */
  run: () => Promise<CleanupRunReport>;
  clock: Clock;
  /** CLEANUP_INTERVAL_SECONDS; 0 turns the timer off (runNow still works). */
  intervalSeconds: number;
  logger: Logger;
  startupDelayMs?: number;
}

/** What one tick did: ran (or failed), found another holder running, or was not due yet. */
export type TickOutcome =
  | { status: 'ran'; report: CleanupRunReport }
  | { status: 'failed'; error: unknown }
  | { status: 'busy' }
  | { status: 'not_due'; dueInMs: number };

/** The record of the last run, stored under SettingKeys.autoCleanupLastRun. */
export interface LastCleanupRun {
  /** ISO 8601, when the run started (by the clock of the node that ran it). */
  startedAt: string;
  finishedAt?: string;
  status: 'running' | 'ok' | 'failed';
}

const JOB = 'scheduled-cleanup';

/** The last-run record: when the next run is due, and a run that records its start and end. */
function lastRunRecord(store: CleanupSchedulerDeps['store'], clock: Clock) {
  const write = (run: LastCleanupRun) =>
    store.settings.set(SettingKeys.autoCleanupLastRun, run, formatSqlTimestamp(clock.now()));
  return {
    /** Milliseconds until the next run is due (0 or less: due now). */
    async msUntilDue(intervalMs: number): Promise<number> {
      const last = (await store.settings.get(SettingKeys.autoCleanupLastRun)) as
        Partial<LastCleanupRun> | undefined;
      const started = typeof last?.startedAt === 'string' ? Date.parse(last.startedAt) : NaN;
      const now = clock.now().getTime();
      // No record, or one from far in the future (a node with a broken clock): due now.
      if (Number.isNaN(started) || started > now + intervalMs) return 0;
      return started + intervalMs - now;
    },

    /** Runs `run`, recording its start first, so a crash mid-run does not re-run at once. */
    async runRecorded(run: () => Promise<CleanupRunReport>): Promise<CleanupRunReport> {
      const startedAt = clock.now().toISOString();
      await write({ startedAt, status: 'running' });
      try {
        const report = await run();
        await write({ startedAt, finishedAt: clock.now().toISOString(), status: 'ok' });
        return report;
      } catch (error) {
        await write({ startedAt, finishedAt: clock.now().toISOString(), status: 'failed' }).catch(
          () => undefined,
        );
        throw error;
      }
    },
  };
}

/** One tick: runs the scheduled cleanup if it is due and no other holder is running it. */
async function tickOnce(
  { store, logger, intervalSeconds, run }: CleanupSchedulerDeps,
  lastRun: ReturnType<typeof lastRunRecord>,
): Promise<TickOutcome> {
  let outcome: TickOutcome = { status: 'busy' };
  await store.runExclusive(JOB, async () => {
    const dueInMs = intervalSeconds > 0 ? await lastRun.msUntilDue(intervalSeconds * 1000) : 0;
    if (dueInMs > 0) {
      outcome = { status: 'not_due', dueInMs };
      return;
    }
    try {
      outcome = { status: 'ran', report: await lastRun.runRecorded(run) };
      logger.info({ report: outcome.report }, 'scheduled cleanup finished');
    } catch (error) {
      outcome = { status: 'failed', error };
      logger.error({ err: error }, 'scheduled cleanup failed');
    }
  });
  return outcome;
}

export function createCleanupScheduler(deps: CleanupSchedulerDeps) {
  const { store, logger } = deps;
  const intervalMs = deps.intervalSeconds * 1000;
  const lastRun = lastRunRecord(store, deps.clock);
  const tick = () => tickOnce(deps, lastRun);
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | undefined;
  let stopped = false;

  async function loop(): Promise<void> {
    let next = intervalMs;
    try {
      const outcome = await tick();
      if (outcome.status === 'not_due') next = outcome.dueInMs;
    } catch (err) {
      // The lock or the last-run record failed (database down): try again next interval.
      logger.error({ err }, 'scheduled cleanup tick failed');
    }
    current = undefined;
    if (!stopped) schedule(Math.min(Math.max(next, MIN_TICK_DELAY_MS), intervalMs));
  }

  function schedule(ms: number): void {
    timer = setTimeout(() => {
      timer = undefined;
      current = loop();
    }, ms);
    // A pending cleanup never keeps the process alive.
    timer.unref();
  }

  return {
    /** One tick now (the timer calls it; tests too). */
    tick,

    /**
     * Runs the scheduled cleanup now, whether due or not (`POST /admin/auto_cleanup/run`).
     * Throws `cleanup_running` when a run is in progress here or on another node, and the
     * run's own error when it fails.
     */
    async runNow(): Promise<CleanupRunReport> {
      const result: { report?: CleanupRunReport } = {};
      const ran = await store.runExclusive(JOB, async () => {
        result.report = await lastRun.runRecorded(deps.run);
      });
      if (!ran || result.report === undefined) throw new DomainError('cleanup_running');
      return result.report;
    },

    /** Starts the timer (no-op when the interval is 0 or it runs already). */
    start(): void {
      if (intervalMs === 0 || stopped || timer !== undefined || current !== undefined) return;
      schedule(deps.startupDelayMs ?? STARTUP_DELAY_MS);
      logger.info({ intervalSeconds: deps.intervalSeconds }, 'cleanup scheduler started');
    },

    /** Stops the timer and waits for a run in progress to finish (graceful shutdown). */
    async stop(): Promise<void> {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await current;
    },
  };
}

export type CleanupScheduler = ReturnType<typeof createCleanupScheduler>;
