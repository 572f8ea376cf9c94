/**
 * @module The mail part of the storage port: received mails, stored and read by address (and
 * by the admin across addresses).
 */
import type { Page } from './page.js';

/** A received mail to store: raw MIME (plain or gzip) plus fields parsed once at intake. */
export interface NewMail {
  /** Recipient address as stored (lower-case, decisions.md 1). */
  address: string;
  /** Envelope sender (MAIL FROM). */
  source: string;
  messageId: string | null;
  /** Raw MIME text, or null when `rawGzip` holds it. */
  raw: string | null;
  rawGzip: Uint8Array | null;
  /** JSON text of `{ai_extract, extracted_at}`, or null. */
  metadata: string | null;
  subject: string;
  /** Display form of From: `Name <addr>`, or "" when absent. */
  sender: string;
  /** Size of the raw MIME in bytes. */
  size: number;
  /** JSON array of `{filename, mimeType, disposition, size, contentId}`. */
  attachments: string;
}

/** A stored mail row: the reference's columns plus the parsed ones. `raw_blob` stays internal. */
export interface MailRecord {
  id: number;
  message_id: string | null;
  source: string | null;
  address: string | null;
  raw: string | null;
  raw_blob: Uint8Array | null;
  metadata: string | null;
  created_at: string;
  subject: string | null;
  sender: string | null;
  size: number | null;
  attachments: string | null;
}

export interface MailListQuery {
  limit: number;
  offset: number;
  /**
   * False: `raw` and `raw_blob` are not read (null in the results), for lists that show the
   * summary columns only; a page of large mails then costs no more than one of small ones.
   */
  withRaw?: boolean;
}

export interface MailStore {
  /** Stores mails in one transaction; returns their ids in order. */
  insertMany(mails: readonly NewMail[], now: string): Promise<number[]>;
  /** Newest first; `count` only when offset is 0. */
  listForAddress(address: string, query: MailListQuery): Promise<Page<MailRecord>>;
  /** Mails of `address` with id greater than `afterId`, oldest first (long-poll, SSE catch-up). */
  listNewer(address: string, afterId: number, limit: number): Promise<MailRecord[]>;
  findForAddress(address: string, id: number): Promise<MailRecord | undefined>;
  deleteForAddress(address: string, id: number): Promise<boolean>;
  clearAddress(address: string): Promise<number>;
  /** Admin: every mail, optionally of one exact address. */
  list(query: MailListQuery & { address?: string | undefined }): Promise<Page<MailRecord>>;
  /** Admin: mails whose address has no `address` row. */
  listUnknown(query: MailListQuery): Promise<Page<MailRecord>>;
  findById(id: number): Promise<MailRecord | undefined>;
  deleteById(id: number): Promise<boolean>;
  count(): Promise<number>;
}
