import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../shared/logger.js';
import type { ExclusiveJob, SettingsStore, Store } from '../../storage/ports.js';
import { DomainError } from '../errors.js';
import {
  createCleanupScheduler,
  MIN_TICK_DELAY_MS,
  type CleanupSchedulerDeps,
  type LastCleanupRun,
} from './cleanup-scheduler.js';
import type { CleanupRunReport } from './retention-service.js';

const HOUR = 3600;
const EMPTY: CleanupRunReport = { steps: [], customSql: [] };

/** Settings and a process-local exclusive lock, shared by the schedulers built on it. */
function fakeStore(): Pick<Store, 'runExclusive' | 'settings'> {
  const values = new Map<string, unknown>();
  const held = new Set<ExclusiveJob>();
  const settings: SettingsStore = {
    get: (key) => Promise.resolve(values.get(key)),
    set: (key, value) => Promise.resolve(void values.set(key, structuredClone(value))),
    delete: (key) => Promise.resolve(void values.delete(key)),
    setMany: () => Promise.reject(new Error('unused')),
  };
  return {
    settings,
    async runExclusive(job, fn) {
      if (held.has(job)) return false;
      held.add(job);
      try {
        await fn();
      } finally {
        held.delete(job);
      }
      return true;
    },
  };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function setup(over: Partial<CleanupSchedulerDeps> = {}) {
  let now = new Date('2024-05-10T12:00:00Z');
  const clock = { now: () => now };
  const store = over.store ?? fakeStore();
  const run = vi.fn(() => Promise.resolve(EMPTY));
  const scheduler = createCleanupScheduler({
    store,
    run,
    clock,
    intervalSeconds: HOUR,
    logger: silentLogger(),
    ...over,
  });
  const advance = (seconds: number) => (now = new Date(now.getTime() + seconds * 1000));
  const lastRun = () =>
    store.settings.get('auto_cleanup_last_run') as Promise<LastCleanupRun | undefined>;
  return { scheduler, run, store, advance, lastRun, clock };
}

describe('tick', () => {
  it('runs when no run was recorded, then waits for the interval', async () => {
    const { scheduler, run, advance, lastRun } = setup();
    expect((await scheduler.tick()).status).toBe('ran');
    expect(await lastRun()).toEqual({
      startedAt: '2024-05-10T12:00:00.000Z',
      finishedAt: '2024-05-10T12:00:00.000Z',
      status: 'ok',
    });
    advance(HOUR - 10);
    expect(await scheduler.tick()).toEqual({ status: 'not_due', dueInMs: 10_000 });
    advance(10);
    expect((await scheduler.tick()).status).toBe('ran');
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('does not run while another holder runs, nor right after it (another node)', async () => {
    const store = fakeStore();
    const gate = deferred();
    const a = setup({ store, run: vi.fn(() => gate.promise.then(() => EMPTY)) });
    const b = setup({ store });
    const first = a.scheduler.tick();
    // Let A take the lock and record its start.
    await vi.waitFor(async () => expect((await a.lastRun())?.status).toBe('running'));
    expect(await b.scheduler.tick()).toEqual({ status: 'busy' });
    gate.resolve();
    expect((await first).status).toBe('ran');
    expect((await b.scheduler.tick()).status).toBe('not_due');
    expect(b.run).not.toHaveBeenCalled();
  });

  it('records a failed run and reports it; the next tick waits for the interval', async () => {
    const { scheduler, lastRun, advance } = setup({
      run: () => Promise.reject(new DomainError('cleanup_failed')),
    });
    const outcome = await scheduler.tick();
    expect(outcome.status).toBe('failed');
    expect((await lastRun())?.status).toBe('failed');
    advance(60);
    expect((await scheduler.tick()).status).toBe('not_due');
  });

  it('treats a start recorded far in the future (a broken clock) as due', async () => {
    const { scheduler, store, run } = setup();
    await store.settings.set(
      'auto_cleanup_last_run',
      { startedAt: '2030-01-01T00:00:00.000Z', status: 'ok' },
      '',
    );
    expect((await scheduler.tick()).status).toBe('ran');
    expect(run).toHaveBeenCalledOnce();
  });
});

describe('runNow', () => {
  it('runs whether due or not and records the run', async () => {
    const { scheduler, run, lastRun } = setup();
    await scheduler.tick();
    expect(await scheduler.runNow()).toEqual(EMPTY);
    expect(run).toHaveBeenCalledTimes(2);
    expect((await lastRun())?.status).toBe('ok');
  });

  it('answers cleanup_running while a run is in progress', async () => {
    const gate = deferred();
    const { scheduler } = setup({ run: () => gate.promise.then(() => EMPTY) });
    const first = scheduler.runNow();
    await expect(scheduler.runNow()).rejects.toMatchObject({ code: 'cleanup_running' });
    gate.resolve();
    await first;
  });

  it('passes the run error on', async () => {
    const { scheduler } = setup({ run: () => Promise.reject(new DomainError('cleanup_failed')) });
    await expect(scheduler.runNow()).rejects.toMatchObject({ code: 'cleanup_failed' });
  });
});

describe('timer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('does nothing with an interval of 0', async () => {
    vi.useFakeTimers();
    const { scheduler, run } = setup({ intervalSeconds: 0, startupDelayMs: 0 });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(10 * HOUR * 1000);
    expect(run).not.toHaveBeenCalled();
    await scheduler.stop();
  });

  it('ticks after the start-up delay, then every interval', async () => {
    vi.useFakeTimers();
    const { scheduler, run, advance } = setup({ startupDelayMs: 5000 });
    scheduler.start();
    scheduler.start(); // idempotent
    await vi.advanceTimersByTimeAsync(4999);
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(1);
    advance(HOUR);
    await vi.advanceTimersByTimeAsync(HOUR * 1000);
    expect(run).toHaveBeenCalledTimes(2);
    await scheduler.stop();
    advance(HOUR);
    await vi.advanceTimersByTimeAsync(HOUR * 1000);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('after a restart waits until the recorded run is an interval old', async () => {
    vi.useFakeTimers();
    const store = fakeStore();
    const first = setup({ store, startupDelayMs: 0 });
    await first.scheduler.tick();
    // A restart 20 minutes later: the first tick is not due yet and sleeps until it is.
    const second = setup({ store, startupDelayMs: 0 });
    second.advance(20 * 60);
    second.scheduler.start();
    await vi.advanceTimersByTimeAsync(MIN_TICK_DELAY_MS);
    expect(second.run).not.toHaveBeenCalled();
    second.advance(40 * 60);
    await vi.advanceTimersByTimeAsync(40 * 60 * 1000);
    expect(second.run).toHaveBeenCalledOnce();
    await second.scheduler.stop();
  });

  it('never overlaps itself, and stop() waits for the run in progress', async () => {
    vi.useFakeTimers();
    const gate = deferred();
    let running = 0;
    let maxRunning = 0;
    const { scheduler, advance } = setup({
      startupDelayMs: 0,
      intervalSeconds: 1,
      run: async () => {
        maxRunning = Math.max(maxRunning, ++running);
        await gate.promise;
        running--;
        return EMPTY;
      },
    });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(running).toBe(1);
    advance(10);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(maxRunning).toBe(1);
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    gate.resolve();
    await stopping;
    expect(running).toBe(0);
  });
});
