import { describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../shared/logger.js';
import type { KvStore, RetentionStore, SettingsStore, Statistics } from '../../storage/ports.js';
import { DomainError } from '../errors.js';
import type { CleanupSettings } from './cleanup-settings.js';
import { cleanupSettingsSchema } from './cleanup-settings.js';
import { CLEANUP_STEP_ROWS, createRetentionService } from './retention-service.js';

const NOW = new Date('2024-05-10T12:00:00Z');
const STATS: Statistics = {
  mailCount: 1,
  addressCount: 2,
  activeAddressCount7days: 3,
  activeAddressCount30days: 4,
  userCount: 5,
  sendMailCount: 6,
};

/** A RetentionStore that records every call and deletes `available` rows per table. */
function fakeRetention(available = { mails: 0, sendbox: 0 }) {
  const calls: string[] = [];
  const left = { ...available };
  const take = (table: 'mails' | 'sendbox', limit: number) => {
    const n = Math.min(limit, left[table]);
    left[table] -= n;
    return n;
  };
  const retention: RetentionStore = {
    deleteMailsOlderThan: vi.fn((cutoff: string, limit: number) => {
      calls.push(`mails ${cutoff} ${limit}`);
      return Promise.resolve(take('mails', limit));
    }),
    deleteUnknownMailsOlderThan: vi.fn((cutoff: string) => {
      calls.push(`mails_unknow ${cutoff}`);
      return Promise.resolve(2);
    }),
    deleteSendboxOlderThan: vi.fn((cutoff: string, limit: number) => {
      calls.push(`sendbox ${cutoff} ${limit}`);
      return Promise.resolve(take('sendbox', limit));
    }),
    deleteAddressesWithData: vi.fn((rule, cutoff: string, limit: number | null) => {
      calls.push(`address ${rule} ${cutoff} ${limit}`);
      return Promise.resolve(1);
    }),
    statistics: vi.fn(() => Promise.resolve(STATS)),
    executeRawDelete: vi.fn((statement: string) => {
      calls.push(`sql ${statement}`);
      if (statement.includes('broken')) return Promise.reject(new Error('no such table: broken'));
      return Promise.resolve(3);
    }),
  };
  return { retention, calls };
}

function fakeSettings(initial: Record<string, unknown> = {}): SettingsStore {
  const values = new Map(Object.entries(initial));
  return {
    get: (key) => Promise.resolve(values.get(key)),
    set: (key, value) => Promise.resolve(void values.set(key, value)),
    delete: (key) => Promise.resolve(void values.delete(key)),
    setMany: (entries) =>
      Promise.resolve(
        entries.forEach(([k, v]) => (v === undefined ? values.delete(k) : values.set(k, v))),
      ),
  };
}

/** A KvStore of which only purgeExpired is called, resolving with `purged`. */
const fakeKv = (purged = 0) =>
  ({ purgeExpired: vi.fn(() => Promise.resolve(purged)) }) as unknown as KvStore & {
    purgeExpired: ReturnType<typeof vi.fn>;
  };

const fakeLogger = () =>
  ({ info: vi.fn(), warn: vi.fn(), error: vi.fn(), debug: vi.fn() }) as unknown as Logger & {
    error: ReturnType<typeof vi.fn>;
  };

function build(options: { settings?: Record<string, unknown>; batchSize?: number } = {}) {
  const fake = fakeRetention({ mails: 10_000, sendbox: 10_000 });
  const settings = fakeSettings(options.settings);
  const logger = fakeLogger();
  const kv = fakeKv();
  const service = createRetentionService({
    store: { retention: fake.retention, settings, kv },
    clock: { now: () => NOW },
    batchSize: options.batchSize ?? 3000,
    logger,
  });
  return { service, settings, logger, kv, ...fake };
}

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (e instanceof DomainError ? e.code : `other: ${String(e)}`),
  );

