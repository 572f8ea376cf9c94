/** @module The result of parsing one raw RFC 5322 message (pure data, no I/O). */

export interface ParsedAddress {
  name: string;
  address: string;
}

export interface ParsedAttachment {
  /** "attachment" when the part had no usable name (reference default). */
  filename: string;
  /** "application/octet-stream" when unknown (reference default). */
  mimeType: string;
  disposition: 'attachment' | 'inline' | null;
  /** Content-ID without angle brackets, for cid: references of inline images. */
  contentId: string | null;
  size: number;
  content: Uint8Array;
}

export interface ParsedMessage {
  messageId: string | null;
  subject: string;
  from: ParsedAddress | null;
  /** The reference's `sender`: `"<name> <<address>>"` trimmed, "" without From. */
  sender: string;
  to: ParsedAddress[];
  /** The Date header as ISO 8601, or null when absent or unparseable. */
  date: string | null;
  text: string;
  html: string;
  attachments: ParsedAttachment[];
  /** Header lines in order, names lower-cased. */
  headers: { key: string; value: string }[];
}

/** Deterministic extraction result, stored as `metadata.ai_extract` (reference §7.1 step 9). */
export interface ExtractResult {
  type: 'auth_code' | 'auth_link' | 'service_link' | 'subscription_link' | 'other_link';
  result: string;
  result_text: string;
}
