/**
 * Mail intake over real SMTP sessions (style practice 8): a message accepted with 250 is
 * readable through the HTTP API at once (decisions.md 7), every `.eml` fixture survives the trip
 * byte for byte and decodes as the parser says, and each intake rule of reference §7.1 (relay,
 * unknown names, sender block lists, junk check, attachment stripping, gzip, extraction, size)
 * holds at the SMTP step where it belongs. The round trip runs on every dialect; the rules,
 * which do not depend on the backend, on SQLite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transporter } from 'nodemailer';
import { parseMessage } from '../../src/mail/parse-message.js';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.js';
import { openRawSql } from '../helpers/raw-sql.js';
import { startTestSmtp, type TestSmtp } from '../helpers/start-test-smtp.js';
import { DIALECTS } from '../helpers/test-stores.js';
import { EML_FIXTURES, readEml } from '../fixtures/eml/fixtures.js';
import { generateLargeMessage } from '../fixtures/eml/generate-large.js';
import { openSession, transaction } from './raw-smtp-client.js';
import {
  REMOTE_SENDER,
  SMTP_TEST_ENV,
  allMails,
  createMailbox,
  deliver,
  listMails,
  newestMail,
  parsedMail,
  rawMail,
  saveAccountSettings,
  simpleMessage,
  smtpPool,
  unknownMails,
  type TestMailbox,
} from './smtp-test-kit.js';

/** nodemailer writes every line ending as CRLF, as RFC 5321 wants on the wire. */
const onTheWire = (bytes: Uint8Array) =>
  Buffer.from(Buffer.from(bytes).toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');

/** A windows-1251 message with 8-bit bytes in the body and one invalid in any charset (0xFF). */
const CP1251_MESSAGE = Buffer.concat([
  Buffer.from(
    [
      'From: Ivan <ivan@remote.example>',
      'To: someone@example.com',
      'Subject: 8bit',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=windows-1251',
      'Content-Transfer-Encoding: 8bit',
      '',
      '',
    ].join('\r\n'),
  ),
  // "Привет" in windows-1251, then 0x80 and 0xFF.
  Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2, 0x20, 0x80, 0xff, 0x0d, 0x0a]),
]);

async function withSmtpApp(
  env: Record<string, string>,
  fn: (app: TestApp, smtp: TestSmtp) => Promise<void>,
  smtpOptions: Parameters<typeof startTestSmtp>[1] = {},
): Promise<void> {
  const app = await buildTestApp({ env: { ...SMTP_TEST_ENV, ...env } });
  const smtp = await startTestSmtp(app, smtpOptions);
  try {
    await fn(app, smtp);
  } finally {
    await smtp.close();
    await app.close();
  }
}

