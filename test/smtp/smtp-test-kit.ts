/**
 * What the SMTP suites share: a nodemailer client for the happy path, and the HTTP calls that
 * close the loop (create an address, read its mail back) through `app.request`.
 */
import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { expect } from 'vitest';
import type { MailRow, ParsedMailRow } from '../../src/domain/mail/mailbox-service.js';
import { adminHeaders, type TestApp } from '../helpers/build-test-app.js';

export interface TestMailbox {
  address: string;
  jwt: string;
}

/** Environment every SMTP suite starts from: no per-IP limit on address creation. */
export const SMTP_TEST_ENV = { RATE_LIMIT_PER_MINUTE: '0', PREFIX: 'tmp' } as const;

export const REMOTE_SENDER = 'sender@remote.example';

async function json<T>(res: Response): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(200);
  return JSON.parse(text) as T;
}

/** Creates `tmp<name>@<domain>` through `POST /api/new_address`. */
export async function createMailbox(
  app: TestApp,
  name: string,
  domain = 'example.com',
): Promise<TestMailbox> {
  const created = await json<{ address: string; jwt: string }>(
    await app.request('POST', '/api/new_address', { body: { name, domain } }),
  );
  return { address: created.address, jwt: created.jwt };
}

const bearer = (box: TestMailbox) => ({ authorization: `Bearer ${box.jwt}` });

export async function listMails(
  app: TestApp,
  box: TestMailbox,
  limit = 10,
): Promise<{ results: MailRow[]; count: number }> {
  return json(
    await app.request('GET', `/api/mails?limit=${limit}&offset=0`, { headers: bearer(box) }),
  );
}

/** The newest mail of the mailbox; fails the test when there is none. */
export async function newestMail(app: TestApp, box: TestMailbox): Promise<MailRow> {
  const { results } = await listMails(app, box, 1);
  const [mail] = results;
  if (!mail) throw new Error(`no mail for ${box.address}`);
  return mail;
}

export async function parsedMail(
  app: TestApp,
  box: TestMailbox,
  id: number,
): Promise<ParsedMailRow> {
  return json(await app.request('GET', `/api/parsed_mail/${id}`, { headers: bearer(box) }));
}

/** The exact stored bytes (`GET /api/mails/:id/raw`). */
export async function rawMail(app: TestApp, box: TestMailbox, id: number): Promise<Buffer> {
  const res = await app.request('GET', `/api/mails/${id}/raw`, { headers: bearer(box) });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

/** Mail stored for names that have no address row (`GET /admin/mails_unknow`). */
export async function unknownMails(app: TestApp): Promise<{ results: MailRow[]; count: number }> {
  return json(
    await app.request('GET', '/admin/mails_unknow?limit=100&offset=0', { headers: adminHeaders }),
  );
}

/** Every stored mail, any address (`GET /admin/mails`). */
export async function allMails(app: TestApp): Promise<{ results: MailRow[]; count: number }> {
  return json(
    await app.request('GET', '/admin/mails?limit=100&offset=0', { headers: adminHeaders }),
  );
}

/** `POST /admin/account_settings` with the required lists empty plus `extra`. */
export async function saveAccountSettings(app: TestApp, extra: object): Promise<void> {
  await json(
    await app.request('POST', '/admin/account_settings', {
      headers: adminHeaders,
      body: { blockList: [], sendBlockList: [], verifiedAddressList: [], ...extra },
    }),
  );
}

/** A nodemailer transport to the test server; plain text unless options ask for TLS. */
export function smtpTransport(port: number, options: SMTPTransport.Options = {}) {
  return nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    ...options,
  });
}

/** A pooled transport: messages share one connection (the greeting delay is paid once). */
export function smtpPool(port: number, options: SMTPPool.Options = {}) {
  return nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: 1,
    ...options,
  });
}

/** Sends one raw message with an explicit envelope over a fresh connection. */
export async function deliver(
  port: number,
  mail: { from?: string; to: string | string[]; raw: string | Uint8Array },
  options: SMTPTransport.Options = {},
): Promise<SMTPTransport.SentMessageInfo> {
  const transport = smtpTransport(port, options);
  try {
    return await transport.sendMail({
      envelope: { from: mail.from ?? REMOTE_SENDER, to: mail.to },
      raw: typeof mail.raw === 'string' ? mail.raw : Buffer.from(mail.raw),
    });
  } finally {
    transport.close();
  }
}

/** A small RFC 5322 message. */
export function simpleMessage(subject: string, body = 'Hello.', messageId?: string): string {
  return [
    `From: Sender <${REMOTE_SENDER}>`,
    'To: someone@example.com',
    `Subject: ${subject}`,
    ...(messageId ? [`Message-ID: <${messageId}>`] : []),
    'Date: Mon, 10 Jun 2024 12:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
}
