/**
 * @module Reading and deleting stored mail (reference §1.3 rows 5–11, §1.6 rows 8–11): the
 * reference's row shapes, raw text resolved from compressed storage, parsed views on demand,
 * attachments and the exact raw bytes for download.
 */
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { ParsedMessage } from '../../mail/parsed-message.js';
import { summarizeAttachments } from '../../mail/summarize-attachments.js';
import type { MailListQuery, MailRecord, Page, Store } from '../../storage/ports.js';
import { DomainError } from '../errors.js';

const gunzipAsync = promisify(gunzip);

/** The reference's `mailRow` plus our parsed summary columns; `raw_blob` never leaves. */
export interface MailRow {
  id: number;
  message_id: string | null;
  source: string | null;
  address: string | null;
  raw: string;
  metadata: string | null;
  created_at: string;
  subject: string | null;
  sender: string | null;
  size: number | null;
}

/** A mail row without `raw`: what lists asked for with `raw=false` return. */
export type MailSummaryRow = Omit<MailRow, 'raw'>;

/** The reference's `parsedMail`. */
export interface ParsedMailRow extends Omit<MailRow, 'raw' | 'subject' | 'sender'> {
  sender: string;
  subject: string;
  text: string;
  html: string;
  attachments: {
    filename: string;
    mimeType: string;
    disposition: string | null;
    size: number;
    contentId: string | null;
  }[];
}

export interface MailboxDeps {
  store: Store;
  parse(raw: Uint8Array): Promise<ParsedMessage>;
  /** ENABLE_USER_DELETE_EMAIL: whether address owners may delete. */
  allowOwnerDelete: boolean;
}

async function rawBytes(record: MailRecord): Promise<Uint8Array> {
  if (record.raw_blob) return gunzipAsync(record.raw_blob);
  return new TextEncoder().encode(record.raw ?? '');
}

/** A stored mail as the API returns it (raw text resolved from compressed storage). */
export async function toRow(record: MailRecord): Promise<MailRow> {
  const raw = record.raw_blob
    ? new TextDecoder().decode(await gunzipAsync(record.raw_blob))
    : (record.raw ?? '');
  return {
    id: record.id,
    message_id: record.message_id,
    source: record.source,
    address: record.address,
    raw,
    metadata: record.metadata,
    created_at: record.created_at,
    subject: record.subject,
    sender: record.sender,
    size: record.size,
  };
}

/** A stored mail's summary columns; its message is neither read nor decompressed. */
export function toSummaryRow(record: MailRecord): MailSummaryRow {
  return {
    id: record.id,
    message_id: record.message_id,
    source: record.source,
    address: record.address,
    metadata: record.metadata,
    created_at: record.created_at,
    subject: record.subject,
    sender: record.sender,
    size: record.size,
  };
}

/** The rows of a page as the query asked: whole (the reference's shape) or summaries. */
export async function toRows(
  page: Page<MailRecord>,
  query: MailListQuery,
): Promise<Page<MailRow | MailSummaryRow>> {
  const results =
    query.withRaw === false
      ? page.results.map(toSummaryRow)
      : await Promise.all(page.results.map(toRow));
  return { results, count: page.count };
}

export function createMailbox(deps: MailboxDeps) {
  const { store } = deps;

  async function toParsed(record: MailRecord): Promise<ParsedMailRow> {
    const parsed = await deps.parse(await rawBytes(record));
    const { raw: _raw, subject: _s, sender: _f, ...row } = await toRow(record);
    return {
      ...row,
      sender: parsed.sender,
      subject: parsed.subject,
      text: parsed.text,
      html: parsed.html,
      attachments: summarizeAttachments(parsed.attachments),
    };
  }

  const page = async <T>(
    p: Page<MailRecord>,
    map: (r: MailRecord) => Promise<T>,
  ): Promise<Page<T>> => ({
    results: await Promise.all(p.results.map(map)),
    count: p.count,
  });

  function assertOwnerMayDelete(): void {
    if (!deps.allowOwnerDelete) throw new DomainError('user_delete_disabled');
  }

  return {
    list: async (address: string, query: MailListQuery) =>
      toRows(await store.mails.listForAddress(address, query), query),
    listParsed: async (address: string, query: MailListQuery) =>
      page(await store.mails.listForAddress(address, query), toParsed),
    /** The mail if `address` owns it, else null (the reference answers null, not 404). */
    async get(address: string, id: number): Promise<MailRow | null> {
      const record = await store.mails.findForAddress(address, id);
      return record ? toRow(record) : null;
    },
    async getParsed(address: string, id: number): Promise<ParsedMailRow | null> {
      const record = await store.mails.findForAddress(address, id);
      return record ? toParsed(record) : null;
    },
    /** Mails newer than `afterId`, oldest first (long-poll and live updates). */
    async newer(address: string, afterId: number, limit: number): Promise<MailRow[]> {
      return Promise.all((await store.mails.listNewer(address, afterId, limit)).map(toRow));
    },
    async remove(address: string, id: number): Promise<boolean> {
      assertOwnerMayDelete();
      return store.mails.deleteForAddress(address, id);
    },
    async clear(address: string): Promise<void> {
      assertOwnerMayDelete();
      await store.mails.clearAddress(address);
    },
    /** The exact stored bytes of a mail of `address` (RFC 822 download). */
    async raw(address: string, id: number): Promise<Uint8Array> {
      const record = await store.mails.findForAddress(address, id);
      if (!record) throw new DomainError('mail_not_found');
      return rawBytes(record);
    },
    /** One attachment of a mail of `address`, by its position in the parsed list. */
    async attachment(address: string, id: number, index: number) {
      const record = await store.mails.findForAddress(address, id);
      const attachment = record
        ? (await deps.parse(await rawBytes(record))).attachments[index]
        : undefined;
      if (!attachment) throw new DomainError('mail_not_found');
      return attachment;
    },
    /** The part of a mail of `address` whose Content-ID is `contentId` (`cid:` references). */
    async attachmentByContentId(address: string, id: number, contentId: string) {
      const record = await store.mails.findForAddress(address, id);
      const wanted = contentId.replace(/^<|>$/g, '');
      const attachment = record
        ? (await deps.parse(await rawBytes(record))).attachments.find(
            (a) => a.contentId !== null && a.contentId === wanted,
          )
        : undefined;
      if (!attachment) throw new DomainError('mail_not_found');
      return attachment;
    },

    // --- admin views: any address ---
    adminList: async (query: MailListQuery & { address?: string | undefined }) =>
      toRows(await store.mails.list(query), query),
    adminListUnknown: async (query: MailListQuery) =>
      toRows(await store.mails.listUnknown(query), query),
    async adminGet(id: number): Promise<MailRow | null> {
      const record = await store.mails.findById(id);
      return record ? toRow(record) : null;
    },
    adminRemove: (id: number) => store.mails.deleteById(id),
    async adminClear(addressId: number): Promise<void> {
      const row = await store.addresses.findById(addressId);
      if (!row) throw new DomainError('address_not_found');
      await store.mails.clearAddress(row.name);
    },
  };
}

export type Mailbox = ReturnType<typeof createMailbox>;
