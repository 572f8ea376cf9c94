/**
 * @module Mail HTML made safe to show: an allow-list sanitiser (sanitize-html) for the HTML
 * part, or the escaped plain text with linked URLs, wrapped in a complete document with its
 * own Content-Security-Policy (mail-html-document.ts). Pure: no I/O, no HTTP types.
 *
 * Layers, each enough on its own against script: the allow-list here; the document's CSP (no
 * script source at all); the iframe sandbox without allow-scripts and allow-same-origin; the
 * app's CSP. `<style>` elements leave the markup; their sheets are filtered and rebuilt into
 * one sheet of the document's head (sanitize-mail-style-sheets.ts), under the same declaration
 * rules as inline styles. docs/architecture.md § "Showing mail HTML".
 */
import sanitizeHtml, { type Attributes, type Transformer } from 'sanitize-html';
import { buildMailStyleRules } from './build-mail-style-rules.js';
import { createMailImageResolver, type MailImageResolver } from './create-mail-image-resolver.js';
import { extractMailStyleSheets } from './extract-mail-style-sheets.js';
import { mailHtmlAllowList } from './mail-html-allow-list.js';
import { mailHtmlDocument } from './mail-html-document.js';
import type { ParsedAttachment } from './parsed-message.js';
import { htmlToText } from './html-to-text.js';
import { escapeHtml, plainTextToHtml } from './plain-text-to-html.js';
import { safeLinkUrl } from './safe-link-url.js';
import { sanitizeMailStyleSheets } from './sanitize-mail-style-sheets.js';

export interface MailHtmlLimits {
  /** Longest HTML (or text) part rendered, in UTF-8 bytes; the rest is cut with a notice. */
  maxBytes: number;
  /** Largest inline (`cid:`) image embedded as a data: URL. */
  inlineImageMaxBytes: number;
  /** Most inline image bytes one rendering embeds. */
  inlineImagesMaxTotalBytes: number;
}

export interface MailHtmlOptions extends MailHtmlLimits {
  /** The reader chose to load this mail's remote (http/https) images. */
  allowRemoteImages: boolean;
}

/** The parts of a parsed message that are shown. */
export interface MailContent {
  html: string;
  text: string;
  attachments: readonly ParsedAttachment[];
}

export interface SanitizedMailHtml {
  /** A complete HTML document, for the `srcdoc` of a sandboxed iframe. */
  html: string;
  /** Remote image references blocked in `html`: 0 when they were allowed or there are none. */
  remoteImages: number;
  /** The part was longer than `maxBytes` and only its beginning is shown. */
  truncated: boolean;
}

// Deeper markup is never layout a person wrote; it only multiplies the sanitiser's and the
// browser's work (Chromium's parser itself stops nesting at 512). Tags beyond are dropped,
// their text kept.
const NESTING_LIMIT = 256;
// htmlparser2 keeps its open elements in an array it unshifts on every start tag, so parse
// time grows with the square of the depth (1 MB of "<b>" takes minutes). Past this depth the
// parse is abandoned and the mail's text shown instead.
const MAX_PARSE_DEPTH = 1024;
const IMAGE_SCHEMES = ['http', 'https', 'data'];
const BACKGROUND_TAGS = new Set(['table', 'tr', 'td', 'th']);

/** `text` cut to at most `maxBytes` UTF-8 bytes, on a character boundary. */
function truncateUtf8(text: string, maxBytes: number): { text: string; truncated: boolean } {
  if (text.length * 3 <= maxBytes || Buffer.byteLength(text) <= maxBytes) {
    return { text, truncated: false };
  }
  const cut = Buffer.from(text)
    .subarray(0, maxBytes)
    .toString('utf8')
    .replace(/\uFFFD+$/, '');
  return { text: cut, truncated: true };
}

/** A notice of ours above the mail (`kind` lets the page find or restyle it). */
function notice(kind: 'truncated' | 'text-only', text: string): string {
  return (
    `<p data-tmpmail-notice="${kind}" style="padding:4px 8px;background:#fff3cd;color:#664d03">` +
    `${escapeHtml(text)}</p>`
  );
}

function truncationNotice(maxBytes: number): string {
  const size =
    maxBytes >= 1_048_576
      ? `${(maxBytes / 1_048_576).toFixed(1)} MiB`
      : `${Math.floor(maxBytes / 1024)} KiB`;
  return notice(
    'truncated',
    `This mail is too long to show in full: only its first ${size} are shown. ` +
      'Download the raw message to read the rest.',
  );
}

interface RenderedPart {
  body: string;
  /** The mail's filtered style sheet, '' for none. */
  styleSheet: string;
  textOnly: boolean;
}

/**
 * The HTML part sanitised, with its style sheet, or, when its markup nests absurdly deep, the
 * text of the mail (`textOnly`: then no image or style of the HTML is shown, and no image
 * counts as blocked).
 */
