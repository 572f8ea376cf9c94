/**
 * The mail HTML sanitiser against the hostile corpus (test/fixtures/hostile) and its own rules.
 * Outputs are checked with a strict re-parse (htmlparser2, the parser sanitize-html itself uses):
 * every element and attribute must be on the allow-list and on none of the deny-lists below,
 * which are written out independently so a mistaken allow-list entry still fails.
 */
import { isTag, type Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { parse } from 'postcss';
import { describe, expect, it } from 'vitest';
import { readEml } from '../../test/fixtures/eml/fixtures.js';
import { HOSTILE_FIXTURES, readHostileEml } from '../../test/fixtures/hostile/fixtures.js';
import { mailHtmlAllowList } from './mail-html-allow-list.js';
import { mailHtmlCsp, mailHtmlDocument } from './mail-html-document.js';
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
    'srcdoc srcset formaction action xlink:href ping id name http-equiv content ' +
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

/** The text of the mail's own style sheet (the head's second `<style>`), or ''. */
function mailSheetOf(html: string): string {
  const head = elements(parseDocument(html)).find((e) => e.name === 'head');
  const sheets = (head?.children ?? []).filter(isTag).filter((e) => e.name === 'style');
  return sheets[1] ? textOf(sheets[1]) : '';
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
  // Ours, then the mail's filtered sheet when it kept anything.
  const withSheet = ['meta', 'meta', 'meta', 'base', 'style', 'style'];
  expect(headTags.map((e) => e.name)).toEqual(withSheet.slice(0, Math.max(5, headTags.length)));
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

/**
 * The mail's sheet, checked independently of the filter: it parses, holds no `<`, only
 * `@media` blocks of style rules whose selectors use names, classes and the listed
 * pseudo-classes, and declarations that pass the inline checks, with data: images only.
 */
function checkSheet(css: string): void {
  expect(css).not.toContain('<');
  const root = parse(css);
  root.walkAtRules((rule) => expect(rule.name).toBe('media'));
  root.walkRules((rule) => {
    expect(rule.selector).toMatch(/^[a-z0-9 ,.>+~*_:()-]+$/i);
    expect(rule.selector).not.toMatch(
      /:(visited|link|any-link|not|is|has|where)|::|:before|:after/i,
    );
    expect(
      rule.nodes.every((node) => node.type === 'decl'),
      rule.selector,
    ).toBe(true);
  });
  root.walkDecls((declaration) => {
    const text = `${declaration.prop}:${declaration.value}`;
    checkStyle(text, false);
    // var() may stay (as inline): no custom property can be set for it to read.
    expect(declaration.prop).not.toMatch(/^--/);
    expect(text).not.toMatch(/@|image\(|attr\(|cross-fade/i);
  });
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
      checkSheet(mailSheetOf(rendered.html));
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
      checkSheet(mailSheetOf(rendered.html));
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

  it('takes <style> elements out of the markup and their filtered sheet into the head', () => {
    const { html } = sanitizeMailHtml(
      {
        html:
          '<html><head><style>p{color:red;position:fixed}</style></head>' +
          '<body><p class="a b" id="x" name="y">x</p><style>.a{color:blue}</style></body></html>',
        text: '',
        attachments: [],
      },
      BLOCKED,
    );
    expect(mailSheetOf(html)).toBe('p{color:red}.a{color:blue}');
    // After our own sheet, so that it wins over our defaults where both set something.
    expect(html).toMatch(/<\/style><style>p\{color:red\}\.a\{color:blue\}<\/style><\/head>/);
    expect(body('<p class="a b" id="x" name="y">x</p><style>.a{color:blue}</style>')).toBe(
      '<p class="a b">x</p>',
    );
  });

  it('never writes a sheet holding "<" into the document, and keeps our rules in a layer', () => {
    const html = mailHtmlDocument('<p>x</p>', false, 'p{}</style><script>alert(1)</script>');
    expect(html).not.toContain('<script');
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html).toContain('@layer tmpmail{head{display:none!important}');
    expect(html).toContain('[data-tmpmail-notice]{display:block!important;');
  });

  it("adds no sheet when nothing of the mail's is kept", () => {
    const { html } = sanitizeMailHtml(
      { html: '<style>#x{color:red}</style><p>x</p>', text: '', attachments: [] },
      BLOCKED,
    );
    expect(html.match(/<style>/g)).toHaveLength(1);
  });

  it('reads only the sheets the sanitiser would have seen, for the screen', () => {
    const ignored =
      '<svg><style>.s{color:red}</style></svg><math><style>.m{color:red}</style></math>' +
      '<template><style>.t{color:red}</style></template>' +
      '<noscript><style>.n{color:red}</style></noscript>' +
      '<textarea><style>.x{color:red}</style></textarea><title><style>.y{color:red}</style></title>' +
      '<style type="text/less">.l{color:red}</style><style media="print">.p{color:red}</style>';
    const kept =
      '<style type="TEXT/CSS">.a{color:blue}</style><style media=" Screen ">.b{color:blue}</style>' +
      '<style media="all">.c{color:blue}</style>';
    const { html } = sanitizeMailHtml(
      { html: ignored + kept + '<p>x</p>', text: '', attachments: [] },
      BLOCKED,
    );
    expect(mailSheetOf(html)).toBe('.a{color:blue}.b{color:blue}.c{color:blue}');
  });

  it('keeps the text of a sheet as the browser reads it: no entity decoding, no markup', () => {
    const { html } = sanitizeMailHtml(
      { html: '<style>p{font-family:"&lt;/style&gt;"}</style><p>x</p>', text: '', attachments: [] },
      BLOCKED,
    );
    expect(mailSheetOf(html)).toBe('p{font-family:"&lt;/style&gt;"}');
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

describe('style sheets of the corpus and of a real newsletter', () => {
  const sheetOf = async (eml: Uint8Array, options = BLOCKED) => {
    const rendered = await renderMailHtml(eml, options);
    return { rendered, sheet: mailSheetOf(rendered.html) };
  };

  it('style-sheet-overlay: keeps the harmless part of each rule, no positioning', async () => {
    const { sheet } = await sheetOf(readHostileEml('style-sheet-overlay'));
    expect(sheet).toBe(
      '.note{color:#0a5c36;font-weight:bold}' +
        '.overlay{width:100%;height:100%;background:#fff}.nested{color:#333}',
    );
  });

  it('style-sheet-beacon: keeps data: images only, blocked or allowed, and counts none', async () => {
    for (const options of [BLOCKED, ALLOWED]) {
      const { rendered, sheet } = await sheetOf(readHostileEml('style-sheet-beacon'), options);
      expect(sheet).toMatch(/^\.ok\{color:#0a5c36;background:#eef url\(data:image\/png;base64,/);
      expect(rendered.html).not.toContain('evil.example');
      expect(rendered.remoteImages).toBe(0);
    }
  });

  it('style-sheet-breakout: no script, only the sheets that are shown, within the limits', async () => {
    const { rendered, sheet } = await sheetOf(readHostileEml('style-sheet-breakout'));
    expect(sheet.startsWith('.kept{color:#0a5c36}.f{color:#036}.r0 td{color:#000}')).toBe(true);
    expect(sheet).not.toMatch(/red|\.s-last|self-closing/);
    let rules = 0;
    parse(sheet).walkRules(() => void (rules += 1));
    expect(rules).toBe(1024);
    expect(rendered.html).not.toMatch(/<script|onerror|pwned/i);
  });

  it('styled-newsletter: keeps the classes and the class rules, @media and :hover', async () => {
    const { rendered, sheet } = await sheetOf(readEml('styled-newsletter'));
    const body = parseRendered(rendered.html, false);
    const classes = elements(body)
      .map((e) => e.attribs['class'])
      .filter(Boolean);
    expect(classes).toEqual([
      'wrapper',
      'container',
      'header',
      'content',
      'code',
      'button',
      'items',
      'muted',
      'footer',
    ]);
    for (const rule of [
      'body{margin:0;padding:0;background-color:#eef1f5;',
      'a.button{display:inline-block;padding:12px 28px;background-color:#e4572e;',
      'a.button:hover{background-color:#c2410c}',
      '.muted,.footer td{color:#6b7280;font-size:12px}',
      'table.items tr:nth-child(even) td{background-color:#f9fafb}',
      '@media only screen and (max-width:620px){.container{width:100% !important;',
      '@media (prefers-color-scheme:dark){.container{background-color:#1e2430 !important;',
    ]) {
      expect(sheet).toContain(rule);
    }
    expect(rendered.remoteImages).toBe(0);
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
      {
        html: '<style>p{color:red}</style>' + '<b>'.repeat(100_000) + 'payload',
        text: '',
        attachments: [],
      },
      BLOCKED,
    );
    expect(performance.now() - started).toBeLessThan(3000);
    expect(abusive.html).toContain('data-tmpmail-notice="text-only"');
    expect(mailSheetOf(abusive.html)).toBe('');
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
