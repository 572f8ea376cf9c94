import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EML_FIXTURES, readEml, type EmlFixture } from '../../test/fixtures/eml/fixtures.js';
import { generateLargeMessage } from '../../test/fixtures/eml/generate-large.js';
import { formatSender, parseMessage } from './parse-message.js';
import type { ParsedAttachment } from './parsed-message.js';

interface Expected {
  subject: string;
  sender: string;
  text: string;
  /** Checked with toContain: the HTML bodies are long; "" means exactly empty. */
  html?: string;
  date?: string | null;
  messageId?: string | null;
  attachments?: Omit<ParsedAttachment, 'content'>[];
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const EXPECTED: Record<EmlFixture, Expected> = {
  'plain-text': {
    subject: 'Lunch on Friday?',
    sender: 'Alice Example <alice@example.com>',
    text: 'Hi Bob,\n\nAre you free for lunch on Friday at 12:30?\n\nAlice\n',
    html: '',
    date: '2024-05-14T07:12:45.000Z',
    messageId: '<20240514091245.1a2b@example.com>',
  },
  'html-only': {
    subject: 'Spring sale starts today',
    sender: '<news@shop.example>',
    text: '',
    html: '<p>Everything is 20% off &amp; shipping is free.</p>',
  },
  'multipart-alternative': {
    subject: 'Your weekly report 📈',
    sender: 'José García <jose@example.org>',
    text: 'Hello Bob,\n\nThis week: 12 new users, 3 releases.\n\n— The Team\n',
    html: '<p>This week: <b>12</b> new users, 3 releases.</p><p>&mdash; The Team</p>',
    date: '2024-05-16T23:30:00.000Z',
    messageId: '<CAF=abc123@mail.example.org>',
  },
  attachments: {
    subject: 'Quarterly report',
    sender: 'Zhang, Wei <wei@example.cn>',
    text: 'Please find the report attached.\n',
    attachments: [
      {
        filename: '季度报告.pdf',
        mimeType: 'application/pdf',
        disposition: 'attachment',
        contentId: null,
        size: 404,
      },
      {
        filename: '数据明细 Q2.csv',
        mimeType: 'text/csv',
        disposition: 'attachment',
        contentId: null,
        size: 28,
      },
      {
        filename: 'archive.zip',
        mimeType: 'application/zip',
        disposition: 'attachment',
        contentId: null,
        size: 67,
      },
      {
        filename: 'attachment',
        mimeType: 'application/octet-stream',
        disposition: null,
        contentId: null,
        size: 4,
      },
    ],
  },
  'inline-image': {
    subject: 'Our new logo',
    sender: 'Example Newsletter <hello@newsletter.example>',
    text: '',
    html: '<img src="cid:logo.png@newsletter.example" alt="logo">',
    attachments: [
      {
        filename: 'logo.png',
        mimeType: 'image/png',
        disposition: 'inline',
        contentId: 'logo.png@newsletter.example',
        size: 70,
      },
    ],
  },
  gbk: {
    subject: '本月账单通知',
    sender: '王小明 <xiaoming@example.cn>',
    text: '你好，\n\n附件是本月的账单，请查收。\n\n此致\n敬礼\n',
  },
  gb18030: {
    subject: '罕用字𠀀测试',
    sender: '欧阳𠀀 <ouyang@example.cn>',
    text: '生僻字：𠀀𠀁\n',
  },
  big5: {
    subject: '訂單出貨通知',
    sender: '陳大文 <tai.man@example.tw>',
    text: '親愛的用戶：\n\n您的訂單已經出貨。\n',
  },
  'iso-2022-jp': {
    subject: '会議のお知らせ',
    sender: '山田太郎 <taro@example.jp>',
    text: 'こんにちは。\n会議は明日の午後３時からです。\n',
  },
  'shift-jis': {
    subject: 'ご注文確認',
    sender: '佐藤花子 <hanako@example.jp>',
    text: 'ご注文ありがとうございます。\n',
  },
  'euc-kr': {
    subject: '회의 안내',
    sender: '김민수 <minsu@example.kr>',
    text: '안녕하세요. 회의는 내일입니다.\n',
  },
  'iso-8859-1': {
    subject: 'Café à Noël',
    sender: 'François Müller <francois@example.fr>',
    text: 'Bonjour Zoë,\n\nLe café est prêt. À bientôt !\n',
  },
  'iso-8859-15': {
    subject: 'Prix: 5 €',
    sender: 'Euro Shop <shop@example.eu>',
    text: 'Le prix est de 5 € (œuvre).\n',
  },
  'windows-1252': {
    subject: '“Quoted” – dash',
    sender: 'Renée O’Brien <renee@example.ie>',
    text: 'It’s “smart” — €5.\n',
  },
  'windows-1251': {
    subject: 'Заказ отправлен',
    sender: 'Иван Петров <ivan@example.ru>',
    text: 'Здравствуйте!\n\nВаш заказ №4521 отправлен.\n',
  },
  'koi8-r': { subject: 'Привет', sender: 'Ольга <olga@example.ru>', text: 'Привет, как дела?\n' },
  'raw-8bit-headers': {
    subject: '会议纪要',
    sender: '李雷 <lilei@example.cn>',
    text: '会议纪要见下。\n',
  },
  'quoted-printable': {
    subject: 'Quoted-printable test',
    sender: 'QP Sender <qp@example.com>',
    text:
      'This line is deliberately long so that the quoted-printable encoder has to wrap it with soft ' +
      'line breaks, and it contains an equals sign: a=b, plus naïve café UTF-8 text.\nSecond line.\n',
  },
  'base64-body': {
    subject: 'Base64 body',
    sender: 'Base Sixtyfour <b64@example.de>',
    text: 'Base64 encoded body with UTF-8: Grüße aus München 🍺\n',
  },
  'broken-mime': {
    subject: 'Broken MIME',
    sender: 'Broken Mailer <broken@example.net>',
    text: 'Label says us-ascii, bytes are UTF-8: café, 你好.\n',
    attachments: [
      {
        filename: 'data.bin',
        mimeType: 'application/octet-stream',
        disposition: 'attachment',
        contentId: null,
        size: 8,
      },
    ],
  },
  'missing-headers': {
    subject: '',
    sender: '',
    text: 'A message without From, Subject, Date or Message-ID.\n',
    date: null,
    messageId: null,
  },
  'bare-lf': {
    subject: 'Bare LF line endings',
    sender: 'Unix Mailer <unix@example.org>',
    text: 'Line one.\nLine two.',
    html: '<p>Line one.<br>Line two.</p>',
  },
  'verification-en': {
    subject: 'Your Acme verification code',
    sender: 'Acme <no-reply@acme.example>',
    text:
      'Hi,\n\nYour Acme verification code is: 482913\n\nThis code expires in 10 minutes. If you did not ' +
      'request it, ignore this email.\n\nAcme Inc., 100 Main St, Springfield. Call 555-0100 for help.\n',
  },
  'verification-zh': {
    subject: '【示例科技】验证码',
    sender: '示例科技 <service@example.cn>',
    text: '【示例科技】您的验证码为：730615，5分钟内有效。请勿泄露给他人。如非本人操作，请忽略本短信。客服电话：400-820-8820\n',
  },
  'magic-link': {
    subject: 'Sign in to Example',
    sender: 'Example <login@app.example.com>',
    text: '',
    html: 'href="https://app.example.com/auth/magic-link?token=eyJhbGciOi.abc123&amp;redirect=%2Fdashboard"',
  },
  'spf-fail': {
    subject: 'Urgent: verify your account',
    sender: 'Bank Security <security@bank.example>',
    text: 'Your account is locked. Log in at http://bank.example.attacker.test/login now.\n',
  },
  'styled-newsletter': {
    subject: 'Confirm your email address',
    sender: 'Northwind <hello@northwind.example>',
    text:
      'Hi,\n\nConfirm your email address to finish creating your Northwind account.\n\n' +
      'Your verification code: 739204\n\nOr open this link: https://northwind.example/verify?token=Qx7f2\n\n' +
      'This code expires in 15 minutes.\n\nNorthwind Traders, 1 Harbour Road, Seaport\n' +
      'Unsubscribe: https://northwind.example/unsubscribe\n',
    html: '<span class="code">739204</span>',
  },
};

describe('parseMessage on the .eml fixtures', () => {
  it.each(EML_FIXTURES)('%s', async (name) => {
    const expected = EXPECTED[name];
    const parsed = await parseMessage(readEml(name));
    expect(parsed.subject).toBe(expected.subject);
    expect(parsed.sender).toBe(expected.sender);
    expect(parsed.text).toBe(expected.text);
    if (expected.html === '') expect(parsed.html).toBe('');
    else if (expected.html) expect(parsed.html).toContain(expected.html);
    if (expected.date !== undefined) expect(parsed.date).toBe(expected.date);
    if (expected.messageId !== undefined) expect(parsed.messageId).toBe(expected.messageId);
    const attachments = parsed.attachments.map(({ content: _content, ...meta }) => meta);
    expect(attachments).toEqual(expected.attachments ?? []);
    for (const attachment of parsed.attachments) {
      expect(attachment.content.byteLength).toBe(attachment.size);
    }
  });

  it('decodes attachment bytes exactly', async () => {
    const [pdf, csv, zip, nameless] = (await parseMessage(readEml('attachments'))).attachments;
    expect(sha256(pdf!.content)).toBe(
      '386efca461097ae1f4c36af8b67582584925fdc23248a70fa4ee51893d3628ed',
    );
    expect(Buffer.from(pdf!.content.subarray(0, 8)).toString('latin1')).toBe('%PDF-1.4');
    expect(Buffer.from(csv!.content).toString('utf8')).toBe('name,amount\nalice,10\nbob,20\n');
    expect(sha256(zip!.content)).toBe(
      '10c454894ac9a5cc46c9a8bdd44e2c1861d59e6f29779c0ed24219c70d4fdf06',
    );
    expect([...nameless!.content]).toEqual([0, 1, 2, 3]);
    const [logo] = (await parseMessage(readEml('inline-image'))).attachments;
    expect(sha256(logo!.content)).toBe(
      '4ff6ab670a58c14270e034e2090d9a432caa263a14e0a25785386b0c12f880b5',
    );
  });

  it('keeps recipients, the Date as ISO 8601 and the headers in order with lower-cased names', async () => {
    const parsed = await parseMessage(readEml('multipart-alternative'));
    expect(parsed.from).toEqual({ name: 'José García', address: 'jose@example.org' });
    expect(parsed.to).toEqual([{ name: 'Bob', address: 'tmp1@tmpmail.test' }]);
    expect(parsed.headers.map((h) => h.key)).toEqual([
      'received', 'from', 'to', 'subject', 'date', 'message-id', 'mime-version', 'content-type',
    ]); // prettier-ignore
    expect(parsed.headers[3]?.value).toBe('=?UTF-8?B?WW91ciB3ZWVrbHkgcmVwb3J0IPCfk4g=?=');
  });

  it('reads a string as well as bytes', async () => {
    const raw = Buffer.from(readEml('plain-text')).toString('utf8');
    expect((await parseMessage(raw)).subject).toBe('Lunch on Friday?');
  });
});

describe('parseMessage on broken input', () => {
  it('returns empty fields for empty input and garbage', async () => {
    const empty = await parseMessage(new Uint8Array());
    expect(empty).toEqual({
      messageId: null, subject: '', from: null, sender: '', to: [], date: null,
      text: '', html: '', attachments: [], headers: [],
    }); // prettier-ignore
    const garbage = await parseMessage(new Uint8Array([0xff, 0xfe, 0x00, 0x0a, 0x80, 0x0d]));
    expect(garbage.sender).toBe('');
    expect(typeof garbage.text).toBe('string');
  });

  it('does not throw when postal-mime gives up, and keeps the headers', async () => {
    // more parts than postal-mime's limit of 10000
    const parts = Array.from({ length: 10_050 }, () => '--b\r\n\r\nx\r\n').join('');
    const raw = `From: A <a@x.test>\r\nSubject: many parts\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n${parts}--b--\r\n`;
    const parsed = await parseMessage(raw);
    expect(parsed.subject).toBe('many parts');
    expect(parsed.sender).toBe('A <a@x.test>');
    expect(parsed.text).toBe(''); // the body was given up, not parsed
    expect(parsed.attachments).toEqual([]);
  });

  it('handles a multipart without a boundary parameter as text', async () => {
    const parsed = await parseMessage('Subject: x\nContent-Type: multipart/mixed\n\nhello\n');
    expect(parsed.text).toBe('hello\n');
  });

  it('falls back for unknown charsets and unparseable dates', async () => {
    const parsed = await parseMessage(
      'Subject: =?x-unknown?Q?caf=C3=A9?=\nDate: someday\nContent-Type: text/plain; charset=x-martian\n\ncafé\n',
    );
    expect(parsed.subject).toBe('café');
    expect(parsed.text).toBe('café\n');
    expect(parsed.date).toBeNull();
  });

  it('maps groups and odd attachment metadata to the reference defaults', async () => {
    const raw = [
      'From: Team: first@x.test, second@x.test;',
      'To: undisclosed-recipients:;, "Carol" <carol@x.test>',
      'Content-Type: multipart/mixed; boundary=z',
      '',
      '--z',
      'Content-Type: bogus',
      'Content-Disposition: form-data; filename="  spaced   name.txt "',
      'Content-ID: <<id@x>>',
      '',
      'data',
      '--z--',
      '',
    ].join('\r\n');
    const parsed = await parseMessage(raw);
    expect(parsed.from).toEqual({ name: '', address: 'first@x.test' });
    expect(parsed.sender).toBe('<first@x.test>');
    expect(parsed.to).toEqual([{ name: 'Carol', address: 'carol@x.test' }]);
    expect(parsed.attachments.map(({ content: _c, ...meta }) => meta)).toEqual([
      {
        filename: 'spaced name.txt',
        mimeType: 'application/octet-stream',
        disposition: 'attachment',
        contentId: 'id@x',
        size: 4,
      },
    ]);
  });

  it('formats the sender exactly as the reference', () => {
    expect(formatSender({ name: 'Alice', address: 'alice@x.com' })).toBe('Alice <alice@x.com>');
    expect(formatSender({ name: '', address: 'alice@x.com' })).toBe('<alice@x.com>');
    expect(formatSender({ name: 'undisclosed-recipients', address: '' })).toBe(
      'undisclosed-recipients <>',
    );
    expect(formatSender(null)).toBe('');
  });
});

describe('parseMessage on a large message', () => {
  it('parses a 20 MiB attachment intact', async () => {
    const large = generateLargeMessage();
    expect(large.raw.byteLength).toBeGreaterThan(20 * 1024 * 1024);
    const parsed = await parseMessage(large.raw);
    expect(parsed.subject).toBe(large.subject);
    expect(parsed.text).toBe(large.text);
    expect(parsed.attachments).toHaveLength(1);
    const [attachment] = parsed.attachments;
    expect(attachment?.filename).toBe(large.filename);
    expect(attachment?.size).toBe(large.attachment.byteLength);
    expect(Buffer.compare(Buffer.from(attachment!.content), Buffer.from(large.attachment))).toBe(0);
  });
});
