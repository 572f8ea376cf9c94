/**
 * @module Attachment file names made safe for a Content-Disposition header and for the file
 * system of whoever downloads them: the Unicode name (RFC 5987/6266 `filename*`) plus an
 * ASCII fallback (`filename=`) for old clients.
 */

export interface SafeFilename {
  /** Unicode name without path parts, control, bidi-override or reserved characters. */
  filename: string;
  /** ASCII-only fallback for the plain `filename=` parameter (quoted-string safe). */
  asciiFallback: string;
  /** RFC 5987 ext-value for `filename*=`: `UTF-8''` + percent-encoded UTF-8. */
  encoded: string;
}

const DEFAULT_NAME = 'attachment';
/** Most file systems allow 255 bytes; 180 characters leave room for UTF-8 and suffixes. */
const MAX_NAME_CHARS = 180;
/** An extension longer than this is not an extension worth keeping when truncating. */
const MAX_EXTENSION_CHARS = 16;

/**
 * Controls (C0, DEL, C1) and format characters: bidi embeddings/overrides/isolates (they
 * make "gpj.exe" look like "exe.jpg"), zero-width characters, soft hyphens; and the
 * line/paragraph separators.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;
/** Characters Windows forbids in names, and quotes that would end a quoted-string. */
const RESERVED = /["*:<>?|]/g;
/** Half of a surrogate pair on its own: not encodable as UTF-8 (encodeURIComponent throws). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const WINDOWS_DEVICE_NAMES = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\..*)?$/i;

/** Makes `name` safe for download headers; an empty or unusable name becomes "attachment". */
export function safeAttachmentFilename(name: string | null | undefined): SafeFilename {
  const filename = sanitize(name ?? '');
  return { filename, asciiFallback: asciiFallback(filename), encoded: encodeRfc5987(filename) };
}

/** A complete Content-Disposition value: `attachment; filename="..."; filename*=UTF-8''...`. */
export function contentDisposition(
  name: string | null | undefined,
  type: 'attachment' | 'inline' = 'attachment',
): string {
  const safe = safeAttachmentFilename(name);
  return `${type}; filename="${safe.asciiFallback}"; filename*=${safe.encoded}`;
}

function sanitize(name: string): string {
  // the last path segment only: "../../etc/passwd" and "C:\\x\\evil.exe" keep their base name
  const wellFormed = name.replace(LONE_SURROGATE, '\ufffd');
  const base = wellFormed.normalize('NFC').split(/[/\\]/).pop() ?? '';
  const cleaned = base
    .replace(INVISIBLE, '')
    .replace(RESERVED, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if (!cleaned) return DEFAULT_NAME;
  const safe = WINDOWS_DEVICE_NAMES.test(cleaned) ? `_${cleaned}` : cleaned;
  return truncate(safe);
}

/** Cuts to MAX_NAME_CHARS code points, keeping a short extension. */
function truncate(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= MAX_NAME_CHARS) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot) : '';
  const keep = Array.from(extension).length <= MAX_EXTENSION_CHARS ? extension : '';
  const stem = Array.from(keep ? name.slice(0, dot) : name);
  return (
    stem
      .slice(0, MAX_NAME_CHARS - Array.from(keep).length)
      .join('')
      .trimEnd() + keep
  );
}

/** Accents dropped ("é" → "e"), other non-ASCII replaced by "_", runs of "_" collapsed. */
function asciiFallback(filename: string): string {
  const ascii = filename
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    // some clients percent-decode or unescape the plain parameter: keep it literal
    .replace(/[%\\"]/g, '_')
    .replace(/_+/g, '_');
  const dot = ascii.lastIndexOf('.');
  const stem = dot > 0 ? ascii.slice(0, dot) : ascii;
  const extension = dot > 0 ? ascii.slice(dot) : '';
  // nothing readable left of the name ("报告.pdf" → "_.pdf"): use the default stem
  if (!/[A-Za-z0-9]/.test(stem))
    return `${DEFAULT_NAME}${/^\.[A-Za-z0-9]+$/.test(extension) ? extension : ''}`;
  return ascii;
}

/** RFC 5987 ext-value: attr-char kept, everything else percent-encoded as UTF-8. */
function encodeRfc5987(filename: string): string {
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `UTF-8''${encoded}`;
}
