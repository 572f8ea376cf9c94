/**
 * A tiny SMTP client on a raw socket, for protocol tests that nodemailer would never send
 * (early talkers, pipelining by hand, overlong lines, dropped connections). It reads the server's
 * replies line by line and hands them out in order; every wait is on a reply or on the socket
 * closing, never on a timer.
 */
import { connect, type Socket } from 'node:net';

export interface SmtpReply {
  code: number;
  /** The text of every line, without the code and separator. */
  lines: string[];
  /** All lines joined by newlines, codes included, for assertion messages. */
  text: string;
}

export interface RawSmtpClient {
  socket: Socket;
  /** The next reply from the server (multi-line replies joined); rejects once the socket closed. */
  reply(): Promise<SmtpReply>;
  /** Writes bytes as they are (no line ending added). */
  write(data: string | Uint8Array): void;
  /** Writes one command line (CRLF added) and waits for its reply. */
  command(line: string): Promise<SmtpReply>;
  /** Resolves when the server has closed the connection (or it was destroyed). */
  closed: Promise<void>;
  /** Sends QUIT when still open, then waits for the close. */
  quit(): Promise<void>;
  /** Drops the connection at once (no QUIT). */
  destroy(): void;
}

export interface ConnectOptions {
  /** Wait for the 220 greeting before resolving (default). */
  waitGreeting?: boolean;
  /** Written the moment the TCP connection opens, before any greeting (early-talker tests). */
  sendOnConnect?: string;
}

export async function connectRaw(
  port: number,
  options: ConnectOptions = {},
): Promise<{ client: RawSmtpClient; greeting: SmtpReply | null }> {
  const socket = connect({ host: '127.0.0.1', port });
  const replies: SmtpReply[] = [];
  const waiters: { resolve(r: SmtpReply): void; reject(e: Error): void }[] = [];
  let pendingLines: string[] = [];
  let buffered = '';
  let isClosed = false;

  const closed = new Promise<void>((resolve) => {
    socket.once('close', () => {
      isClosed = true;
      for (const waiter of waiters.splice(0)) waiter.reject(new Error('connection closed'));
      resolve();
    });
  });
  // A reset from a server that refused us is an expected outcome here, not a test failure.
  socket.on('error', () => undefined);

  socket.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    let newline: number;
    while ((newline = buffered.indexOf('\r\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 2);
      pendingLines.push(line);
      // "250-..." continues a reply, "250 ..." (or a bare code) ends it.
      if (line.length === 3 || line[3] === ' ') {
        const reply: SmtpReply = {
          code: Number(line.slice(0, 3)),
          lines: pendingLines.map((l) => l.slice(4)),
          text: pendingLines.join('\n'),
        };
        pendingLines = [];
        const waiter = waiters.shift();
        if (waiter) waiter.resolve(reply);
        else replies.push(reply);
      }
    }
  });

  function reply(): Promise<SmtpReply> {
    const ready = replies.shift();
    if (ready) return Promise.resolve(ready);
    if (isClosed) return Promise.reject(new Error('connection closed'));
    return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
  }

  const write = (data: string | Uint8Array) => {
    if (!socket.destroyed) socket.write(data);
  };

  const client: RawSmtpClient = {
    socket,
    reply,
    write,
    command(line) {
      write(`${line}\r\n`);
      return reply();
    },
    closed,
    async quit() {
      if (!isClosed && !socket.destroyed) {
        write('QUIT\r\n');
        socket.end();
      }
      await closed;
    },
    destroy() {
      socket.destroy();
    },
  };

  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => {
      if (options.sendOnConnect !== undefined) socket.write(options.sendOnConnect);
      resolve();
    });
    socket.once('error', reject);
  });
  const greeting = options.waitGreeting === false ? null : await reply();
  return { client, greeting };
}

/** Opens a session and says EHLO; fails the test unless both succeed. */
export async function openSession(port: number): Promise<RawSmtpClient> {
  const { client, greeting } = await connectRaw(port);
  if (greeting?.code !== 220) throw new Error(`unexpected greeting: ${greeting?.text}`);
  const ehlo = await client.command('EHLO client.test');
  if (ehlo.code !== 250) throw new Error(`unexpected EHLO reply: ${ehlo.text}`);
  return client;
}

/** The DATA payload for `message`: dot-stuffed, ended with the terminator. */
export function dataPayload(message: string | Uint8Array): Buffer {
  const bytes = Buffer.from(typeof message === 'string' ? Buffer.from(message, 'utf8') : message);
  const stuffed = Buffer.from(
    bytes.toString('latin1').replace(/^\./, '..').replace(/\n\./g, '\n..'),
    'latin1',
  );
  // The terminator is CRLF.CRLF exactly; a message ending in a bare LF still needs its CRLF.
  const endsWithCrlf = stuffed.subarray(-2).toString('latin1') === '\r\n';
  return Buffer.concat([stuffed, Buffer.from(endsWithCrlf ? '.\r\n' : '\r\n.\r\n')]);
}

/**
 * One whole transaction on an open session: MAIL FROM, each RCPT TO, DATA, the message.
 * Returns every reply so the caller can assert on the one that matters.
 */
export async function transaction(
  client: RawSmtpClient,
  envelope: { from: string; to: readonly string[]; mailParams?: string },
  message: string | Uint8Array,
): Promise<{ mail: SmtpReply; rcpt: SmtpReply[]; data: SmtpReply | null; end: SmtpReply | null }> {
  const params = envelope.mailParams ? ` ${envelope.mailParams}` : '';
  const mail = await client.command(`MAIL FROM:<${envelope.from}>${params}`);
  const rcpt: SmtpReply[] = [];
  for (const to of envelope.to) rcpt.push(await client.command(`RCPT TO:<${to}>`));
  if (mail.code !== 250 || !rcpt.some((r) => r.code === 250)) {
    return { mail, rcpt, data: null, end: null };
  }
  const data = await client.command('DATA');
  if (data.code !== 354) return { mail, rcpt, data, end: null };
  client.write(dataPayload(message));
  return { mail, rcpt, data, end: await client.reply() };
}
