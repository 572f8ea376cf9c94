/**
 * The mail HTML sanitiser against the hostile corpus (test/fixtures/hostile) and its own rules.
 * Outputs are checked with a strict re-parse (htmlparser2, the parser sanitize-html itself uses):
 * every element and attribute must be on the allow-list and on none of the deny-lists below,
 * which are written out independently so a mistaken allow-list entry still fails.
 */
import { isTag, type Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { HOSTILE_FIXTURES, readHostileEml } from '../../test/fixtures/hostile/fixtures.js';
import { mailHtmlAllowList } from './mail-html-allow-list.js';
import { mailHtmlCsp } from './mail-html-document.js';
import { renderMailHtml } from './render-mail-html.js';
import { sanitizeMailHtml, type MailHtmlOptions } from './sanitize-mail-html.js';
import type { ParsedAttachment } from './parsed-message.js';

const LIMITS = {
  maxBytes: 524_288,
  inlineImageMaxBytes: 1_048_576,
  inlineImagesMaxTotalBytes: 10_485_760,
};
const BLOCKED: MailHtmlOptions = { ...LIMITS, allowRemoteImages: false };
const ALLOWED: MailHtmlOptions = { ...LIMITS, allowRemoteImages: true };

const FORBIDDEN_TAGS = new Set(
  (
    'script style iframe frame frameset object embed applet param form input button select ' +
    'textarea option label meta link base svg math template noscript noembed noframes xmp ' +
    'title video audio source picture track area map details summary isindex marquee portal'
  ).split(' '),
);
const FORBIDDEN_ATTRIBUTES = new Set(
  (
    'srcdoc srcset formaction action xlink:href ping id name class http-equiv content ' +
    'autofocus contenteditable usemap is popover'
  ).split(' '),
);
const SCRIPT_URL = /(java|vb|live)script:|mocha:|data:(text|application|image\/svg)/i;
const RASTER_DATA = /^data:image\/(png|jpe?g|gif|webp|bmp|avif)[;,]/i;
const OUR_ATTRIBUTES: Record<string, string[]> = {
  img: ['data-remote-image'],
  p: ['data-tmpmail-notice'],
};

function elements(node: { children?: unknown[] }): Element[] {
  const found: Element[] = [];
  for (const child of (node.children ?? []) as Element[]) {
    if (isTag(child)) found.push(child, ...elements(child));
  }
  return found;
}

function textOf(node: { children?: unknown[] }): string {
  let text = '';
  for (const child of (node.children ?? []) as { type: string; data?: string }[]) {
    text += child.type === 'text' ? (child.data ?? '') : textOf(child as Element);
  }
  return text;
}

/** Parses a rendered document and checks the fixed head; returns the body. */
function parseRendered(html: string, allowRemote: boolean): Element {
  const doc = parseDocument(html);
  const root = elements(doc)[0];
  expect(root?.name).toBe('html');
  const [head, body, ...rest] = (root?.children ?? []).filter(isTag);
  expect(rest).toEqual([]);
  expect(head?.name).toBe('head');
  expect(body?.name).toBe('body');
  const headTags = (head?.children ?? []).filter(isTag);
  expect(headTags.map((e) => e.name)).toEqual(['meta', 'meta', 'meta', 'base', 'style']);
  expect(headTags[0]?.attribs).toEqual({ charset: 'utf-8' });
  expect(headTags[1]?.attribs).toEqual({
    'http-equiv': 'Content-Security-Policy',
    content: mailHtmlCsp(allowRemote),
  });
  expect(headTags[2]?.attribs).toEqual({ name: 'referrer', content: 'no-referrer' });
  expect(headTags[3]?.attribs).toEqual({ target: '_blank' });
  return body as Element;
}

function allowedAttribute(tag: string, name: string): boolean {
  const lists = mailHtmlAllowList.attributes;
  return [...(lists['*'] ?? []), ...(lists[tag] ?? []), ...(OUR_ATTRIBUTES[tag] ?? [])].includes(
    name,
  );
}

function checkUrl(tag: string, name: string, value: string, allowRemote: boolean): void {
  if (name === 'href') expect(value, `${tag} href`).toMatch(/^(https?:\/\/|mailto:)/);
  if (name === 'src' || name === 'background') {
    const remoteOk = allowRemote && /^https?:\/\//.test(value);
    expect(RASTER_DATA.test(value) || remoteOk, `${tag} ${name}=${value}`).toBe(true);
  }
}

function checkStyle(value: string, allowRemote: boolean): void {
  expect(value).not.toMatch(/position\s*:\s*(fixed|absolute|sticky|-webkit-sticky)/i);
  expect(value).not.toMatch(/expression|behavior|binding|@import|\\|image-set/i);
  for (const [, url] of value.matchAll(/url\(\s*['"]?([^'")]*)/gi)) {
    const remoteOk = allowRemote && /^https?:\/\//.test(url ?? '');
    expect(RASTER_DATA.test(url ?? '') || remoteOk, `style url ${url}`).toBe(true);
  }
}

/** Every element and attribute of the body is allowed, safe, and every link is new-tab. */
function expectOnlySafeMarkup(body: Element, allowRemote: boolean): void {
  for (const element of elements(body)) {
    const tag = element.name;
    expect(mailHtmlAllowList.tags, tag).toContain(tag);
    expect(FORBIDDEN_TAGS.has(tag), tag).toBe(false);
    for (const [name, value] of Object.entries(element.attribs)) {
      expect(allowedAttribute(tag, name), `${tag}[${name}]`).toBe(true);
      expect(FORBIDDEN_ATTRIBUTES.has(name) || /^on/i.test(name), `${tag}[${name}]`).toBe(false);
      // eslint-disable-next-line no-control-regex
      expect(value.replace(/[\u0000-\u0020]/g, ''), `${tag}[${name}]`).not.toMatch(SCRIPT_URL);
      checkUrl(tag, name, value, allowRemote);
      if (name === 'style') checkStyle(value, allowRemote);
    }
    if (tag === 'a') {
      expect(element.attribs['target']).toBe('_blank');
      expect(element.attribs['rel']).toBe('noopener noreferrer');
    }
  }
}

describe('the hostile corpus', () => {
  it.each(HOSTILE_FIXTURES.map((f) => [f.name, f] as const))(
    '%s: nothing script-capable survives, its text does, remote images are blocked',
    async (_name, fixture) => {
      const rendered = await renderMailHtml(readHostileEml(fixture.name), BLOCKED);
      const body = parseRendered(rendered.html, false);
      expectOnlySafeMarkup(body, false);
      expect(textOf(body)).toContain(fixture.visibleText);
      expect(rendered.remoteImages).toBe(fixture.remoteImages);
      expect(rendered.truncated).toBe(false);
      const images = elements(body).filter((e) => e.name === 'img');
      expect(images.filter((e) => /^https?:/.test(e.attribs['src'] ?? ''))).toEqual([]);
      const inlined = images.filter((e) => RASTER_DATA.test(e.attribs['src'] ?? ''));
      if (fixture.inlineImages > 0) expect(inlined).toHaveLength(fixture.inlineImages);
    },
  );

  it.each(HOSTILE_FIXTURES.map((f) => [f.name, f] as const))(
    '%s with remote images allowed: still safe, nothing counted as blocked',
    async (_name, fixture) => {
      const rendered = await renderMailHtml(readHostileEml(fixture.name), ALLOWED);
      expectOnlySafeMarkup(parseRendered(rendered.html, true), true);
      expect(rendered.remoteImages).toBe(0);
      // Whatever is allowed, nothing may point at the host that must never be contacted.
      expect(rendered.html).not.toMatch(/https?:\/\/([a-z0-9-]+\.)*evil\.example/i);
    },
  );
});

describe('images', () => {
  const render = async (name: string, options: MailHtmlOptions = BLOCKED) => {
    const rendered = await renderMailHtml(readHostileEml(name), options);
    const imgs = elements(parseRendered(rendered.html, options.allowRemoteImages)).filter(
      (e) => e.name === 'img',
    );
    return { rendered, imgs };
  };

  it('blocks remote images with a marked placeholder that keeps the size, not the URL', async () => {
    const { rendered, imgs } = await render('tracking-pixel');
    expect(imgs.map((e) => e.attribs)).toEqual([
      { width: '1', height: '1', alt: '', style: 'display:block', 'data-remote-image': 'blocked' },
      { alt: 'logo over plain http', 'data-remote-image': 'blocked' },
    ]);
    expect(rendered.html).not.toContain('tracker.example');
    expect(rendered.html).toContain(`content="${mailHtmlCsp(false)}"`);
    expect(mailHtmlCsp(false)).toContain('img-src data:;');
  });

  it('loads them when the reader allows it, and lets the CSP allow them too', async () => {
    const { rendered, imgs } = await render('tracking-pixel', ALLOWED);
    expect(imgs.map((e) => e.attribs['src'])).toEqual([
      'https://tracker.example/open.gif?id=12345&user=tmp1',
      'http://tracker.example/open-http.gif',
    ]);
    expect(rendered.html).toContain('background="https://tracker.example/table-background.png"');
    expect(mailHtmlCsp(true)).toContain('img-src data: https: http:;');
  });

  it('takes a srcset-only image from its first candidate, never keeping srcset', async () => {
    const { imgs } = await render('srcset-remote', ALLOWED);
    expect(imgs.map((e) => e.attribs['src'])).toEqual([
      'https://tracker.example/a.png',
      expect.stringMatching(/^data:image\/png;base64,/),
      'https://tracker.example/e.png',
    ]);
  });

  it('inlines cid: parts as data: URLs, but never an SVG part or a missing one', async () => {
    const { imgs } = await render('cid-inline-image');
    const png =
      'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==';
    expect(imgs.map((e) => e.attribs)).toEqual([
      { alt: 'logo', src: png },
      { alt: 'logo again', src: png },
      { alt: 'svg part' },
      { alt: 'missing part' },
    ]);
  });

  const part = (size: number): ParsedAttachment => ({
    filename: 'a.png',
    mimeType: 'image/png',
    disposition: 'inline',
    contentId: 'a@x',
    size,
    content: new Uint8Array(size),
  });
  const withPart = (size: number, html: string, limits: Partial<MailHtmlOptions>) =>
    sanitizeMailHtml({ html, text: '', attachments: [part(size)] }, { ...BLOCKED, ...limits }).html;

  it('inlines a part only up to the per-image limit', () => {
    expect(withPart(100, '<img src="cid:a@x">', { inlineImageMaxBytes: 100 })).toContain(
      'src="data:image/png;base64,',
    );
    expect(withPart(101, '<img src="cid:a@x">', { inlineImageMaxBytes: 100 })).not.toContain(
      'data:image/png',
    );
  });

  it('stops inlining once the total limit is reached (a part used twice counts twice)', () => {
    const html = withPart(60, '<img src="cid:a@x"><img src="cid:%3Ca@x%3E">', {
      inlineImagesMaxTotalBytes: 100,
    });
    expect(html.match(/data:image\/png/g)).toHaveLength(1);
  });
});

describe('links and styles', () => {
  const body = (html: string, options = BLOCKED) =>
    sanitizeMailHtml({ html, text: '', attachments: [] }, options).html.replace(
      /^.*<body>|<\/body><\/html>$/gs,
      '',
    );

  it('keeps http(s) and mailto links, normalised, opening in a new tab', () => {
    expect(body('<a href=" HTTPS://Example.org/a b">x</a>')).toBe(
      '<a href="https://example.org/a%20b" target="_blank" rel="noopener noreferrer">x</a>',
    );
  });

  it('drops relative, fragment and protocol-relative links (they would resolve against us)', () => {
    for (const href of ['/admin', '#top', '//evil.example/x', 'page.html', '?q=1']) {
      expect(body(`<a href="${href}">x</a>`)).toBe(
        '<a target="_blank" rel="noopener noreferrer">x</a>',
      );
    }
  });

  it('keeps in-flow inline styles and drops overlays, beacons and script hooks', () => {
    expect(body('<p style="color:red;position:relative;top:-900px;z-index:9">x</p>')).toBe(
      '<p style="color:red;position:relative">x</p>',
    );
    expect(body('<p style="position:fixed;background:url(http://t.example/x)">x</p>')).toBe(
      '<p>x</p>',
    );
    expect(body('<p style="background:url(http://t.example/x)">x</p>', ALLOWED)).toBe(
      '<p style="background:url(http://t.example/x)">x</p>',
    );
  });

  it('drops <style> elements with their content', () => {
    expect(body('<style>p{color:red}</style><p>x</p>')).toBe('<p>x</p>');
  });

  it('drops script, raw-text, form-value, embedded, foreign and template content whole', () => {
    const containers =
      'script style textarea option select xmp title noscript noembed noframes iframe ' +
      'object applet svg math template';
    for (const tag of containers.split(' ')) {
      expect(body(`<${tag}>hidden <b>markup</b></${tag}><p>x</p>`), tag).toBe('<p>x</p>');
    }
  });

  it('keeps the text of other disallowed elements, without the element', () => {
    expect(body('<form action="https://evil.example/"><label>Name</label></form>')).toBe('Name');
  });

  it('keeps the colours of <body> on a div', () => {
    expect(body('<body bgcolor="#eee" style="color:#111"><p>x</p></body>')).toBe(
      '<div bgcolor="#eee" style="color:#111"><p>x</p></div>',
    );
  });
});

describe('limits and plain text', () => {
  it('cuts a part beyond maxBytes and says so', () => {
    const html = `<p>${'é'.repeat(600)}</p><p>tail</p>`;
    const result = sanitizeMailHtml(
      { html, text: '', attachments: [] },
      { ...BLOCKED, maxBytes: 1000 },
    );
    expect(result.truncated).toBe(true);
    expect(result.html).toContain('data-tmpmail-notice="truncated"');
    expect(result.html).not.toContain('tail');
    expect(result.html).not.toContain('\uFFFD');
  });

  it('caps nesting, and shows the text of a mail nested too deep to parse quickly', () => {
    const nested = sanitizeMailHtml(
      { html: '<div>'.repeat(300) + 'deep', text: '', attachments: [] },
      BLOCKED,
    ).html;
    expect(nested.match(/<div>/g)?.length).toBeLessThanOrEqual(256);
    expect(nested).toContain('deep');
    const started = performance.now();
    const abusive = sanitizeMailHtml(
      { html: '<b>'.repeat(100_000) + 'payload', text: '', attachments: [] },
      BLOCKED,
    );
    expect(performance.now() - started).toBeLessThan(3000);
    expect(abusive.html).toContain('data-tmpmail-notice="text-only"');
    expect(abusive.html).toContain('<pre>payload</pre>');
    const withImage = sanitizeMailHtml(
      { html: '<img src="https://t.example/x">' + '<b>'.repeat(2000), text: 'x', attachments: [] },
      BLOCKED,
    );
    expect(withImage.html).toContain('<pre>x</pre>');
    expect(withImage.remoteImages).toBe(0);
  });

  it('escapes plain text and links only http(s) URLs, without trailing punctuation', () => {
    const result = sanitizeMailHtml(
      {
        html: ' ',
        text: 'a <b>&</b> (see https://x.example/p_(1)), javascript:alert(1) http://y.example/".',
        attachments: [],
      },
      BLOCKED,
    );
    const link = (url: string) =>
      `<a href="${url}" target="_blank" rel="noopener noreferrer">${url}</a>`;
    expect(result.html).toContain(
      `<pre>a &lt;b&gt;&amp;&lt;/b&gt; (see ${link('https://x.example/p_(1)')}), ` +
        `javascript:alert(1) ${link('http://y.example/')}&quot;.</pre>`,
    );
  });
});
