/**
 * @module Attachment stripping (reference §7.1 step 6): when REMOVE_ALL_ATTACHMENT is on, or
 * REMOVE_EXCEED_SIZE_ATTACHMENT is on and the raw mail is 2 MiB or more, the stored mail is
 * rebuilt from its parsed headers, text and HTML, without any attachment.
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import type { ParsedAddress, ParsedMessage } from './parsed-message.js';

/** The reference's threshold for REMOVE_EXCEED_SIZE_ATTACHMENT: 2 MiB, inclusive. */
export const STRIP_THRESHOLD_BYTES = 2 * 1024 * 1024;
/** The reference's subject when the mail had none (or it could not be read). */
export const FALLBACK_SUBJECT = 'Failed to parse email subject';

export interface StripOptions {
  removeAll: boolean;
  removeExceedSize: boolean;
}

export interface Envelope {
  /** SMTP MAIL FROM. */
  from: string;
  /** SMTP RCPT TO of this copy. */
  to: string;
}

/** Whether a raw mail of `size` bytes is to be stored without its attachments. */
export function shouldStripAttachments(size: number, options: StripOptions): boolean {
  return options.removeAll || (options.removeExceedSize && size >= STRIP_THRESHOLD_BYTES);
}

/**
 * Rebuilds the mail as RFC 5322 text with From, To, Subject, Date and Message-ID of the
 * original (envelope addresses when the headers have none), and its text and HTML parts.
 * A mail without a Message-ID gets a generated one, as with the reference. The number of
 * removed attachments is recorded in `X-Tmpmail-Attachments-Removed`.
 */
export async function stripAttachments(parsed: ParsedMessage, envelope: Envelope): Promise<string> {
  const date = headerValue(parsed, 'date');
  const composer = new MailComposer({
    from: parsed.from?.address ? mailbox(parsed.from) : envelope.from,
    to: parsed.to.some((to) => to.address)
      ? parsed.to.filter((to) => to.address).map(mailbox)
      : envelope.to,
    subject: parsed.subject || FALLBACK_SUBJECT,
    ...(date ? { date: parsed.date ? new Date(parsed.date) : date } : {}),
    ...(parsed.messageId ? { messageId: parsed.messageId } : {}),
    ...(parsed.text ? { text: parsed.text } : {}),
    ...(parsed.html ? { html: parsed.html } : {}),
    headers: { 'X-Tmpmail-Attachments-Removed': String(parsed.attachments.length) },
    // the content is mail from strangers: never let it point the composer at files or URLs
    disableFileAccess: true,
    disableUrlAccess: true,
    newline: 'windows',
  });
  const built = await composer.compile().build();
  return built.toString('utf8');
}

function mailbox({ name, address }: ParsedAddress): { name: string; address: string } {
  return { name, address };
}

function headerValue(parsed: ParsedMessage, key: string): string | undefined {
  return parsed.headers.find((header) => header.key === key)?.value.trim() || undefined;
}