function renderHtmlPart(
  html: string,
  text: string,
  images: MailImageResolver,
  maxBytes: number,
): RenderedPart {
  try {
    const body = sanitizeBody(html, images);
    // Only once the sanitiser got through: a parse it abandoned is not repeated here.
    const styleSheet = sanitizeMailStyleSheets(extractMailStyleSheets(html));
    return { body, styleSheet, textOnly: false };
  } catch (error) {
    if (!(error instanceof TooDeep)) throw error;
  }
  const fallback = truncateUtf8(text.trim() !== '' ? text : htmlToText(html).text, maxBytes);
  const body =
    notice(
      'text-only',
      'The formatting of this mail is too deeply nested to show; here is its text.',
    ) + plainTextToHtml(fallback.text);
  return { body, styleSheet: '', textOnly: true };
}

/** Every link opens in a new tab, with no opener and no referrer, to http(s) or mailto only. */
const transformLink: Transformer = (tagName, attribs) => {
  const { href, target: _target, rel: _rel, ...rest } = attribs;
  const safe = safeLinkUrl(href);
  return {
    tagName,
    attribs: {
      ...rest,
      ...(safe === undefined ? {} : { href: safe }),
      target: '_blank',
      rel: 'noopener noreferrer',
    },
  };
};

/** The first URL of a srcset (used only when there is no src); srcset itself is never kept. */
function firstSrcsetUrl(srcset: string | undefined): string | undefined {
  return srcset?.trim().split(',')[0]?.trim().split(/\s+/)[0] || undefined;
}

function transformImage(images: MailImageResolver): Transformer {
  return (tagName, attribs) => {
    const { src, srcset, 'data-remote-image': _mark, ...rest } = attribs;
    const resolved = images.resolve(src ?? firstSrcsetUrl(srcset));
    const out: Attributes = { ...rest };
    if ('src' in resolved) out['src'] = resolved.src;
    else if (resolved.blocked === 'remote') out['data-remote-image'] = 'blocked';
    return { tagName, attribs: out };
  };
}

/** The legacy `background` image of table parts goes through the same image rules. */
function transformBackground(images: MailImageResolver): Transformer {
  return (tagName, attribs) => {
    const { background, ...rest } = attribs;
    if (background === undefined) return { tagName, attribs };
    const resolved = BACKGROUND_TAGS.has(tagName) ? images.resolve(background) : undefined;
    return {
      tagName,
      attribs: resolved && 'src' in resolved ? { ...rest, background: resolved.src } : rest,
    };
  };
}

/** Thrown from the parser callbacks to abandon a parse that went too deep. */
class TooDeep extends Error {}

function sanitizeBody(html: string, images: MailImageResolver): string {
  let depth = 0;
  return sanitizeHtml(html, {
    // Every start tag (void ones included) gets a close callback, implied or not.
    onOpenTag: () => {
      depth += 1;
      if (depth > MAX_PARSE_DEPTH) throw new TooDeep();
    },
    onCloseTag: () => {
      depth -= 1;
    },
    allowedTags: mailHtmlAllowList.tags,
    allowedAttributes: mailHtmlAllowList.attributes,
    nonTextTags: mailHtmlAllowList.droppedWithContent,
    allowedStyles: buildMailStyleRules(images),
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: Object.fromEntries(
      ['img', ...BACKGROUND_TAGS].map((tag) => [tag, IMAGE_SCHEMES]),
    ),
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    nestingLimit: NESTING_LIMIT,
    transformTags: {
      a: transformLink,
      img: transformImage(images),
      // The body's colours and spacing are part of the design; keep them on a plain div.
      body: (_tagName, attribs) => ({ tagName: 'div', attribs }),
      '*': transformBackground(images),
    },
  });
}

/**
 * The HTML part of `mail` sanitised (or, without one, its text escaped and linked) as a
 * complete document, with the number of remote images it refers to.
 */
export function sanitizeMailHtml(mail: MailContent, options: MailHtmlOptions): SanitizedMailHtml {
  const useHtml = mail.html.trim() !== '';
  const part = truncateUtf8(useHtml ? mail.html : mail.text, options.maxBytes);
  const images = createMailImageResolver({
    attachments: mail.attachments,
    allowRemoteImages: options.allowRemoteImages,
    inlineImageMaxBytes: options.inlineImageMaxBytes,
    inlineImagesMaxTotalBytes: options.inlineImagesMaxTotalBytes,
  });
  const { body, styleSheet, textOnly } = useHtml
    ? renderHtmlPart(part.text, mail.text, images, options.maxBytes)
    : { body: plainTextToHtml(part.text), styleSheet: '', textOnly: true };
  const cut = part.truncated ? truncationNotice(options.maxBytes) : '';
  return {
    html: mailHtmlDocument(cut + body, options.allowRemoteImages, styleSheet),
    remoteImages: options.allowRemoteImages || textOnly ? 0 : images.remoteImages,
    truncated: part.truncated,
  };
}
