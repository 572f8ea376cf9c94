/**
 * Many SMTP sessions at once on every backend: 20 connections each sending 10 mails are all
 * stored exactly once, none is refused with a busy database, and every transaction of the
 * group commit (`commit-queue.ts`) holds whole mails (batching itself: commit-queue.test.ts).
 */
import type { Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.js';
import { openRawSql, type RawSql } from '../helpers/raw-sql.js';
import { startTestSmtp, type TestSmtp } from '../helpers/start-test-smtp.js';
import { DIALECTS } from '../helpers/test-stores.js';
import {
  REMOTE_SENDER,
  SMTP_TEST_ENV,
  createMailbox,
  listMails,
  simpleMessage,
  smtpPool,
  type TestMailbox,
} from './smtp-test-kit.js';

const CONNECTIONS = 20;
const MAILS_PER_CONNECTION = 10;
const TOTAL = CONNECTIONS * MAILS_PER_CONNECTION;

const messageId = (connection: number, n: number) => `c${connection}-m${n}@load.test`;

describe.each(DIALECTS)('concurrent SMTP intake on %s', (dialect) => {
  let app: TestApp;
  let smtp: TestSmtp;
  let sql: RawSql;
  let boxes: TestMailbox[];

  beforeAll(async () => {
    app = await buildTestApp({ dialect, env: SMTP_TEST_ENV });
    smtp = await startTestSmtp(app);
    sql = await openRawSql(dialect, app.databaseUrl);
    boxes = [];
    for (let i = 0; i < CONNECTIONS; i++) boxes.push(await createMailbox(app, `load${i}`));
  });
  afterAll(async () => {
    await sql.close();
    await smtp.close();
    await app.close();
  });

  it(`stores ${TOTAL} mails from ${CONNECTIONS} parallel connections exactly once`, async () => {
    const insertMany = vi.spyOn(app.store.mails, 'insertMany');
    const transports: Transporter[] = Array.from({ length: CONNECTIONS }, () =>
      smtpPool(smtp.port),
    );
    try {
      // Connection c sends its n-th mail to mailbox (c + n) % 20, so every mailbox receives
      // from ten different connections.
      const replies = await Promise.all(
        transports.map((transport, c) =>
          Promise.all(
            Array.from(
              { length: MAILS_PER_CONNECTION },
              (_, n) =>
                transport.sendMail({
                  envelope: {
                    from: REMOTE_SENDER,
                    to: boxes[(c + n) % CONNECTIONS]?.address ?? '',
                  },
                  raw: simpleMessage(
                    `load ${c}/${n}`,
                    `mail ${n} of connection ${c}`,
                    messageId(c, n),
                  ),
                }) as Promise<{ response: string }>,
            ),
          ),
        ),
      );
      expect(replies.flat().filter((r) => !r.response.startsWith('250 '))).toEqual([]);
    } finally {
      for (const transport of transports) transport.close();
    }

    const [total] = await sql.all<{ n: number | string }>('SELECT COUNT(*) AS n FROM raw_mails');
    expect(Number(total?.n)).toBe(TOTAL);
    const duplicates = await sql.all(
      'SELECT message_id FROM raw_mails GROUP BY message_id HAVING COUNT(*) > 1',
    );
    expect(duplicates).toEqual([]);

    for (const [i, box] of boxes.entries()) {
      const { results, count } = await listMails(app, box, 100);
      expect(count, box.address).toBe(MAILS_PER_CONNECTION);
      const expected = Array.from({ length: MAILS_PER_CONNECTION }, (_, n) => {
        const c = (i - n + CONNECTIONS) % CONNECTIONS;
        return messageId(c, n);
      });
      expect(results.map((m) => m.message_id?.replace(/^<|>$/g, '')).sort()).toEqual(
        expected.sort(),
      );
    }

    const batchSizes = insertMany.mock.calls.map(([mails]) => mails.length);
    expect(batchSizes.reduce((a, b) => a + b, 0)).toBe(TOTAL);
    // Group commit: mails arriving while a transaction is in flight share the next one. On
    // SQLite the driver writes synchronously, so no other session runs during a write and
    // every batch holds one mail; PostgreSQL writes over the network, and batches form.
    if (dialect === 'postgres') expect(batchSizes.length).toBeLessThan(TOTAL / 2);
  });
});
