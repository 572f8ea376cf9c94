/** @module The one table from intake outcomes to SMTP reply codes (RFC 5321, RFC 3463). */
import { DomainError, type DomainErrorCode } from '../domain/errors.js';

export interface SmtpReply {
  code: number;
  message: string;
}

const byCode: Partial<Record<DomainErrorCode, SmtpReply>> = {
  sender_blocked: { code: 550, message: '5.7.1 Reject from address' },
  recipient_domain_not_served: { code: 550, message: '5.7.1 Relay access denied' },
  unknown_recipient: { code: 550, message: '5.1.1 Unknown address' },
  junk_mail: { code: 550, message: '5.7.1 Junk mail' },
};

export const TOO_MANY_RECIPIENTS: SmtpReply = { code: 452, message: '4.5.3 Too many recipients' };
export const MESSAGE_TOO_BIG: SmtpReply = {
  code: 552,
  message: '5.3.4 Message exceeds the size limit',
};
export const SERVER_BUSY: SmtpReply = {
  code: 452,
  message: '4.3.1 Insufficient system resources, please try again later',
};
export const NO_VALID_RECIPIENTS: SmtpReply = { code: 554, message: '5.5.1 No valid recipients' };
// Anything unexpected (database down, disk full) is temporary: the sender keeps the message
// and retries, so nothing is lost (decisions.md 7).
export const TEMPORARY_FAILURE: SmtpReply = {
  code: 451,
  message: '4.3.0 Temporary failure, please try again later',
};

export function replyFor(error: unknown): SmtpReply {
  return (error instanceof DomainError && byCode[error.code]) || TEMPORARY_FAILURE;
}

/** An Error carrying the reply code, as smtp-server expects from callbacks. */
export function smtpError(reply: SmtpReply): Error & { responseCode: number } {
  return Object.assign(new Error(reply.message), { responseCode: reply.code });
}
