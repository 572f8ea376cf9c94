/**
 * Retention through the admin API (reference §1.6 rows 17, 20–22, §7.2, §7.3): every clean type
 * deletes exactly the rows it should and keeps the rest, the statistics, the automatic cleanup
 * settings and their scheduled run, on every dialect. Then two nodes on one PostgreSQL database
 * ticking at the same moment run the cleanup once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createCleanupScheduler,
  type CleanupScheduler,
} from '../../src/domain/retention/cleanup-scheduler.js';
import type { CleanupRunReport } from '../../src/domain/retention/retention-service.js';
import { systemClock } from '../../src/shared/clock.js';
import { silentLogger } from '../../src/shared/logger.js';
import { openStore } from '../../src/storage/open-store.js';
import type { NewMail, Store } from '../../src/storage/ports.js';
import { adminHeaders, buildTestApp, type TestApp } from '../helpers/build-test-app.js';
import { openRawSql, type RawSql } from '../helpers/raw-sql.js';
import { createTestDatabaseUrl, DIALECTS } from '../helpers/test-stores.js';

/** "Now" for every test: cleanups of N days cut at 2024-06-01 minus N days. */
const NOW = new Date('2024-06-01T00:00:00Z');
/** CLEANUP_BATCH_SIZE for these tests, small enough to see the caps. */
const BATCH = 3;

const at = (day: string) => `${day} 00:00:00`;

const newMail = (address: string, subject: string): NewMail => ({
  address,
  source: 'sender@example.org',
  messageId: null,
  raw: `From: sender@example.org\r\nSubject: ${subject}\r\n\r\nbody\r\n`,
  rawGzip: null,
  metadata: null,
  subject,
  sender: 'sender@example.org',
  size: 50,
  attachments: '[]',
});

