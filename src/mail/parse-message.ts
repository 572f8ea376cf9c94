/**
 * @module Raw RFC 5322 bytes → ParsedMessage, with postal-mime (the parser the reference
 * uses, so `parsedMail` fields match). Tolerant by contract: broken MIME, missing headers,
 * bare LF, 8-bit headers and unknown charsets never throw; what cannot be read is "".
 */
import PostalMime, {
  addressParser,
  decodeWords,
  type Address,
  type Attachment,
  type Email,
} from 'postal-mime';
import { repairDecodedText } from './charsets.js';
import { declaredCharset, decodeLegacyHeaders } from './legacy-headers.js';
import type { ParsedAddress, ParsedAttachment, ParsedMessage } from './parsed-message.js';

const encoder = new TextEncoder();

/** Reference defaults for `parsedMail.attachments` (§1.3). */
const DEFAULT_FILENAME = 'attachment';
const DEFAULT_MIME_TYPE = 'application/octet-stream';
const MIME_TYPE_SHAPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/;

const EMPTY_EMAIL: Email = { headers: [], headerLines: [], attachments: [] };

/**
 * Parses one raw message. Never throws: when postal-mime gives up (its part-count, nesting
 * or header-size limits), the header block alone is parsed, and failing that an empty
 * message is returned.
 */
export async function parseMessage(raw: Uint8Array | string): Promise<ParsedMessage> {
  const bytes = typeof raw === 'string' ? encoder.encode(raw) : raw;
  const email = await parseTolerantly(bytes);
  const legacy = decodeLegacyHeaders(
    bytes,
    declaredCharset(bytes, headerValue(email, 'content-type')),
  );
  const from = firstMailbox(
    legacyAddresses(legacy.get('from')) ?? (email.from ? [email.from] : []),
  );
  return {
    messageId: headerValue(email, 'message-id')?.trim() || null,
    subject: legacySubject(legacy.get('subject')) ?? repairDecodedText(email.subject ?? ''),
    from,
    sender: formatSender(from),
    to: flattenAddresses(legacyAddresses(legacy.get('to')) ?? email.to ?? []),
    date: isoDate(email.date),
    text: repairDecodedText(email.text ?? ''),
    html: repairDecodedText(email.html ?? ''),
    attachments: email.attachments.map(toParsedAttachment),
    headers: email.headers.map(({ key, value }) => ({ key, value })),
  };
}

async function parseTolerantly(bytes: Uint8Array): Promise<Email> {
  try {
    return await PostalMime.parse(bytes);
  } catch {
    // a limit was hit (e.g. EMAXPARTCOUNT): keep at least the headers
  }
  try {
    return await PostalMime.parse(headerBlock(bytes));
  } catch {
    return EMPTY_EMAIL;
  }
}

/** The header block followed by an empty body, so a parse of it sees no parts at all. */
function headerBlock(bytes: Uint8Array): Uint8Array {
  const end = findEmptyLine(bytes);
  return end < 0 ? bytes : bytes.subarray(0, end);
}

function findEmptyLine(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length - 1; i++) {
    if (bytes[i] === 0x0a && (bytes[i + 1] === 0x0a || bytes[i + 1] === 0x0d)) return i + 1;
  }
  return -1;
}

function headerValue(email: Email, key: string): string | undefined {
  return email.headers.find((header) => header.key === key)?.value;
}

function legacySubject(value: string | undefined): string | undefined {
  return value === undefined ? undefined : repairDecodedText(decodeWords(value));
}

function legacyAddresses(value: string | undefined): Address[] | undefined {
  if (value === undefined) return undefined;
  const addresses = addressParser(value);
  return addresses.length ? addresses : undefined;
}

/** Groups are flattened into their members; names are trimmed, addresses kept as written. */
function flattenAddresses(addresses: readonly Address[]): ParsedAddress[] {
  const flat: ParsedAddress[] = [];
  for (const entry of addresses) {
    if (entry.group) {
      for (const member of entry.group) flat.push(toParsedAddress(member.name, member.address));
    } else {
      flat.push(toParsedAddress(entry.name, entry.address));
    }
  }
  return flat;
}

function toParsedAddress(name: string | undefined, address: string | undefined): ParsedAddress {
  return { name: repairDecodedText((name ?? '').trim()), address: (address ?? '').trim() };
}

/**
 * From is one mailbox. A group (`Team: a@x, b@x;`) yields its first member; an empty group
 * (`undisclosed-recipients:;`) yields its name with an empty address.
 */
function firstMailbox(addresses: readonly Address[]): ParsedAddress | null {
  const first = addresses[0];
  if (!first) return null;
  if (!first.group) return toParsedAddress(first.name, first.address);
  const member = first.group[0];
  return member ? toParsedAddress(member.name, member.address) : toParsedAddress(first.name, '');
}

/** The reference's `sender`: `${name} <${address}>` trimmed, "" without a From header. */
export function formatSender(from: ParsedAddress | null): string {
  return from ? `${from.name} <${from.address}>`.trim() : '';
}

/** postal-mime gives ISO 8601 for a readable Date and the raw header otherwise. */
function isoDate(value: string | undefined): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function toParsedAttachment(attachment: Attachment): ParsedAttachment {
  const content = toBytes(attachment.content);
  const mimeType = (attachment.mimeType ?? '').trim().toLowerCase();
  const disposition = attachment.disposition;
  return {
    filename:
      repairDecodedText((attachment.filename ?? '').replace(/\s+/g, ' ').trim()) ||
      DEFAULT_FILENAME,
    mimeType: MIME_TYPE_SHAPE.test(mimeType) ? mimeType : DEFAULT_MIME_TYPE,
    // RFC 2183: an unknown disposition type is treated as "attachment"
    disposition: disposition === 'inline' ? 'inline' : disposition ? 'attachment' : null,
    contentId: stripAngleBrackets(attachment.contentId),
    size: content.byteLength,
    content,
  };
}

function toBytes(content: Attachment['content']): Uint8Array {
  if (typeof content === 'string') return encoder.encode(content);
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}

function stripAngleBrackets(contentId: string | undefined): string | null {
  const id = (contentId ?? '').trim().replace(/^<+/, '').replace(/>+$/, '').trim();
  return id || null;
}
