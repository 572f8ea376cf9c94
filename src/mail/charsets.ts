/**
 * @module Charset helpers for the repairs parse-message makes on top of postal-mime: find a
 * decoder for a label real mail uses, tell UTF-8 from legacy bytes, and undo a windows-1252
 * reading of bytes that were UTF-8 all along.
 */
import { TextDecoder } from 'node:util';

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/**
 * Labels mail clients write that are not WHATWG Encoding Standard labels (code-page
 * spellings mostly), mapped to the encoding they mean.
 */
const LABEL_ALIASES: Readonly<Record<string, string>> = {
  cp936: 'gbk',
  ms936: 'gbk',
  'windows-936': 'gbk',
  'x-mac-chinesesimp': 'gbk',
  cp950: 'big5',
  'windows-950': 'big5',
  'x-mac-chinesetrad': 'big5',
  cp932: 'shift_jis',
  'windows-932': 'shift_jis',
  cp949: 'euc-kr',
  'windows-949': 'euc-kr',
  uhc: 'euc-kr',
  cp20866: 'koi8-r',
  cp28591: 'iso-8859-1',
  cp28605: 'iso-8859-15',
  cp65001: 'utf-8',
};

const decoders = new Map<string, TextDecoder | null>();

/** A decoder for a charset label, or null when the label names no encoding Node knows. */
export function decoderFor(label: string | null | undefined): TextDecoder | null {
  const key = (label ?? '')
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, '');
  if (!key) return null;
  let decoder = decoders.get(key);
  if (decoder === undefined) {
    decoder = null;
    for (const candidate of [key, LABEL_ALIASES[key], key.replace(/_/g, '-')]) {
      if (!candidate) continue;
      try {
        decoder = new TextDecoder(candidate);
        break;
      } catch {
        // not a label Node knows; try the next spelling
      }
    }
    decoders.set(key, decoder);
  }
  return decoder;
}

/** Whether the bytes are well-formed UTF-8. */
export function isUtf8(bytes: Uint8Array): boolean {
  try {
    utf8Strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Whether any byte has the high bit set, i.e. the bytes are not plain ASCII. */
export function hasEightBit(bytes: Uint8Array): boolean {
  for (const byte of bytes) if (byte >= 0x80) return true;
  return false;
}

/** windows-1252 code points for bytes 0x80–0x9f (WHATWG); the other bytes map to themselves. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152,
  0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122,
  0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];
const CP1252_REVERSE = new Map(CP1252_HIGH.map((codePoint, index) => [codePoint, 0x80 + index]));

/** The bytes a windows-1252 decoder turned into this string, or null if it holds other characters. */
export function encodeWindows1252(text: string): Uint8Array | null {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const byte = code < 0x80 || (code >= 0xa0 && code <= 0xff) ? code : CP1252_REVERSE.get(code);
    if (byte === undefined) return null;
    bytes[i] = byte;
  }
  return bytes;
}

/**
 * Maps C1 control characters (U+0080–U+009F) to the windows-1252 characters of the same
 * byte. Node 20.18.3+ and 22.13+ decode windows-1252 (and so latin1, iso-8859-1 and
 * us-ascii, which WHATWG maps to it) as plain Latin-1, turning `’ “ ” — €` into invisible
 * controls: https://github.com/nodejs/node/issues/60888. Real mail text never means a C1
 * control, so the mapping is right whether or not the runtime has the bug.
 */
export function fixC1Controls(text: string): string {
  if (!/[\u0080-\u009f]/.test(text)) return text;
  return text.replace(/[\u0080-\u009f]/g, (ch) =>
    String.fromCharCode(CP1252_HIGH[ch.charCodeAt(0) - 0x80] ?? ch.charCodeAt(0)),
  );
}

/** Both repairs, in the order they depend on: controls first, then mojibake. */
export function repairDecodedText(text: string): string {
  return repairMojibake(fixC1Controls(text));
}

/**
 * A UTF-8 lead byte read as Latin-1 (Â–ô) followed by what a continuation byte reads as.
 * Cheap pre-check so that repairMojibake only re-encodes text that can be mojibake.
 */
const MOJIBAKE_HINT =
  /[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]/;

/**
 * Undo "UTF-8 bytes read as windows-1252/Latin-1" (mail labelled us-ascii or iso-8859-1
 * whose body is really UTF-8, a common generator bug): when every character maps back to a
 * windows-1252 byte and those bytes are valid UTF-8 with at least one multi-byte sequence,
 * the UTF-8 reading is returned. Genuine Latin-1 text practically never forms valid UTF-8
 * multi-byte sequences, so correct text is left alone.
 */
export function repairMojibake(text: string): string {
  if (!MOJIBAKE_HINT.test(text)) return text;
  const bytes = encodeWindows1252(text);
  if (!bytes || !isUtf8(bytes)) return text;
  return utf8Strict.decode(bytes);
}
