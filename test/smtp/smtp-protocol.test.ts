/**
 * The SMTP protocol edge, on a raw socket (style practice 8): what EHLO offers, STARTTLS only
 * with a certificate, early talkers, size and recipient limits, pipelining, bare LF, overlong
 * lines, dropped connections, the connection limit, a failing store (4xx, decisions.md 7) and
 * SMTPUTF8. Each test starts the server it needs on port 0 and waits for replies, never for time.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseMessage } from '../../src/mail/parse-message.js';
import type { SmtpOptions } from '../../src/smtp/create-smtp-server.js';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.js';
import { startTestSmtp, type TestSmtp } from '../helpers/start-test-smtp.js';
import { readEml } from '../fixtures/eml/fixtures.js';
import {
  connectRaw,
  dataPayload,
  openSession,
  transaction,
  type RawSmtpClient,
} from './raw-smtp-client.js';
import {
  REMOTE_SENDER,
  SMTP_TEST_ENV,
  createMailbox,
  deliver,
  listMails,
  newestMail,
  rawMail,
  simpleMessage,
  unknownMails,
  type TestMailbox,
} from './smtp-test-kit.js';

/** A throw-away self-signed certificate for mx.test. */
function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'tmpmail-tls-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        '/CN=mx.test',
        '-days',
        '1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(key), cert: readFileSync(cert) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('SMTP protocol (sqlite)', () => {
  let app: TestApp;
  let box: TestMailbox;
  const servers: TestSmtp[] = [];
  const clients: RawSmtpClient[] = [];

  /** A server for this test only, closed after it. */
  async function server(options: Partial<SmtpOptions> = {}): Promise<TestSmtp> {
    const smtp = await startTestSmtp(app, options);
    servers.push(smtp);
    return smtp;
  }
  async function session(smtp: TestSmtp): Promise<RawSmtpClient> {
    const client = await openSession(smtp.port);
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    app = await buildTestApp({ env: SMTP_TEST_ENV });
    box = await createMailbox(app, 'proto');
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const client of clients.splice(0)) client.destroy();
    for (const smtp of servers.splice(0)) await smtp.close();
    await app.request('DELETE', '/api/clear_inbox', {
      headers: { authorization: `Bearer ${box.jwt}` },
    });
  });
  afterAll(async () => {
    await app.close();
  });

  it('offers SIZE, PIPELINING, 8BITMIME and SMTPUTF8, and neither AUTH nor STARTTLS', async () => {
    const smtp = await server({ maxMessageBytes: 1_234_567 });
    const { client, greeting } = await connectRaw(smtp.port);
    clients.push(client);
    expect(greeting?.code).toBe(220);
    expect(greeting?.text).toContain('mx.test');

    const ehlo = await client.command('EHLO client.test');
    expect(ehlo.code).toBe(250);
    expect(ehlo.lines).toEqual(
      expect.arrayContaining(['PIPELINING', '8BITMIME', 'SMTPUTF8', 'SIZE 1234567']),
    );
    expect(ehlo.lines.filter((l) => /^(AUTH|STARTTLS)\b/.test(l))).toEqual([]);
    expect((await client.command('STARTTLS')).code).toBeGreaterThanOrEqual(500);
    expect((await client.command('AUTH PLAIN AGFsaWNlAHNlY3JldA==')).code).toBeGreaterThanOrEqual(
      500,
    );
    await client.quit();
  });

  it('offers STARTTLS with a certificate, and nodemailer delivers over it', async () => {
    const smtp = await server({ tls: selfSignedCertificate() });
    const client = await session(smtp);
    const ehlo = await client.command('EHLO client.test');
    expect(ehlo.lines).toContain('STARTTLS');
    await client.quit();

    const info = await deliver(
      smtp.port,
      { to: box.address, raw: simpleMessage('Over TLS') },
      { ignoreTLS: false, requireTLS: true, tls: { rejectUnauthorized: false } },
    );
    expect(info.response).toMatch(/^250 /);
    expect((await newestMail(app, box)).subject).toBe('Over TLS');
  });

  it('refuses an early talker (a client that speaks before the greeting)', async () => {
    const smtp = await server();
    const { client } = await connectRaw(smtp.port, {
      waitGreeting: false,
      sendOnConnect: 'EHLO early.test\r\n',
    });
    clients.push(client);
    const first = await client.reply();
    expect(first.code).toBe(421);
    expect(first.text).toMatch(/too soon/i);
    await client.closed;
  });

  it('answers 552 to a message over the limit, stores nothing, and the session goes on', async () => {
    const smtp = await server({ maxMessageBytes: 4096 });
    const client = await session(smtp);

    const tooBig = simpleMessage('Too big', 'x'.repeat(76).concat('\r\n').repeat(200));
    const over = await transaction(client, { from: REMOTE_SENDER, to: [box.address] }, tooBig);
    expect(over.data?.code).toBe(354);
    expect(over.end?.code).toBe(552);
    expect(over.end?.text).toContain('5.3.4');

    expect((await client.command('RSET')).code).toBe(250);
    // A declared size over the limit is refused before any byte is sent.
    expect((await client.command(`MAIL FROM:<${REMOTE_SENDER}> SIZE=100000`)).code).toBe(552);
    expect((await client.command('RSET')).code).toBe(250);
    const small = await transaction(
      client,
      { from: REMOTE_SENDER, to: [box.address] },
      simpleMessage('Small enough'),
    );
    expect(small.end?.code).toBe(250);
    expect((await client.command('QUIT')).code).toBe(221);

    const { results, count } = await listMails(app, box);
    expect(count).toBe(1);
    expect(results[0]?.subject).toBe('Small enough');
  });

  it('answers 452 to the recipient past the limit and delivers to the others', async () => {
    const smtp = await server({ maxRecipients: 2 });
    const others = [await createMailbox(app, 'limit1'), await createMailbox(app, 'limit2')];
    const client = await session(smtp);
    const { rcpt, end } = await transaction(
      client,
      { from: REMOTE_SENDER, to: [...others.map((b) => b.address), box.address] },
      simpleMessage('Two of three'),
    );
    expect(rcpt.map((r) => r.code)).toEqual([250, 250, 452]);
    expect(rcpt[2]?.text).toContain('4.5.3');
    expect(end?.code).toBe(250);
    await client.quit();

    for (const b of others) expect((await listMails(app, b)).count).toBe(1);
    expect((await listMails(app, box)).count).toBe(0);
  });

  it('handles MAIL, RCPT and DATA pipelined in one write (RFC 2920)', async () => {
    const smtp = await server();
    const client = await session(smtp);
    client.write(`MAIL FROM:<${REMOTE_SENDER}>\r\nRCPT TO:<${box.address}>\r\nDATA\r\n`);
    expect((await client.reply()).code).toBe(250);
    expect((await client.reply()).code).toBe(250);
    expect((await client.reply()).code).toBe(354);
    // The message, its end and the next commands in one write as well.
    client.write(Buffer.concat([dataPayload(simpleMessage('Pipelined')), Buffer.from('QUIT\r\n')]));
    expect((await client.reply()).code).toBe(250);
    expect((await client.reply()).code).toBe(221);
    await client.closed;
    expect((await newestMail(app, box)).subject).toBe('Pipelined');
  });

  it('accepts bare LF line endings in DATA and stores the bytes as sent', async () => {
    const smtp = await server();
    const client = await session(smtp);
    const bytes = readEml('bare-lf');
    expect(Buffer.from(bytes).includes('\r\n')).toBe(false);
    const { end } = await transaction(client, { from: REMOTE_SENDER, to: [box.address] }, bytes);
    expect(end?.code).toBe(250);
    await client.quit();

    const mail = await newestMail(app, box);
    const stored = await rawMail(app, box, mail.id);
    // The CRLF before the terminating dot belongs to the message (RFC 5321 §4.1.1.4).
    expect(Buffer.compare(stored, Buffer.concat([bytes, Buffer.from('\r\n')]))).toBe(0);
    expect(mail.subject).toBe((await parseMessage(bytes)).subject);
  });

  it('survives an overlong line: a 100 KB command is refused, a 100 KB body line is kept', async () => {
    const smtp = await server();
    const client = await session(smtp);
    client.write('NOOP '.concat('x'.repeat(100_000)));
    const refused = await client.reply();
    expect(refused.code).toBe(421);
    await client.closed;

    const longLine = 'y'.repeat(100_000);
    const next = await session(smtp);
    const { end } = await transaction(
      next,
      { from: REMOTE_SENDER, to: [box.address] },
      simpleMessage('Long line', longLine),
    );
    expect(end?.code).toBe(250);
    await next.quit();
    expect((await newestMail(app, box)).raw).toContain(longLine);
  });

  it('stores nothing when the connection drops mid-DATA, and keeps serving', async () => {
    const ingest = vi.spyOn(app.intake, 'ingest');
    const smtp = await server();
    const client = await session(smtp);
    expect((await client.command(`MAIL FROM:<${REMOTE_SENDER}>`)).code).toBe(250);
    expect((await client.command(`RCPT TO:<${box.address}>`)).code).toBe(250);
    expect((await client.command('DATA')).code).toBe(354);
    client.write(simpleMessage('Half a message', 'z'.repeat(10_000)));
    client.destroy();
    await client.closed;

    const info = await deliver(smtp.port, { to: box.address, raw: simpleMessage('After drop') });
    expect(info.response).toMatch(/^250 /);
    await app.intake.drain();
    expect(ingest).toHaveBeenCalledTimes(1);
    const { results, count } = await listMails(app, box);
    expect(count).toBe(1);
    expect(results[0]?.subject).toBe('After drop');
  });

  it('refuses connections past maxConnections with 421, and admits again once one closes', async () => {
    const smtp = await server({ maxConnections: 2 });
    const first = await session(smtp);
    await session(smtp);

    const { client: third, greeting } = await connectRaw(smtp.port);
    clients.push(third);
    expect(greeting?.code).toBe(421);
    await third.closed;

    await first.quit();
    // The server notices the close on its own socket a moment after the client does; each
    // attempt is a real connection that is answered at once, so this waits on replies only.
    let admitted = 0;
    for (let attempt = 0; attempt < 50 && admitted !== 220; attempt++) {
      const { client, greeting: g } = await connectRaw(smtp.port);
      clients.push(client);
      admitted = g?.code ?? 0;
      if (admitted !== 220) await client.closed;
    }
    expect(admitted).toBe(220);
  });

  it('answers 451 4.3.0 when the store fails, keeps nothing, and the next mail goes through', async () => {
    vi.spyOn(app.store.mails, 'insertMany').mockRejectedValueOnce(new Error('disk full'));
    const smtp = await server();
    const client = await session(smtp);
    const failed = await transaction(
      client,
      { from: REMOTE_SENDER, to: [box.address] },
      simpleMessage('Lost?'),
    );
    expect(failed.end?.code).toBe(451);
    expect(failed.end?.text).toContain('4.3.0');

    const retried = await transaction(
      client,
      { from: REMOTE_SENDER, to: [box.address] },
      simpleMessage('Retried'),
    );
    expect(retried.end?.code).toBe(250);
    await client.quit();
    const { results, count } = await listMails(app, box);
    expect(count).toBe(1);
    expect(results[0]?.subject).toBe('Retried');
  });

  it('takes SMTPUTF8 senders and recipients, and refuses unicode domains it does not serve', async () => {
    const smtp = await server();
    const client = await session(smtp);
    const sender = 'jöhn@bücher.example';
    expect((await client.command(`MAIL FROM:<${sender}> SMTPUTF8`)).code).toBe(250);
    expect((await client.command(`RCPT TO:<${box.address}>`)).code).toBe(250);
    expect((await client.command('RCPT TO:<üser@example.com>')).code).toBe(250);
    expect((await client.command('RCPT TO:<a@exämple.com>')).code).toBe(550);
    expect((await client.command('DATA')).code).toBe(354);
    const message = simpleMessage('Grüße aus Köln', 'Schöne Grüße').replace(
      `From: Sender <${REMOTE_SENDER}>`,
      `From: Jöhn <${sender}>`,
    );
    client.write(dataPayload(message));
    expect((await client.reply()).code).toBe(250);
    await client.quit();

    const mail = await newestMail(app, box);
    expect(mail).toMatchObject({ source: sender, subject: 'Grüße aus Köln' });
    expect(mail.sender).toBe(`Jöhn <${sender}>`);
    const unknown = await unknownMails(app);
    expect(unknown.results.map((m) => m.address)).toContain('üser@example.com');
  });
});