describe.each(DIALECTS)('SMTP → API round trip on %s', (dialect) => {
  let app: TestApp;
  let smtp: TestSmtp;
  let box: TestMailbox;
  // One pooled connection for the fixture sends: the greeting delay is paid once.
  let pool: Transporter;

  beforeAll(async () => {
    app = await buildTestApp({ dialect, env: SMTP_TEST_ENV });
    smtp = await startTestSmtp(app);
    box = await createMailbox(app, 'roundtrip');
    pool = smtpPool(smtp.port);
  });
  afterAll(async () => {
    pool.close();
    await smtp.close();
    await app.close();
  });

  it('makes an accepted mail readable through the API as soon as the 250 arrives', async () => {
    const info = await deliver(smtp.port, {
      to: box.address,
      raw: simpleMessage('Hello over SMTP', 'First line.', 'hello-1@remote.example'),
    });
    expect(info.response).toMatch(/^250 /);
    expect(info.accepted).toEqual([box.address]);

    const { results, count } = await listMails(app, box);
    expect(count).toBe(1);
    const [mail] = results;
    expect(mail).toMatchObject({
      address: box.address,
      source: REMOTE_SENDER,
      subject: 'Hello over SMTP',
      sender: `Sender <${REMOTE_SENDER}>`,
    });
    expect(mail?.message_id).toContain('hello-1@remote.example');
    expect(mail?.raw).toContain('First line.');

    const parsed = await parsedMail(app, box, mail?.id ?? 0);
    expect(parsed).toMatchObject({ subject: 'Hello over SMTP', attachments: [] });
    expect(parsed.text).toContain('First line.');
  });

  it.each(EML_FIXTURES)('%s.eml arrives byte-exact and decodes like the parser', async (name) => {
    const bytes = readEml(name);
    const info = (await pool.sendMail({
      envelope: { from: REMOTE_SENDER, to: box.address },
      raw: Buffer.from(bytes),
    })) as { response: string };
    expect(info.response).toMatch(/^250 /);

    const mail = await newestMail(app, box);
    expect(Buffer.compare(await rawMail(app, box, mail.id), onTheWire(bytes))).toBe(0);

    const expected = await parseMessage(bytes);
    const parsed = await parsedMail(app, box, mail.id);
    expect(mail.subject).toBe(expected.subject);
    expect(parsed.subject).toBe(expected.subject);
    expect(parsed.sender).toBe(expected.sender);
    expect(parsed.text).toBe(expected.text.replace(/\r\n/g, '\n'));
    expect(parsed.attachments).toEqual(
      expected.attachments.map(({ filename, mimeType, disposition, size, contentId }) => ({
        filename,
        mimeType,
        disposition,
        size,
        contentId,
      })),
    );
  });

  it('decodes attachment names and sizes of attachments.eml', async () => {
    await deliver(smtp.port, { to: box.address, raw: readEml('attachments') });
    const parsed = await parsedMail(app, box, (await newestMail(app, box)).id);
    expect(parsed.subject).toBe('Quarterly report');
    expect(parsed.attachments.map((a) => a.filename)).toEqual([
      '季度报告.pdf',
      '数据明细 Q2.csv',
      'archive.zip',
      'attachment',
    ]);
    expect(parsed.attachments.every((a) => a.size > 0)).toBe(true);
  });

  it('stores one copy per accepted recipient', async () => {
    const boxes = [
      await createMailbox(app, 'multi1'),
      await createMailbox(app, 'multi2'),
      await createMailbox(app, 'multi3', 'test.org'),
    ];
    const info = await deliver(smtp.port, {
      to: boxes.map((b) => b.address),
      raw: simpleMessage('To three', 'x', 'three-copies@remote.example'),
    });
    expect(info.accepted).toHaveLength(3);

    for (const b of boxes) {
      const { results, count } = await listMails(app, b);
      expect(count, b.address).toBe(1);
      expect(results[0]?.address).toBe(b.address);
    }
    const copies = (await allMails(app)).results.filter((m) =>
      m.message_id?.includes('three-copies@remote.example'),
    );
    expect(copies).toHaveLength(3);
    expect(new Set(copies.map((m) => m.id)).size).toBe(3);
  });

  it('matches the recipient case-insensitively', async () => {
    const abc = await createMailbox(app, 'abc');
    expect(abc.address).toBe('tmpabc@example.com');
    await deliver(smtp.port, { to: 'TmpAbc@Example.com', raw: simpleMessage('Mixed case') });
    const { results, count } = await listMails(app, abc);
    expect(count).toBe(1);
    expect(results[0]).toMatchObject({ address: 'tmpabc@example.com', subject: 'Mixed case' });
  });

  it('stores a non-UTF-8 8-bit message byte-exact', async () => {
    const cp = await createMailbox(app, 'eightbit');
    await deliver(smtp.port, { to: cp.address, raw: CP1251_MESSAGE });
    const mail = await newestMail(app, cp);
    expect(Buffer.compare(await rawMail(app, cp, mail.id), CP1251_MESSAGE)).toBe(0);
    expect((await parsedMail(app, cp, mail.id)).text).toContain('Привет');
  });

  it('keeps the extracted verification code in metadata', async () => {
    const code = await createMailbox(app, 'codes');
    await deliver(smtp.port, { to: code.address, raw: readEml('verification-en') });
    const mail = await newestMail(app, code);
    const metadata = JSON.parse(mail.metadata ?? 'null') as {
      ai_extract: unknown;
      extracted_at: string;
    };
    expect(metadata.ai_extract).toMatchObject({ type: 'auth_code', result: '482913' });
    expect(Number.isNaN(Date.parse(metadata.extracted_at))).toBe(false);
  });
});