describe.each(DIALECTS)('retention on %s', (dialect) => {
  let app: TestApp;
  let raw: RawSql;
  let now: Date;

  beforeEach(async () => {
    now = NOW;
    app = await buildTestApp({
      dialect,
      clock: { now: () => now },
      env: { CLEANUP_BATCH_SIZE: String(BATCH) },
    });
    raw = await openRawSql(dialect, app.databaseUrl);
  });
  afterEach(async () => {
    await raw.close();
    await app.close();
  });

  const admin = (method: string, path: string, body?: unknown, headers = {}) =>
    app.request(method, path, { body, headers: { ...adminHeaders, ...headers } });
  const cleanup = async (cleanType: string, cleanDays: number) => {
    const res = await admin('POST', '/admin/cleanup', { cleanType, cleanDays });
    expect({ status: res.status, body: await res.text() }).toEqual({
      status: 200,
      body: '{"success":true}',
    });
  };

  /** An address created on `created` and last active on `updated` (both YYYY-MM-DD). */
  const address = async (local: string, created: string, updated = created) => {
    const name = `${local}@example.com`;
    const row = await app.store.addresses.insert(
      { name, passwordHash: null, sourceMeta: 'test' },
      at(created),
    );
    if (updated !== created) await app.store.addresses.touch(row.id, at(updated), at(updated));
    return { id: row.id, name };
  };
  const mail = async (to: string, day: string, subject = `${to} ${day}`) =>
    (await app.store.mails.insertMany([newMail(to, subject)], at(day)))[0];
  const sent = (from: string, day: string) =>
    raw.run('INSERT INTO sendbox (address, raw, created_at) VALUES (?, ?, ?)', [
      from,
      `{"day":"${day}"}`,
      at(day),
    ]);
  /** Sender balance, auto-reply and a user binding: the rest of "with data". */
  const extras = async (a: { id: number; name: string }) => {
    await raw.run(
      'INSERT INTO address_sender (address, balance, enabled, created_at) VALUES (?, 1, 1, ?)',
      [a.name, at('2024-01-01')],
    );
    await raw.run('INSERT INTO auto_reply_mails (address, enabled, created_at) VALUES (?, 1, ?)', [
      a.name,
      at('2024-01-01'),
    ]);
    await bind(a.id);
  };
  let users = 0;
  const bind = async (addressId: number) => {
    const email = `user${++users}-${addressId}@example.org`;
    await raw.run(
      'INSERT INTO users (user_email, password, created_at, updated_at) VALUES (?, ?, ?, ?)',
      [email, 'x', at('2024-01-01'), at('2024-01-01')],
    );
    const [user] = await raw.all<{ id: unknown }>('SELECT id FROM users WHERE user_email = ?', [
      email,
    ]);
    await raw.run('INSERT INTO users_address (user_id, address_id, created_at) VALUES (?, ?, ?)', [
      Number(user?.id),
      addressId,
      at('2024-01-01'),
    ]);
  };

  const column = async (sql: string) =>
    (await raw.all<{ v: unknown }>(sql)).map((r) => String(r.v)).sort();
  const addressNames = () => column('SELECT name AS v FROM address');
  const mailSubjects = () => column('SELECT subject AS v FROM raw_mails');
  const sendboxDays = () => column('SELECT created_at AS v FROM sendbox');
  const count = async (table: string) =>
    Number((await raw.all<{ n: unknown }>(`SELECT count(*) AS n FROM ${table}`))[0]?.n);

  describe('POST /admin/cleanup', () => {
    it('mails: the oldest mails older than N days, at most CLEANUP_BATCH_SIZE per run', async () => {
      await address('known', '2024-01-01');
      await mail('known@example.com', '2024-05-01', 'a');
      await mail('unknown@example.com', '2024-05-02', 'b');
      await mail('known@example.com', '2024-05-03', 'c');
      await mail('known@example.com', '2024-05-04', 'd');
      await mail('known@example.com', '2024-05-21', 'e');
      await mail('known@example.com', '2024-05-23', 'new');
      await cleanup('mails', 10);
      expect(await mailSubjects()).toEqual(['d', 'e', 'new']);
      await cleanup('mails', 10);
      expect(await mailSubjects()).toEqual(['new']);
      await cleanup('mails', 0);
      expect(await mailSubjects()).toEqual([]);
    });

    it('mails_unknow: every old mail of a name with no address row, uncapped', async () => {
      await address('known', '2024-01-01');
      for (let i = 0; i < BATCH + 2; i++) await mail('gone@example.com', '2024-05-01', `old${i}`);
      await mail('known@example.com', '2024-05-01', 'known-old');
      await mail('gone@example.com', '2024-05-30', 'unknown-new');
      await cleanup('mails_unknow', 10);
      expect(await mailSubjects()).toEqual(['known-old', 'unknown-new']);
    });

    it('sendbox: the oldest sent mails older than N days, capped', async () => {
      for (const day of ['2024-05-01', '2024-05-02', '2024-05-03', '2024-05-04', '2024-05-30']) {
        await sent('a@example.com', day);
      }
      await cleanup('sendbox', 10);
      expect(await sendboxDays()).toEqual([at('2024-05-04'), at('2024-05-30')]);
    });

    it('inactiveAddress: addresses not active for N days, with all their data, capped', async () => {
      const gone = await address('gone', '2024-01-01', '2024-02-01');
      await extras(gone);
      await mail(gone.name, '2024-05-31', 'gone-mail');
      await sent(gone.name, '2024-05-31');
      await address('idle2', '2024-01-01', '2024-02-02');
      await address('idle3', '2024-01-01', '2024-02-03');
      await address('idle4', '2024-01-01', '2024-02-04');
      const active = await address('active', '2024-01-01', '2024-05-30');
      await extras(active);
      await mail(active.name, '2024-01-02', 'active-mail');
      await sent(active.name, '2024-01-02');

      await cleanup('inactiveAddress', 10);
      expect(await addressNames()).toEqual(['active@example.com', 'idle4@example.com']);
      expect(await mailSubjects()).toEqual(['active-mail']);
      expect(await sendboxDays()).toEqual([at('2024-01-02')]);
      for (const table of ['address_sender', 'auto_reply_mails', 'users_address']) {
        expect(await count(table)).toBe(1);
      }
    });

    it('addressCreated: addresses created more than N days ago, even if active, capped', async () => {
      for (const [local, day] of [
        ['c1', '2024-01-01'],
        ['c2', '2024-01-02'],
        ['c3', '2024-01-03'],
        ['c4', '2024-01-04'],
        ['fresh', '2024-05-25'],
      ] as const) {
        await address(local, day, '2024-05-31');
      }
      await cleanup('addressCreated', 10);
      expect(await addressNames()).toEqual(['c4@example.com', 'fresh@example.com']);
    });

    it('unboundAddress: old addresses no user holds, uncapped', async () => {
      for (let i = 0; i < BATCH + 1; i++) await address(`free${i}`, '2024-01-01');
      const held = await address('held', '2024-01-01');
      await bind(held.id);
      await address('young', '2024-05-30');
      await cleanup('unboundAddress', 10);
      expect(await addressNames()).toEqual(['held@example.com', 'young@example.com']);
      expect(await count('users_address')).toBe(1);
    });

    it('emptyAddress: old addresses without any mail, uncapped, with their data', async () => {
      for (let i = 0; i < BATCH + 1; i++) {
        const empty = await address(`empty${i}`, '2024-01-01');
        await sent(empty.name, '2024-05-31');
      }
      const full = await address('full', '2024-01-01');
      await mail(full.name, '2024-01-05');
      await address('young', '2024-05-30');
      await cleanup('emptyAddress', 10);
      expect(await addressNames()).toEqual(['full@example.com', 'young@example.com']);
      expect(await count('sendbox')).toBe(0);
    });

    it('deletes mails stored by the intake pipeline under the fake clock', async () => {
      await address('in', '2024-01-01');
      now = new Date('2024-05-01T00:00:00Z');
      await app.intake.ingest({
        from: 'sender@example.org',
        to: ['in@example.com'],
        raw: new TextEncoder().encode(
          'From: sender@example.org\r\nSubject: via intake\r\n\r\nhi\r\n',
        ),
      });
      now = NOW;
      expect(await count('raw_mails')).toBe(1);
      await cleanup('mails', 31);
      expect(await count('raw_mails')).toBe(1);
      await cleanup('mails', 30);
      expect(await count('raw_mails')).toBe(0);
    });

    it.each([
      [{ cleanType: 'mails' }, 'Operation failed: Invalid cleanType or cleanDays'],
      [{ cleanType: 'mails', cleanDays: '7' }, 'Operation failed: Invalid cleanType or cleanDays'],
      [{ cleanType: 'mails', cleanDays: 1001 }, 'Operation failed: Invalid cleanType or cleanDays'],
      [{ cleanType: 'mails', cleanDays: -1 }, 'Operation failed: Invalid cleanType or cleanDays'],
      [{ cleanDays: 7 }, 'Operation failed: Invalid cleanType or cleanDays'],
      [{ cleanType: 'everything', cleanDays: 7 }, 'Operation failed: Invalid cleanType'],
    ])('answers 400 to %j', async (body, text) => {
      await mail('x@example.com', '2024-01-01');
      const res = await admin('POST', '/admin/cleanup', body);
      expect({ status: res.status, text: await res.text() }).toEqual({ status: 400, text });
      expect(await count('raw_mails')).toBe(1);
    });

    it('answers in Chinese with x-lang: zh, and needs the admin password', async () => {
      const res = await admin(
        'POST',
        '/admin/cleanup',
        { cleanType: 'x', cleanDays: 1 },
        {
          'x-lang': 'zh',
        },
      );
      expect(await res.text()).toBe('操作失败: 无效的 cleanType');
      const anonymous = await app.request('POST', '/admin/cleanup', {
        body: { cleanType: 'mails', cleanDays: 1 },
      });
      expect(anonymous.status).toBe(401);
      const malformed = await admin('POST', '/admin/cleanup', '{nope');
      expect(malformed.status).toBe(400);
    });
  });

  describe('GET /admin/statistics', () => {
    it('counts mails, addresses, active addresses, users and sent mails', async () => {
      await address('a7', '2024-01-01', '2024-05-30');
      await address('a30', '2024-01-01', '2024-05-10');
      const old = await address('old', '2024-01-01', '2024-04-01');
      await bind(old.id);
      await bind(old.id + 1000);
      for (const day of ['2024-01-01', '2024-05-01', '2024-05-31', '2024-06-01']) {
        await mail('a7@example.com', day);
      }
      for (const day of ['2024-01-01', '2024-05-01', '2024-05-31'])
        await sent('a7@example.com', day);
      const res = await admin('GET', '/admin/statistics');
      expect(await res.json()).toEqual({
        mailCount: 4,
        addressCount: 3,
        activeAddressCount7days: 1,
        activeAddressCount30days: 2,
        userCount: 2,
        sendMailCount: 3,
      });
    });

    it('is all zeros on an empty database', async () => {
      const res = await admin('GET', '/admin/statistics');
      expect(await res.json()).toEqual({
        mailCount: 0,
        addressCount: 0,
        activeAddressCount7days: 0,
        activeAddressCount30days: 0,
        userCount: 0,
        sendMailCount: 0,
      });
    });
  });

  describe('/admin/auto_cleanup', () => {
    const settings = {
      enableMailsAutoCleanup: true,
      cleanMailsDays: 10,
      enableUnknowMailsAutoCleanup: false,
      cleanUnknowMailsDays: 30,
      enableSendBoxAutoCleanup: false,
      cleanSendBoxDays: 30,
      enableInactiveAddressAutoCleanup: false,
      cleanInactiveAddressDays: 30,
      enableAddressAutoCleanup: false,
      cleanAddressDays: 30,
      enableUnboundAddressAutoCleanup: false,
      cleanUnboundAddressDays: 30,
      enableEmptyAddressAutoCleanup: true,
      cleanEmptyAddressDays: 10,
      customSqlCleanupList: [
        {
          id: 'r1',
          name: 'drop gone sendbox',
          sql: "DELETE FROM sendbox WHERE address = 'gone@example.com';",
          enabled: true,
        },
        { id: 'r2', name: 'broken', sql: 'DELETE FROM no_such_table', enabled: true },
        { id: 'r3', name: 'off', sql: 'DELETE FROM address', enabled: false },
      ],
    };

    it('answers null before anything is saved, then the saved settings', async () => {
      const empty = await admin('GET', '/admin/auto_cleanup');
      expect(await empty.text()).toBe('null');
      const saved = await admin('POST', '/admin/auto_cleanup', settings);
      expect(await saved.json()).toEqual({ success: true });
      const read = await admin('GET', '/admin/auto_cleanup');
      expect(await read.json()).toEqual(settings);
    });

    it.each([
      [
        [{ id: 1, name: 'bad', sql: 'DROP TABLE address', enabled: true }],
        '[bad]: Only DELETE statements are allowed',
      ],
      [
        [{ id: 1, sql: 'DELETE FROM a -- b', enabled: true }],
        '[unnamed]: SQL comments are not allowed',
      ],
      [
        [{ id: 1, name: 'two', sql: 'DELETE FROM a; DELETE FROM b' }],
        '[two]: Only single SQL statement is allowed',
      ],
      [[{ id: 1, name: 'blank', sql: ' ; ', enabled: true }], '[blank]: SQL statement is empty'],
      [
        [{ id: 1, name: 'long', sql: `DELETE FROM a WHERE b = '${'x'.repeat(1000)}'` }],
        '[long]: SQL statement is too long (max 1000 characters)',
      ],
    ])('refuses custom SQL %j with 400 %j and keeps the old settings', async (list, text) => {
      await admin('POST', '/admin/auto_cleanup', { enableMailsAutoCleanup: false });
      const res = await admin('POST', '/admin/auto_cleanup', { customSqlCleanupList: list });
      expect({ status: res.status, text: await res.text() }).toEqual({ status: 400, text });
      const read = await admin('GET', '/admin/auto_cleanup');
      expect(await read.json()).toEqual({ enableMailsAutoCleanup: false });
    });

    it('gives the SQL messages in Chinese', async () => {
      const res = await admin(
        'POST',
        '/admin/auto_cleanup',
        { customSqlCleanupList: [{ name: 'x', sql: 'SELECT 1' }] },
        { 'x-lang': 'zh' },
      );
      expect(await res.text()).toBe('[x]: 只允许 DELETE 语句');
    });

    it('refuses a switched-on cleanup without days, and wrong types', async () => {
      for (const body of [
        { enableMailsAutoCleanup: true },
        { enableMailsAutoCleanup: true, cleanMailsDays: 1001 },
        { enableMailsAutoCleanup: 'yes' },
        { customSqlCleanupList: 'DELETE FROM a' },
      ]) {
        const res = await admin('POST', '/admin/auto_cleanup', body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(await res.text()).toMatch(/^Invalid input: /);
      }
    });

    /** Old mail, an old empty address with sent mail, and what must stay. */
    const seedForScheduledRun = async () => {
      const keep = await address('keep', '2024-01-01');
      await mail(keep.name, '2024-05-01', 'old');
      await mail(keep.name, '2024-05-30', 'new');
      await address('gone', '2024-01-01');
      await sent('gone@example.com', '2024-05-31');
      await sent('keep@example.com', '2024-05-31');
    };

    it('POST /admin/auto_cleanup/run runs the enabled cleanups, then the custom SQL', async () => {
      await seedForScheduledRun();
      await admin('POST', '/admin/auto_cleanup', settings);
      const res = await admin('POST', '/admin/auto_cleanup/run');
      expect(res.status).toBe(200);
      const report = (await res.json()) as CleanupRunReport & { success: boolean };
      expect(report.success).toBe(true);
      expect(report.steps).toEqual([
        { cleanType: 'mails', deleted: 1 },
        { cleanType: 'emptyAddress', deleted: 1 },
      ]);
      // "gone" went with its sent mail, so the custom rule finds nothing left to delete.
      expect(report.customSql[0]).toEqual({ name: 'drop gone sendbox', deleted: 0 });
      expect(report.customSql[1]).toMatchObject({ name: 'broken' });
      expect(report.customSql[1]).toHaveProperty('error');
      expect(report.customSql).toHaveLength(2);
      expect(await addressNames()).toEqual(['keep@example.com']);
      expect(await mailSubjects()).toEqual(['new']);
      expect(await sendboxDays()).toEqual([at('2024-05-31')]);
    });

    it('the scheduler tick runs the same, once per interval', async () => {
      await seedForScheduledRun();
      await admin('POST', '/admin/auto_cleanup', {
        ...settings,
        enableEmptyAddressAutoCleanup: false,
      });
      const first = await app.cleanupScheduler.tick();
      expect(first.status).toBe('ran');
      expect(await mailSubjects()).toEqual(['new']);
      expect(await sendboxDays()).toEqual([at('2024-05-31')]);
      await mail('keep@example.com', '2024-01-01', 'older');
      expect((await app.cleanupScheduler.tick()).status).toBe('not_due');
      expect(await mailSubjects()).toEqual(['new', 'older']);
      now = new Date(NOW.getTime() + app.config.CLEANUP_INTERVAL_SECONDS * 1000);
      expect((await app.cleanupScheduler.tick()).status).toBe('ran');
      expect(await mailSubjects()).toEqual(['new']);
    });

    it('the scheduler does nothing without settings', async () => {
      await mail('x@example.com', '2024-01-01');
      const outcome = await app.cleanupScheduler.tick();
      expect(outcome).toEqual({ status: 'ran', report: { steps: [], customSql: [] } });
      expect(await count('raw_mails')).toBe(1);
    });
  });
});

describe.skipIf(!DIALECTS.includes('postgres'))('two nodes on one PostgreSQL database', () => {
  const EMPTY: CleanupRunReport = { steps: [], customSql: [] };
  let drop: () => Promise<void>;
  let stores: Store[];

  beforeEach(async () => {
    const db = await createTestDatabaseUrl('postgres');
    drop = db.drop;
    stores = [openStore(db.url), openStore(db.url)];
    for (const store of stores) await store.migrate();
  });
  afterEach(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await drop();
  });

  const nodes = (run: () => Promise<CleanupRunReport>): CleanupScheduler[] =>
    stores.map((store) =>
      createCleanupScheduler({
        store,
        run,
        clock: systemClock,
        intervalSeconds: 3600,
        logger: silentLogger(),
      }),
    );

  it('tick at the same moment: one runs, the other finds the lock taken', async () => {
    let runs = 0;
    // The runner holds the lock until the other node's tick has answered, so the two overlap.
    const ticks: Promise<unknown>[] = [];
    const schedulers = nodes(async () => {
      runs++;
      await Promise.race(ticks);
      return EMPTY;
    });
    ticks.push(...schedulers.map((s) => s.tick()));
    const outcomes = (await Promise.all(ticks)) as { status: string }[];
    expect(runs).toBe(1);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['busy', 'ran']);
    // Afterwards neither runs again before the interval is over.
    for (const s of schedulers) expect((await s.tick()).status).toBe('not_due');
    expect(runs).toBe(1);
  });

  it('many ticks of both nodes at once run the cleanup exactly once', async () => {
    let runs = 0;
    const schedulers = nodes(() => {
      runs++;
      return Promise.resolve(EMPTY);
    });
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) => schedulers[i % 2]!.tick()),
    );
    expect(runs).toBe(1);
    expect(outcomes.filter((o) => o.status === 'ran')).toHaveLength(1);
  });

  it('releases the lock after a failed run, so the other node can run', async () => {
    const [a, b] = nodes(() => Promise.reject(new Error('boom')));
    expect((await a!.tick()).status).toBe('failed');
    await stores[0]!.settings.delete('auto_cleanup_last_run');
    expect(await b!.runNow().catch((e: Error) => e.message)).toBe('boom');
  });
});
