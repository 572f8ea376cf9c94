/**
 * The shared memory budget for message data: a message that would push all sessions' buffered
 * bytes past SMTP_MAX_BUFFERED_BYTES gets a temporary 452 (the sender retries), is not stored,
 * and its bytes are released for the next message.
 */
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.js';
import { startTestSmtp, type TestSmtp } from '../helpers/start-test-smtp.js';
import { allMails, createMailbox, REMOTE_SENDER, SMTP_TEST_ENV } from './smtp-test-kit.js';

describe('SMTP memory budget', () => {
  let app: TestApp;
  let smtp: TestSmtp;
  beforeAll(async () => {
    app = await buildTestApp({ env: SMTP_TEST_ENV });
    smtp = await startTestSmtp(app, { maxMessageBytes: 1024 * 1024, maxBufferedBytes: 32 * 1024 });
  });
  afterAll(async () => {
    await smtp.close();
    await app.close();
  });

  const send = (to: string, bytes: number) =>
    nodemailer
      .createTransport({ host: '127.0.0.1', port: smtp.port, ignoreTLS: true })
      .sendMail({ from: REMOTE_SENDER, to, subject: `size ${bytes}`, text: 'x'.repeat(bytes) });

  it('refuses a message over the budget with 452 4.3.1 and stores nothing', async () => {
    const box = await createMailbox(app, 'budget');
    await expect(send(box.address, 100 * 1024)).rejects.toMatchObject({ responseCode: 452 });
    expect((await allMails(app)).count).toBe(0);

    // The refused message's bytes were released: a message within the budget goes through.
    const ok = await send(box.address, 8 * 1024);
    expect(ok.response).toMatch(/^250 /);
    expect((await allMails(app)).count).toBe(1);
  });
});
