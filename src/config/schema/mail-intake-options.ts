/**
 * @module Options of mail intake: the SMTP server and its limits, sender and junk-mail checks, what
 * is stored of each mail, the cleanup scheduler, and the live waits (long-poll, SSE) for new mail.
 */
import { bool, int, list, optionalStr, str, type OptionSpec } from '../option-kinds.js';

export const mailIntakeOptions = {
  DISABLE_SMTP: bool(false, {
    description:
      'Do not start the SMTP server (mail then arrives only through the HTTP ingest endpoint).',
  }),
  SMTP_HOST: str('127.0.0.1', {
    description:
      'Interface the SMTP server binds to. Loopback by default; use 0.0.0.0 in production.',
  }),
  SMTP_PORT: int(2525, {
    description: 'SMTP port (25 in production, usually mapped from 2525; 0 picks a free port).',
    min: 0,
    max: 65535,
  }),
  SMTP_HOSTNAME: optionalStr({
    description:
      'Name the SMTP server gives in its greeting and EHLO reply (default: the machine hostname).',
  }),
  SMTP_TLS_CERT: optionalStr({
    description: 'PEM certificate file for STARTTLS (with SMTP_TLS_KEY).',
  }),
  SMTP_TLS_KEY: optionalStr({ description: 'PEM private key file for STARTTLS.', secret: true }),
  SMTP_MAX_MESSAGE_BYTES: int(26_214_400, {
    description: 'Largest accepted message (advertised with EHLO SIZE; larger messages get 552).',
    min: 1024,
    max: 1_073_741_824,
  }),
  SMTP_MAX_BUFFERED_BYTES: int(536_870_912, {
    description:
      'Message bytes all SMTP sessions together may hold in memory; past it new data gets 452 (retry later).',
    min: 1_048_576,
    max: 68_719_476_736,
  }),
  SMTP_MAX_RECIPIENTS: int(100, {
    description: 'Most recipients one message may have (RCPT TO beyond it get 452).',
    min: 1,
    max: 10_000,
  }),
  SMTP_MAX_CONNECTIONS: int(500, {
    description: 'Most SMTP connections open at once; more are refused with 421.',
    min: 1,
    max: 100_000,
  }),
  SMTP_SOCKET_TIMEOUT_SECONDS: int(60, {
    description: 'Idle time after which an SMTP connection is closed.',
    min: 5,
    max: 3600,
  }),
  BLACK_LIST: str('', {
    description:
      'Comma-separated sender substrings refused at MAIL FROM (entries are not trimmed).',
  }),
  ENABLE_CHECK_JUNK_MAIL: bool(false, {
    description:
      'Refuse mail whose SPF/DKIM/DMARC results (Received-SPF, Authentication-Results) fail.',
  }),
  JUNK_MAIL_CHECK_LIST: list({
    description: 'Methods (spf, dkim, dmarc) that, when present, must pass.',
  }),
  JUNK_MAIL_FORCE_PASS_LIST: list({ description: 'Methods that must be present and pass.' }),
  REMOVE_ALL_ATTACHMENT: bool(false, { description: 'Strip attachments from every stored mail.' }),
  REMOVE_EXCEED_SIZE_ATTACHMENT: bool(false, {
    description: 'Strip attachments from mails of 2 MiB or more.',
  }),
  ENABLE_MAIL_GZIP: bool(false, { description: 'Store raw mail gzip-compressed.' }),
  ENABLE_AI_EMAIL_EXTRACT: bool(true, {
    description:
      "Extract verification codes and links into each mail's metadata (deterministic, no AI service).",
  }),
  E2E_TEST_MODE: bool(false, {
    description: 'Enable /admin/test/receive_mail and /admin/test/seed_mail (never in production).',
  }),
  CLEANUP_BATCH_SIZE: int(3000, {
    description: 'Most rows one cleanup step deletes per run.',
    min: 1,
    max: 5000,
  }),
  CLEANUP_INTERVAL_SECONDS: int(3600, {
    description: 'How often the scheduler runs the enabled automatic cleanups (0 turns it off).',
    min: 0,
    max: 7 * 86_400,
  }),
  LIVE_CONNECTIONS_MAX: int(10_000, {
    description:
      'Most long-poll and Server-Sent-Events connections one node holds open; more get 503 until some close.',
    min: 1,
    max: 1_000_000,
  }),
  LONG_POLL_MAX_SECONDS: int(60, {
    description: 'Longest a "wait for the next mail" request may be held open.',
    min: 1,
    max: 600,
  }),
  LIVE_DB_POLL_SECONDS: int(2, {
    description:
      'While a long-poll or SSE stream waits, how often it also reads the database, for mail stored by another node. With REDIS_URL, nodes tell each other at once and this is only the fallback.',
    min: 1,
    max: 600,
  }),
} satisfies Record<string, OptionSpec<unknown>>;
