/**
 * @module Where an image of a mail may come from: its own inline parts (`cid:`, turned into
 * `data:` URLs), raster `data:` URLs, and remote http(s) URLs only when the reader allowed
 * them. Everything else (SVG, `javascript:`, relative URLs, ...) yields no image at all.
 */
import type { ParsedAttachment } from './parsed-message.js';
import { parseAbsoluteUrl } from './safe-link-url.js';

export interface MailImageOptions {
  attachments: readonly ParsedAttachment[];
  allowRemoteImages: boolean;
  /** Largest inline part turned into a data: URL. */
  inlineImageMaxBytes: number;
  /** Most inline image bytes one rendering embeds (a part referenced twice counts twice). */
  inlineImagesMaxTotalBytes: number;
}

/** A usable `src`, or why the image is not shown. */
export type ImageResolution =
  { src: string } | { blocked: 'remote' | 'unsafe' | 'missing' | 'too-large' };

export interface MailImageResolver {
  resolve(value: string | undefined): ImageResolution;
  /** Remote (http/https) image references seen so far, blocked or not. */
  readonly remoteImages: number;
}

// Raster formats only: an SVG image could carry script (it cannot run inside <img>, but the
// same data: URL opened in a tab of its own could), and nothing else is an image we can vouch for.
const RASTER_TYPE = /^image\/(png|jpe?g|gif|webp|bmp|avif)$/i;
const RASTER_DATA_URL = /^data:image\/(png|jpe?g|gif|webp|bmp|avif)(;[a-z0-9=._+-]*)*,/i;
const CID_URL = /^cid:(.+)$/i;

function decodeContentId(encoded: string): string | undefined {
  try {
    return decodeURIComponent(encoded).replace(/^<|>$/g, '').trim() || undefined;
  } catch {
    return undefined;
  }
}

export function createMailImageResolver(options: MailImageOptions): MailImageResolver {
  let remoteImages = 0;
  let inlinedBytes = 0;
  const encoded = new Map<ParsedAttachment, string>();

  function findPart(contentId: string): ParsedAttachment | undefined {
    const { attachments } = options;
    const lower = contentId.toLowerCase();
    return (
      attachments.find((a) => a.contentId === contentId) ??
      attachments.find((a) => a.contentId?.toLowerCase() === lower)
    );
  }

  function inline(contentId: string): ImageResolution {
    const part = findPart(contentId);
    if (!part) return { blocked: 'missing' };
    if (!RASTER_TYPE.test(part.mimeType)) return { blocked: 'unsafe' };
    if (
      part.size > options.inlineImageMaxBytes ||
      inlinedBytes + part.size > options.inlineImagesMaxTotalBytes
    )
      return { blocked: 'too-large' };
    inlinedBytes += part.size;
    let src = encoded.get(part);
    if (src === undefined) {
      const base64 = Buffer.from(part.content).toString('base64');
      src = `data:${part.mimeType.toLowerCase()};base64,${base64}`;
      encoded.set(part, src);
    }
    return { src };
  }

  function resolve(value: string | undefined): ImageResolution {
    // The browser strips leading and trailing whitespace and control characters from URLs.
    // eslint-disable-next-line no-control-regex
    const trimmed = (value ?? '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
    if (RASTER_DATA_URL.test(trimmed)) return { src: trimmed };
    const cid = CID_URL.exec(trimmed);
    if (cid) {
      const contentId = decodeContentId(cid[1] ?? '');
      return contentId ? inline(contentId) : { blocked: 'missing' };
    }
    const url = parseAbsoluteUrl(trimmed);
    if (url?.protocol === 'http:' || url?.protocol === 'https:') {
      remoteImages += 1;
      return options.allowRemoteImages ? { src: url.href } : { blocked: 'remote' };
    }
    return { blocked: 'unsafe' };
  }

  return {
    resolve,
    get remoteImages() {
      return remoteImages;
    },
  };
}