describe('cleanup: validation (reference §7.2)', () => {
  it.each([
    ['mails', undefined],
    ['mails', '7'],
    ['mails', -1],
    ['mails', 1000.5],
    ['mails', Number.NaN],
    ['mails', Number.POSITIVE_INFINITY],
    [undefined, 7],
    ['', 7],
    [null, 7],
  ])('cleanType %j with cleanDays %j is invalid_cleanup_config', async (type, days) => {
    const { service, calls } = build();
    expect(await codeOf(service.cleanup(type, days))).toBe('invalid_cleanup_config');
    expect(calls).toEqual([]);
  });

  it.each([['nope'], ['Mails'], [5], [['mails']]])(
    'an unknown cleanType %j is invalid_clean_type',
    async (type) => {
      const { service, calls } = build();
      expect(await codeOf(service.cleanup(type, 7))).toBe('invalid_clean_type');
      expect(calls).toEqual([]);
    },
  );

  it('accepts 0 and 1000 days, and fractions', async () => {
    const { service, calls } = build();
    await service.cleanup('mails_unknow', 0);
    await service.cleanup('mails_unknow', 1000);
    await service.cleanup('mails_unknow', 0.5);
    expect(calls).toEqual([
      'mails_unknow 2024-05-10 12:00:00',
      'mails_unknow 2021-08-14 12:00:00',
      'mails_unknow 2024-05-10 00:00:00',
    ]);
  });
});

describe('cleanup: what each type deletes', () => {
  it('caps mails and sendbox at the batch size, in steps of CLEANUP_STEP_ROWS', async () => {
    const { service, calls } = build({ batchSize: 1200 });
    expect(await service.cleanup('mails', 7)).toBe(1200);
    const cutoff = '2024-05-03 12:00:00';
    expect(calls).toEqual([
      `mails ${cutoff} ${CLEANUP_STEP_ROWS}`,
      `mails ${cutoff} ${CLEANUP_STEP_ROWS}`,
      `mails ${cutoff} 200`,
    ]);
  });

  it('stops stepping when a step deletes fewer rows than asked', async () => {
    const fake = fakeRetention({ mails: 0, sendbox: 600 });
    const service = createRetentionService({
      store: { retention: fake.retention, settings: fakeSettings(), kv: fakeKv() },
      clock: { now: () => NOW },
      batchSize: 3000,
      logger: fakeLogger(),
    });
    expect(await service.cleanup('sendbox', 1)).toBe(600);
    expect(fake.calls).toHaveLength(2);
  });

  it('passes the batch size to capped address cleanups and null to the uncapped ones', async () => {
    const { service, calls } = build({ batchSize: 77 });
    for (const type of ['inactiveAddress', 'addressCreated', 'unboundAddress', 'emptyAddress']) {
      await service.cleanup(type, 30);
    }
    const cutoff = '2024-04-10 12:00:00';
    expect(calls).toEqual([
      `address inactive ${cutoff} 77`,
      `address created ${cutoff} 77`,
      `address unbound ${cutoff} null`,
      `address empty ${cutoff} null`,
    ]);
  });

  it('turns a database error into cleanup_failed and logs the cause', async () => {
    const { service, retention, logger } = build();
    vi.mocked(retention.deleteUnknownMailsOlderThan).mockRejectedValueOnce(new Error('disk I/O'));
    expect(await codeOf(service.cleanup('mails_unknow', 3))).toBe('cleanup_failed');
    expect(logger.error).toHaveBeenCalled();
  });
});

