/**
 * @module Which link targets a mail may keep. The value is parsed with the WHATWG URL parser
 * (the browser's own rules: tabs and newlines inside the scheme are removed, leading control
 * characters are stripped), so what we check is what a browser would follow; the serialised
 * URL is written back, so no other reading of the original text is possible.
 */

const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);
/** Longer links are almost always tracking blobs or attacks, and cost memory to keep. */
const MAX_URL_LENGTH = 8192;

/**
 * An absolute URL the browser may parse as `value`, or undefined when it is not one.
 * No base: a relative or protocol-relative URL would resolve against the page embedding the
 * mail (our own origin), never against anything the mail meant.
 */
export function parseAbsoluteUrl(value: string | undefined): URL | undefined {
  if (value === undefined || value.length > MAX_URL_LENGTH) return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** The link as an http(s) or mailto URL, else undefined (javascript:, data:, relative, ...). */
export function safeLinkUrl(value: string | undefined): string | undefined {
  const url = parseAbsoluteUrl(value);
  return url && LINK_PROTOCOLS.has(url.protocol) ? url.href : undefined;
}
