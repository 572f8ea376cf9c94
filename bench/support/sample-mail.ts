/**
 * @module The benchmark mail: a realistic ~10 KB MIME message composed once by nodemailer (plain
 * text with a verification code, plus a 3 KB binary attachment), cheap to stamp with a unique
 * Message-ID per copy.
 */
import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';

const ID_MARK = 'BENCHMAILID';
const WORDS = [
  'account',
  'confirm',
  'your',
  'address',
  'please',
  'the',
  'code',
  'below',
  'expires',
  'minutes',
  'thank',
  'you',
  'for',
  'signing',
  'up',
  'service',
  'security',
  'notice',
  'request',
  'ignore',
];

/** Words from a fixed sequence (the same mail every run), wrapped at 72 columns for 7bit. */
function bodyText(chars: number): string {
  const lines: string[] = [];
  let line = '';
  let seed = 7;
  let length = 0;
  while (length < chars) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const word = WORDS[seed % WORDS.length] ?? 'x';
    if (line.length + word.length + 1 > 72) {
      lines.push(line);
      length += line.length + 2;
      line = '';
    }
    line = line ? `${line} ${word}` : word;
  }
  return `Your verification code is 482913.\n\n${lines.join('\n')}\nQuestions? Write to support@example.org.\n`;
}

export interface SampleMail {
  /** Size in bytes of one copy on the wire (without the SMTP terminator). */
  bytes: number;
  /** The message as text, with `idMark` where each copy's Message-ID number goes. */
  template: string;
  idMark: string;
  /** The copy with this Message-ID number, dot-stuffed and ending in CRLF. */
  render(id: number): Buffer;
  /** The same, followed by the SMTP end-of-data line `.\r\n`. */
  renderForData(id: number): Buffer;
}

/**
 * Composes the mail once; `textChars` and `attachmentBytes` (0: no attachment) set the size,
 * ~10 KB by default.
 */
export async function composeSampleMail(
  options: { textChars?: number; attachmentBytes?: number } = {},
): Promise<SampleMail> {
  const attachmentBytes = options.attachmentBytes ?? 3000;
  const transport = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'windows',
  });
  const info = await transport.sendMail({
    from: '"Bench Sender" <sender@example.org>',
    to: 'inbox@bench.test',
    subject: 'Confirm your address',
    messageId: `<${ID_MARK}@bench.test>`,
    date: new Date('2026-01-01T00:00:00Z'),
    text: bodyText(options.textChars ?? 5400),
    attachments:
      attachmentBytes > 0
        ? [{ filename: 'receipt.bin', content: randomBytes(attachmentBytes) }]
        : [],
  });
  // RFC 5321 §4.5.2 dot-stuffing; the stamped id is digits only, so it never adds a dot line.
  const text = (info.message as Buffer).toString('latin1').replace(/\r\n\./g, '\r\n..');
  const withCrlf = text.endsWith('\r\n') ? text : `${text}\r\n`;
  const [head = '', tail = ''] = withCrlf.split(ID_MARK);
  const headBytes = Buffer.from(head, 'latin1');
  const tailBytes = Buffer.from(tail, 'latin1');
  const dataTail = Buffer.from(`${tail}.\r\n`, 'latin1');
  return {
    bytes: headBytes.length + tailBytes.length + 6,
    template: withCrlf,
    idMark: ID_MARK,
    render: (id) => Buffer.concat([headBytes, Buffer.from(String(id)), tailBytes]),
    renderForData: (id) => Buffer.concat([headBytes, Buffer.from(String(id)), dataTail]),
  };
}