describe('settings', () => {
  const parse = (value: unknown) => cleanupSettingsSchema.parse(value);

  it('reads null before anything is saved, then what was saved', async () => {
    const { service } = build();
    expect(await service.getSettings()).toBeNull();
    const settings = parse({ enableMailsAutoCleanup: true, cleanMailsDays: 7, extra: 'kept' });
    await service.saveSettings(settings);
    expect(await service.getSettings()).toEqual({
      enableMailsAutoCleanup: true,
      cleanMailsDays: 7,
      extra: 'kept',
    });
  });

  it('refuses the first bad custom SQL rule by name, or "unnamed"', async () => {
    const { service } = build();
    const save = (list: unknown[]) =>
      service.saveSettings(parse({ customSqlCleanupList: list })).then(
        () => null,
        (e: DomainError) => e.params,
      );
    expect(
      await save([
        { id: '1', name: 'ok', sql: 'DELETE FROM sendbox', enabled: true },
        { id: '2', name: 'bad', sql: 'DROP TABLE address', enabled: false },
      ]),
    ).toEqual({ name: 'bad', problem: 'not_delete' });
    expect(await save([{ sql: 'DELETE FROM a -- b', enabled: true }])).toEqual({
      name: 'unnamed',
      problem: 'has_comments',
    });
    expect(await save([{ name: '', sql: '   ', enabled: false }])).toEqual({
      name: 'unnamed',
      problem: 'empty',
    });
    expect(await save([{ name: 'draft', sql: 'x', enabled: true }])).toEqual({
      name: 'draft',
      problem: 'not_delete',
    });
    // A switched-on rule without SQL would never run: refused too.
    expect(await save([{ name: 'on', enabled: true }])).toEqual({ name: 'on', problem: 'empty' });
    // A switched-off rule without SQL is a draft (the reference skipped it as well).
    expect(await save([{ name: 'draft', sql: '', enabled: false }])).toBeNull();
  });

  it('does not save anything when a rule is refused', async () => {
    const { service } = build();
    await expect(
      service.saveSettings(parse({ customSqlCleanupList: [{ sql: 'SELECT 1' }] })),
    ).rejects.toThrow(DomainError);
    expect(await service.getSettings()).toBeNull();
  });

  it('requires days for a switched-on step and bounds them', () => {
    expect(cleanupSettingsSchema.safeParse({ enableMailsAutoCleanup: true }).success).toBe(false);
    expect(
      cleanupSettingsSchema.safeParse({ enableSendBoxAutoCleanup: true, cleanSendBoxDays: null })
        .success,
    ).toBe(false);
    expect(cleanupSettingsSchema.safeParse({ cleanMailsDays: 1001 }).success).toBe(false);
    expect(cleanupSettingsSchema.safeParse({ cleanMailsDays: -1 }).success).toBe(false);
    expect(
      cleanupSettingsSchema.safeParse({ enableMailsAutoCleanup: false, cleanMailsDays: null })
        .success,
    ).toBe(true);
  });
});

const allEnabled: CleanupSettings = {
  enableMailsAutoCleanup: true,
  cleanMailsDays: 1,
  enableUnknowMailsAutoCleanup: true,
  cleanUnknowMailsDays: 2,
  enableSendBoxAutoCleanup: true,
  cleanSendBoxDays: 3,
  enableInactiveAddressAutoCleanup: true,
  cleanInactiveAddressDays: 4,
  enableAddressAutoCleanup: true,
  cleanAddressDays: 5,
  enableUnboundAddressAutoCleanup: true,
  cleanUnboundAddressDays: 6,
  enableEmptyAddressAutoCleanup: true,
  cleanEmptyAddressDays: 7,
  customSqlCleanupList: [
    { id: 1, name: 'first', sql: 'DELETE FROM sendbox;', enabled: true },
    { id: 2, name: 'off', sql: 'DELETE FROM address', enabled: false },
    { id: 3, name: 'broken', sql: 'DELETE FROM broken', enabled: true },
    { id: 4, name: 'refused', sql: 'DELETE FROM a /* x */', enabled: true },
    { id: 5, sql: 'delete from raw_mails', enabled: true },
  ],
};

