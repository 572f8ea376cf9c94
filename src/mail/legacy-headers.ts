/**
 * @module Raw 8-bit header text in a legacy charset. Many Chinese, Japanese and Korean
 * senders write Subject and From names as raw GBK/Big5/Shift_JIS bytes instead of RFC 2047
 * encoded words. postal-mime reads such a line as windows-1252 (it cannot know better), so
 * here the top-level header block is re-read from the raw bytes and decoded in the charset the
 * message declares for its text.
 */
import { decoderFor, hasEightBit, isUtf8 } from './charsets.js';

/** Header blocks are small; looking further would only scan attachment data. */
const MAX_HEADER_BYTES = 256 * 1024;
/** Where a `charset=` of the first text part is looked for (reason: see MAX_HEADER_BYTES). */
const MAX_CHARSET_SCAN_BYTES = 64 * 1024;

const latin1 = new TextDecoder('latin1');

/** End of the header block: offset of the first empty line (CRLF or bare LF), or the scan limit. */
function headerBlockEnd(bytes: Uint8Array): number {
  const limit = Math.min(bytes.length, MAX_HEADER_BYTES);
  for (let i = 0; i < limit; i++) {
    if (bytes[i] !== 0x0a) continue;
    if (bytes[i + 1] === 0x0a) return i + 1;
    if (bytes[i + 1] === 0x0d && bytes[i + 2] === 0x0a) return i + 1;
  }
  return limit;
}

/** Splits the header block into unfolded fields: name (lower-cased) and raw value bytes. */
function rawHeaderFields(bytes: Uint8Array): { key: string; value: Uint8Array }[] {
  const block = bytes.subarray(0, headerBlockEnd(bytes));
  const fields: { key: string; value: Uint8Array }[] = [];
  let start = 0;
  while (start < block.length) {
    let end = start;
    // a field ends at a line break not followed by whitespace (a fold continues the field)
    while (end < block.length) {
      if (block[end] === 0x0a && block[end + 1] !== 0x20 && block[end + 1] !== 0x09) break;
      end++;
    }
    const line = block.subarray(start, end);
    const colon = line.indexOf(0x3a);
    if (colon > 0) {
      const key = latin1.decode(line.subarray(0, colon)).trim().toLowerCase();
      fields.push({ key, value: unfold(line.subarray(colon + 1)) });
    }
    start = end + 1;
  }
  return fields;
}

/** Removes CR and LF of folds; the whitespace that follows each stays, as RFC 5322 unfolds. */
function unfold(value: Uint8Array): Uint8Array {
  return value.filter((byte) => byte !== 0x0d && byte !== 0x0a);
}

/**
 * The charset a message declares for its text: the top-level Content-Type charset, else the
 * first `charset=` in the message start (the first text part of a multipart).
 */
export function declaredCharset(bytes: Uint8Array, contentType: string | undefined): string | null {
  const pattern = /charset\s*=\s*"?([\w.:-]+)/i;
  const fromHeader = contentType ? pattern.exec(contentType) : null;
  if (fromHeader?.[1]) return fromHeader[1].toLowerCase();
  const start = latin1.decode(bytes.subarray(0, MAX_CHARSET_SCAN_BYTES));
  return pattern.exec(start)?.[1]?.toLowerCase() ?? null;
}

/**
 * Top-level header values that are raw 8-bit text but not UTF-8, decoded in `charset`,
 * keyed by lower-cased name (first occurrence wins). Empty when the charset is unknown or
 * is one postal-mime already applies (UTF-8, and windows-1252 which it falls back to).
 */
export function decodeLegacyHeaders(
  bytes: Uint8Array,
  charset: string | null,
): Map<string, string> {
  const found = new Map<string, string>();
  const decoder = decoderFor(charset);
  if (!decoder || decoder.encoding === 'utf-8' || decoder.encoding === 'windows-1252') {
    return found;
  }
  for (const { key, value } of rawHeaderFields(bytes)) {
    if (found.has(key) || !hasEightBit(value) || isUtf8(value)) continue;
    found.set(key, decoder.decode(value).trim());
  }
  return found;
}