describe.each(DIALECTS)('ENABLE_MAIL_GZIP on %s', (dialect) => {
  it('stores raw_blob compressed (raw NULL) and still returns the full raw', async () => {
    const app = await buildTestApp({
      dialect,
      env: { ...SMTP_TEST_ENV, ENABLE_MAIL_GZIP: 'true' },
    });
    const smtp = await startTestSmtp(app);
    const sql = await openRawSql(dialect, app.databaseUrl);
    try {
      const box = await createMailbox(app, 'gzip');
      const raw = readEml('plain-text');
      await deliver(smtp.port, { to: box.address, raw });
      const mail = await newestMail(app, box);
      expect(mail.raw).toBe(Buffer.from(raw).toString('utf8'));
      expect(mail).not.toHaveProperty('raw_blob');

      const [row] = await sql.all<{ raw: string | null; raw_blob: Uint8Array | null }>(
        'SELECT raw, raw_blob FROM raw_mails WHERE id = ?',
        [mail.id],
      );
      expect(row?.raw).toBeNull();
      const blob = Buffer.from(row?.raw_blob ?? []);
      // gzip magic number
      expect(blob.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
      expect(blob.byteLength).toBeLessThan(raw.byteLength);
    } finally {
      await sql.close();
      await smtp.close();
      await app.close();
    }
  });
});

describe('intake rules at their SMTP step (sqlite)', () => {
  it('refuses recipients of domains it does not serve at RCPT TO, and accepts subdomains', async () => {
    await withSmtpApp({}, async (app, smtp) => {
      const client = await openSession(smtp.port);
      expect((await client.command(`MAIL FROM:<${REMOTE_SENDER}>`)).code).toBe(250);
      for (const outside of [
        'someone@elsewhere.org',
        'someone@example.com.evil.org',
        'someone@notexample.com',
        'someone@example',
      ]) {
        const reply = await client.command(`RCPT TO:<${outside}>`);
        expect(reply.code, outside).toBe(550);
        expect(reply.text, outside).toContain('5.7.1');
      }
      expect((await client.command('RCPT TO:<someone@mail.example.com>')).code).toBe(250);
      expect((await client.command('RCPT TO:<someone@deep.sub.test.org>')).code).toBe(250);
      await client.quit();
      expect((await allMails(app)).count).toBe(0);
    });
  });

  it('keeps mail to unknown names as unknown mail, until the admin blocks them (550 5.1.1)', async () => {
    await withSmtpApp({}, async (app, smtp) => {
      const known = await createMailbox(app, 'known');
      await deliver(smtp.port, {
        to: ['nobody@example.com', 'someone@mail.example.com'],
        raw: simpleMessage('For nobody'),
      });
      const unknown = await unknownMails(app);
      expect(unknown.results.map((m) => m.address).sort()).toEqual([
        'nobody@example.com',
        'someone@mail.example.com',
      ]);

      await saveAccountSettings(app, {
        emailRuleSettings: { blockReceiveUnknowAddressEmail: true },
      });
      const client = await openSession(smtp.port);
      const { rcpt, end } = await transaction(
        client,
        { from: REMOTE_SENDER, to: ['nobody@example.com', 'NoBody2@Example.com', known.address] },
        simpleMessage('Blocked unknown'),
      );
      expect(rcpt.map((r) => r.code)).toEqual([550, 550, 250]);
      expect(rcpt[0]?.text).toContain('5.1.1');
      expect(end?.code).toBe(250);
      await client.quit();

      expect((await unknownMails(app)).count).toBe(2);
      expect((await listMails(app, known)).count).toBe(1);
    });
  });

  it('refuses senders on BLACK_LIST and on the admin fromBlockList at MAIL FROM', async () => {
    await withSmtpApp({ BLACK_LIST: 'spam.com,bad' }, async (app, smtp) => {
      const box = await createMailbox(app, 'blocked');
      const client = await openSession(smtp.port);
      for (const sender of ['promo@spam.com', 'badguy@remote.example']) {
        const reply = await client.command(`MAIL FROM:<${sender}>`);
        expect(reply.code, sender).toBe(550);
        expect(reply.text).toContain('Reject from address');
      }

      await saveAccountSettings(app, { fromBlockList: ['evil.example'] });
      expect((await client.command('MAIL FROM:<ceo@evil.example>')).code).toBe(550);
      // Still blocked by the environment list after the admin saved theirs.
      expect((await client.command('MAIL FROM:<x@spam.com>')).code).toBe(550);

      const { mail, end } = await transaction(
        client,
        { from: 'friend@good.example', to: [box.address] },
        simpleMessage('Allowed'),
      );
      expect(mail.code).toBe(250);
      expect(end?.code).toBe(250);
      await client.quit();
      expect((await allMails(app)).count).toBe(1);
    });
  });

  it('refuses junk after DATA with ENABLE_CHECK_JUNK_MAIL and JUNK_MAIL_CHECK_LIST ["spf"]', async () => {
    await withSmtpApp(
      { ENABLE_CHECK_JUNK_MAIL: 'true', JUNK_MAIL_CHECK_LIST: '["spf"]' },
      async (app, smtp) => {
        const box = await createMailbox(app, 'junk');
        const client = await openSession(smtp.port);
        const junk = await transaction(
          client,
          { from: REMOTE_SENDER, to: [box.address] },
          readEml('spf-fail'),
        );
        expect([junk.mail.code, junk.rcpt[0]?.code, junk.data?.code]).toEqual([250, 250, 354]);
        expect(junk.end?.code).toBe(550);
        expect(junk.end?.text).toContain('Junk mail');

        const clean = await transaction(
          client,
          { from: REMOTE_SENDER, to: [box.address] },
          readEml('verification-en'),
        );
        expect(clean.end?.code).toBe(250);
        await client.quit();

        const { results, count } = await listMails(app, box);
        expect(count).toBe(1);
        expect(results[0]?.subject).toBe('Your Acme verification code');
      },
    );
  });

  it('strips attachments with REMOVE_ALL_ATTACHMENT', async () => {
    await withSmtpApp({ REMOVE_ALL_ATTACHMENT: 'true' }, async (app, smtp) => {
      const box = await createMailbox(app, 'strip');
      await deliver(smtp.port, { to: box.address, raw: readEml('attachments') });
      const mail = await newestMail(app, box);

      const stored = await rawMail(app, box, mail.id);
      expect((await parseMessage(stored)).attachments).toEqual([]);
      expect(stored.toString('utf8')).not.toMatch(/archive\.zip|application\/pdf/);

      const original = await parseMessage(readEml('attachments'));
      const parsed = await parsedMail(app, box, mail.id);
      expect(parsed.attachments).toEqual([]);
      expect(parsed.subject).toBe(original.subject);
      expect(parsed.text.trim()).toBe(original.text.trim());
    });
  });

  // Base64 makes an attachment about 37% larger: the default 25 MiB limit takes attachments up
  // to about 18 MiB; a 20 MiB attachment needs the limit raised (SMTP_MAX_MESSAGE_BYTES).
  it.each([
    ['18 MiB', 18, undefined],
    ['20 MiB', 20, String(32 * 1024 * 1024)],
  ])('takes a message with a %s attachment', async (_label, mebibytes, limit) => {
    const app = await buildTestApp({
      env: { ...SMTP_TEST_ENV, ...(limit ? { SMTP_MAX_MESSAGE_BYTES: limit } : {}) },
    });
    // The configured limit (by default the production default), not the helper's.
    const smtp = await startTestSmtp(app, { maxMessageBytes: app.config.SMTP_MAX_MESSAGE_BYTES });
    try {
      const large = generateLargeMessage(mebibytes * 1024 * 1024);
      expect(large.raw.byteLength).toBeLessThan(app.config.SMTP_MAX_MESSAGE_BYTES);
      const box = await createMailbox(app, 'large');
      const info = await deliver(smtp.port, { to: box.address, raw: large.raw });
      expect(info.response).toMatch(/^250 /);

      const mail = await newestMail(app, box);
      expect(mail.size).toBe(large.raw.byteLength);
      const res = await app.request('GET', `/api/mails/${mail.id}/attachments/0`, {
        headers: { authorization: `Bearer ${box.jwt}` },
      });
      expect(res.status).toBe(200);
      const attachment = Buffer.from(await res.arrayBuffer());
      expect(attachment.byteLength).toBe(large.attachment.byteLength);
      expect(Buffer.compare(attachment, Buffer.from(large.attachment))).toBe(0);
    } finally {
      await smtp.close();
      await app.close();
    }
  });
});