describe('runScheduled (reference §7.3)', () => {
  it('does nothing without settings', async () => {
    const { service, calls } = build();
    expect(await service.runScheduled()).toEqual({ steps: [], customSql: [] });
    expect(calls).toEqual([]);
  });

  it('purges expired key/value entries as of the clock, even without settings', async () => {
    const { service, kv } = build();
    await service.runScheduled();
    expect(kv.purgeExpired).toHaveBeenCalledExactlyOnceWith(NOW.getTime());
  });

  it('logs a failing purge and runs the cleanups all the same', async () => {
    const { service, kv, calls, logger } = build({
      settings: { auto_cleanup: { enableSendBoxAutoCleanup: true, cleanSendBoxDays: 1 } },
      batchSize: 500,
    });
    kv.purgeExpired.mockRejectedValueOnce(new Error('locked'));
    await service.runScheduled();
    expect(logger.error).toHaveBeenCalledOnce();
    expect(calls).toEqual(['sendbox 2024-05-09 12:00:00 500']);
  });

  it('runs the enabled steps in the reference order, then the enabled custom SQL', async () => {
    const { service, calls } = build({ settings: { auto_cleanup: allEnabled }, batchSize: 10 });
    const report = await service.runScheduled();
    expect(calls.map((c) => c.split(' ').slice(0, 2).join(' '))).toEqual([
      'mails 2024-05-09',
      'mails_unknow 2024-05-08',
      'sendbox 2024-05-07',
      'address inactive',
      'address created',
      'address unbound',
      'address empty',
      'sql DELETE',
      'sql DELETE',
      'sql delete',
    ]);
    expect(calls.slice(-3)).toEqual([
      'sql DELETE FROM sendbox',
      'sql DELETE FROM broken',
      'sql delete from raw_mails',
    ]);
    expect(report.steps.map((s) => s.cleanType)).toEqual([
      'mails',
      'mails_unknow',
      'sendbox',
      'inactiveAddress',
      'addressCreated',
      'unboundAddress',
      'emptyAddress',
    ]);
    expect(report.customSql).toEqual([
      { name: 'first', deleted: 3 },
      { name: 'broken', error: 'no such table: broken' },
      { name: 'refused', problem: 'has_comments' },
      { name: 'unnamed', deleted: 3 },
    ]);
  });

  it('skips disabled steps', async () => {
    const { service, calls } = build({
      settings: {
        auto_cleanup: { enableSendBoxAutoCleanup: true, cleanSendBoxDays: 1, cleanMailsDays: 3 },
      },
      batchSize: 500,
    });
    await service.runScheduled();
    expect(calls).toEqual(['sendbox 2024-05-09 12:00:00 500']);
  });

  it('aborts the rest, custom SQL included, when a step fails', async () => {
    const { service, calls, retention } = build({
      settings: { auto_cleanup: allEnabled },
      batchSize: 500,
    });
    vi.mocked(retention.deleteSendboxOlderThan).mockRejectedValueOnce(new Error('locked'));
    expect(await codeOf(service.runScheduled())).toBe('cleanup_failed');
    expect(calls.map((c) => c.split(' ')[0])).toEqual(['mails', 'mails_unknow']);
  });

  it('aborts when an enabled step has invalid days, as the reference', async () => {
    const { service, calls } = build({
      settings: {
        auto_cleanup: {
          enableMailsAutoCleanup: true,
          cleanMailsDays: 'x',
          enableSendBoxAutoCleanup: true,
          cleanSendBoxDays: 1,
        },
      },
    });
    expect(await codeOf(service.runScheduled())).toBe('invalid_cleanup_config');
    expect(calls).toEqual([]);
  });
});

describe('statistics', () => {
  it('counts activity within 7 and 30 days of now', async () => {
    const { service, retention } = build();
    expect(await service.statistics()).toEqual(STATS);
    expect(retention.statistics).toHaveBeenCalledWith('2024-05-03 12:00:00', '2024-04-10 12:00:00');
  });
});
