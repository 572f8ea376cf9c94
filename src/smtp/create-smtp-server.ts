/**
 * @module Inbound SMTP (smtp-server) ↔ mail intake. Recipients are judged at RCPT TO (never an
 * open relay), senders at MAIL FROM, the size while DATA streams; the 250 after DATA is sent
 * only once every copy is stored.
 */
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { normalizeRecipient, type MailIntake } from '../domain/mail/mail-intake.js';
import type { Logger } from '../shared/logger.js';
import {
  MESSAGE_TOO_BIG,
  SERVER_BUSY,
  NO_VALID_RECIPIENTS,
  TOO_MANY_RECIPIENTS,
  replyFor,
  smtpError,
} from './smtp-replies.js';

export interface SmtpOptions {
  /** Name in the greeting and EHLO reply. */
  hostname: string;
  maxMessageBytes: number;
  maxRecipients: number;
  maxConnections: number;
  /** Message bytes all sessions together may hold in memory while reading DATA. */
  maxBufferedBytes: number;
  socketTimeoutMs: number;
  /** PEM key and certificate for STARTTLS; without them STARTTLS is not offered. */
  tls?: { key: Buffer; cert: Buffer } | undefined;
}

export interface SmtpServerDeps {
  intake: Pick<MailIntake, 'checkSender' | 'checkRecipient' | 'ingest'>;
  options: SmtpOptions;
  logger: Logger;
}

/** Reads the DATA stream into memory; resolves null when the size limit was exceeded. */
/**
 * Bytes of message data held in memory by all sessions together. Each session may hold up to
 * the message size limit, so without a shared budget many large messages at once could
 * exhaust memory; past the budget a message is refused with a temporary error instead.
 */
interface MemoryBudget {
  used: number;
  readonly max: number;
}

type ReadOutcome = Buffer | 'too-big' | 'over-budget';

/** Reads the DATA stream into memory within the size limit and the shared budget. */
function readMessage(stream: SMTPServerDataStream, budget: MemoryBudget): Promise<ReadOutcome> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let held = 0;
    let overBudget = false;
    const release = () => {
      budget.used -= held;
      held = 0;
      chunks.length = 0;
    };
    stream.on('data', (chunk: Buffer) => {
      // Past a limit the rest is read and dropped so the session can answer cleanly.
      if (stream.sizeExceeded || overBudget) return;
      if (budget.used + chunk.byteLength > budget.max) {
        overBudget = true;
        release();
        return;
      }
      budget.used += chunk.byteLength;
      held += chunk.byteLength;
      chunks.push(chunk);
    });
    stream.once('error', (error: Error) => {
      release();
      reject(error);
    });
    stream.once('end', () => {
      const outcome: ReadOutcome = stream.sizeExceeded
        ? 'too-big'
        : overBudget
          ? 'over-budget'
          : Buffer.concat(chunks);
      // The concatenated copy is what intake holds from here; the budget covers reading only.
      release();
      resolve(outcome);
    });
  });
}

export function createSmtpServer(deps: SmtpServerDeps): SMTPServer {
  const { intake, options, logger } = deps;
  const log = logger.child({ component: 'smtp' });
  const budget: MemoryBudget = { used: 0, max: options.maxBufferedBytes };

  const server = new SMTPServer({
    name: options.hostname,
    banner: 'tmpmail ESMTP',
    size: options.maxMessageBytes,
    maxClients: options.maxConnections,
    socketTimeout: options.socketTimeoutMs,
    // No authentication: this is an inbound MX, not a submission server.
    authOptional: true,
    disabledCommands: options.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    // Reverse DNS costs a lookup per connection and decides nothing here.
    disableReverseLookup: true,
    logger: false,

    onMailFrom(address, _session, callback) {
      intake.checkSender(address.address).then(
        () => callback(),
        (error: unknown) => callback(smtpError(replyFor(error))),
      );
    },

    onRcptTo(address, session, callback) {
      if (session.envelope.rcptTo.length >= options.maxRecipients) {
        return callback(smtpError(TOO_MANY_RECIPIENTS));
      }
      intake.checkRecipient(address.address).then(
        () => callback(),
        (error: unknown) => callback(smtpError(replyFor(error))),
      );
    },

    onData(stream, session: SMTPServerSession, callback) {
      readMessage(stream, budget)
        .then(async (raw) => {
          if (raw === 'too-big') return callback(smtpError(MESSAGE_TOO_BIG));
          if (raw === 'over-budget') return callback(smtpError(SERVER_BUSY));
          // Every recipient here passed checkRecipient at RCPT TO; only normalize again.
          const to = [
            ...new Set(session.envelope.rcptTo.map((r) => normalizeRecipient(r.address))),
          ];
          if (to.length === 0) return callback(smtpError(NO_VALID_RECIPIENTS));
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          const ids = await intake.ingest({ from, to, raw });
          log.debug({ from, to, ids, bytes: raw.byteLength }, 'mail stored');
          callback();
        })
        .catch((error: unknown) => {
          const reply = replyFor(error);
          if (reply.code >= 451 && reply.code < 500) log.error({ err: error }, 'mail not stored');
          callback(smtpError(reply));
        });
    },
  });
  // A client's socket error (reset, TLS failure) is emitted here; without a listener it would
  // crash the process.
  server.on('error', (err: Error) => log.warn({ err }, 'smtp connection error'));
  return server;
}
