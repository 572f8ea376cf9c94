/**
 * @module HTML → visible text plus its links, for verification extraction (not for display).
 * A single forward scan with indexOf: no regex spans tags or elements, so hostile markup
 * (unclosed comments, thousands of `<script`) costs linear time.
 */

export interface HtmlLink {
  url: string;
  /** Visible text of the anchor, whitespace collapsed. */
  label: string;
}

export interface HtmlText {
  text: string;
  links: HtmlLink[];
}

/** Anchors recorded per document; a mail with more is a link farm, not a sign-in mail. */
const MAX_LINKS = 1000;

/** Elements whose content is never visible text. */
const HIDDEN_ELEMENTS = new Set([
  'script',
  'style',
  'head',
  'title',
  'svg',
  'noscript',
  'template',
]);
const LINE_BREAK_ELEMENTS = new Set([
  'br', 'p', 'div', 'tr', 'li', 'ul', 'ol', 'table', 'tbody', 'thead', 'blockquote', 'section',
  'article', 'header', 'footer', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'center',
]); // prettier-ignore
const CELL_ELEMENTS = new Set(['td', 'th']);

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ensp: ' ', emsp: ' ', thinsp: ' ',
  zwnj: '', zwj: '', shy: '', copy: '©', reg: '®', trade: '™', hellip: '…', mdash: '—',
  ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»',
  middot: '·', bull: '•', euro: '€', yen: '¥', pound: '£', cent: '¢', times: '×', deg: '°',
}; // prettier-ignore

const ENTITY = /&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([a-zA-Z][a-zA-Z0-9]{1,31}));?/g;
const TAG_NAME = /^\/?\s*([a-zA-Z][a-zA-Z0-9-]*)/;
const HREF = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;

/** Decodes numeric references and the named entities mail actually uses. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (match, hex?: string, dec?: string, name?: string) => {
    if (name !== undefined) {
      const named = NAMED_ENTITIES[name.toLowerCase()];
      return named !== undefined && match.endsWith(';') ? named : match;
    }
    const codePoint = hex !== undefined ? parseInt(hex, 16) : parseInt(dec ?? '', 10);
    if (!Number.isFinite(codePoint) || codePoint <= 0 || codePoint > 0x10ffff) return match;
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) return match;
    return String.fromCodePoint(codePoint);
  });
}

interface Scan {
  text: string;
  links: HtmlLink[];
  anchor: { url: string; start: number } | null;
  /** First `>` at or after the last search start (html.length: none left), so that many
   * unclosed `<` do not rescan the rest of the input each. */
  nextGt: number;
}

/** Converts HTML to text: hidden elements dropped, blocks on their own lines, entities decoded. */
export function htmlToText(html: string): HtmlText {
  const scan: Scan = { text: '', links: [], anchor: null, nextGt: -1 };
  let pos = 0;
  while (pos < html.length) {
    let lt = html.indexOf('<', pos);
    // a "<" that starts no markup ("a < b") stays in the text chunk
    while (lt >= 0 && !startsMarkup(html.charCodeAt(lt + 1))) lt = html.indexOf('<', lt + 1);
    if (lt < 0) {
      appendText(scan, html.slice(pos));
      break;
    }
    appendText(scan, html.slice(pos, lt));
    pos = skipMarkup(scan, html, lt);
  }
  closeAnchor(scan);
  return { text: normalizeWhitespace(scan.text), links: scan.links };
}

/** Whether the character after a "<" can start a tag, comment or declaration. */
function startsMarkup(code: number): boolean {
  const lower = code | 0x20;
  return (lower >= 0x61 && lower <= 0x7a) || code === 0x2f || code === 0x21 || code === 0x3f;
}

/** Handles the markup starting at `lt` and returns where the text resumes. */
function skipMarkup(scan: Scan, html: string, lt: number): number {
  if (html.startsWith('<!--', lt)) {
    const end = html.indexOf('-->', lt + 4);
    return end < 0 ? html.length : end + 3;
  }
  const gt = findGt(scan, html, lt + 1);
  if (gt >= html.length) {
    // no ">" anywhere after: nothing left can be a tag, the rest is text
    appendText(scan, html.slice(lt));
    return html.length;
  }
  if (html[lt + 1] === '!' || html[lt + 1] === '?') {
    return gt + 1; // <!DOCTYPE ...>, <![CDATA[ ...]>, <?xml ...?>
  }
  const tagMatch = TAG_NAME.exec(html.slice(lt + 1, Math.min(gt, lt + 64)));
  if (!tagMatch?.[1]) {
    appendText(scan, '<');
    return lt + 1;
  }
  const tag = html.slice(lt + 1, gt);
  const name = tagMatch[1].toLowerCase();
  const closing = tag.trimStart().startsWith('/');
  if (HIDDEN_ELEMENTS.has(name) && !closing && !tag.endsWith('/')) {
    return skipElement(html, name, gt + 1);
  }
  if (name === 'a') {
    closeAnchor(scan);
    if (!closing) openAnchor(scan, tag);
  } else if (LINE_BREAK_ELEMENTS.has(name)) {
    scan.text += '\n';
  } else if (CELL_ELEMENTS.has(name)) {
    scan.text += ' ';
  }
  return gt + 1;
}

function findGt(scan: Scan, html: string, from: number): number {
  if (scan.nextGt < from) {
    const gt = html.indexOf('>', from);
    scan.nextGt = gt < 0 ? html.length : gt;
  }
  return scan.nextGt;
}

/** Position after `</name ...>`, or the end of the input when the element is never closed. */
function skipElement(html: string, name: string, from: number): number {
  const closer = new RegExp(`</${name}\\b`, 'gi');
  closer.lastIndex = from;
  const match = closer.exec(html);
  if (!match) return html.length;
  const gt = html.indexOf('>', match.index);
  return gt < 0 ? html.length : gt + 1;
}

function openAnchor(scan: Scan, tag: string): void {
  const href = HREF.exec(tag);
  const url = href ? decodeEntities(href[1] ?? href[2] ?? href[3] ?? '').trim() : '';
  if (url && scan.links.length < MAX_LINKS) scan.anchor = { url, start: scan.text.length };
}

function closeAnchor(scan: Scan): void {
  if (!scan.anchor) return;
  const label = scan.text.slice(scan.anchor.start).replace(/\s+/g, ' ').trim();
  scan.links.push({ url: scan.anchor.url, label });
  scan.anchor = null;
}

function appendText(scan: Scan, chunk: string): void {
  // source line breaks inside HTML text are plain whitespace
  const flat =
    chunk.includes('\n') || chunk.includes('\r') ? chunk.replace(/[\r\n]+/g, ' ') : chunk;
  scan.text += decodeEntities(flat);
}

function normalizeWhitespace(text: string): string {
  return text
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
