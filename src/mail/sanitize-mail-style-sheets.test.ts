/**
 * A mail's style sheets filtered and rebuilt: what is kept, what is dropped, the limits, and
 * that a declaration is judged exactly as in an inline `style` attribute.
 */
import { parse } from 'postcss';
import { describe, expect, it } from 'vitest';
import { sanitizeMailHtml } from './sanitize-mail-html.js';
import {
  MAIL_STYLE_RULES_MAX,
  MAIL_STYLE_SHEET_MAX_BYTES,
  sanitizeMailStyleSheets,
} from './sanitize-mail-style-sheets.js';

const sheet = (...texts: string[]) => sanitizeMailStyleSheets(texts);
const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==';

/** Whether an inline style keeps the declaration (remote images blocked, as by default). */
function inlineKeeps(declaration: string): boolean {
  const { html } = sanitizeMailHtml(
    { html: `<p style="${declaration.replace(/"/g, '&quot;')}">x</p>`, text: '', attachments: [] },
    {
      maxBytes: 65_536,
      inlineImageMaxBytes: 0,
      inlineImagesMaxTotalBytes: 0,
      allowRemoteImages: false,
    },
  );
  return html.includes('<p style=');
}

describe('sanitizeMailStyleSheets', () => {
  it('rebuilds kept rules compactly, with their !important', () => {
    expect(sheet('p { color : red ; }\n.a  >  td{ width: 100% ! important; padding:0 }')).toBe(
      'p{color:red}.a > td{width:100% !important;padding:0}',
    );
  });

  it('keeps @media blocks for the screen, width and colour scheme, with their rules filtered', () => {
    expect(
      sheet(
        '@media only screen and (max-width: 600px) { .c{width:100%!important} #x{color:red} }' +
          '@MEDIA (prefers-color-scheme: dark){body{background:#111;position:fixed}}',
      ),
    ).toBe(
      '@media only screen and (max-width:600px){.c{width:100% !important}}' +
        '@media (prefers-color-scheme:dark){body{background:#111}}',
    );
  });

  it.each([
    ['@import', '@import url(https://evil.example/a.css); p{color:red}'],
    ['@import string', '@import "https://evil.example/a.css"; p{color:red}'],
    ['@font-face', '@font-face{font-family:x;src:url(https://evil.example/f.woff)} p{color:red}'],
    ['@namespace', '@namespace x url(https://evil.example/ns); p{color:red}'],
    ['@charset', '@charset "utf-8"; p{color:red}'],
    ['@keyframes', '@keyframes k{from{color:blue}} p{color:red}'],
    ['@supports', '@supports (display:grid){p{color:blue}} p{color:red}'],
    ['@layer', '@layer tmpmail{p{color:blue!important}} p{color:red}'],
    ['@container', '@container (min-width:0){p{color:blue}} p{color:red}'],
    ['@scope', '@scope (body){p{color:blue}} p{color:red}'],
    ['@page', '@page{margin:0} p{color:red}'],
    ['@property', "@property --x{syntax:'*';inherits:true} p{color:red}"],
    ['@-moz-document', '@-moz-document url-prefix(){p{color:blue}} p{color:red}'],
    ['@media print', '@media print{p{color:blue}} p{color:red}'],
    ['nested @media', '@media screen{@media (min-width:0){p{color:blue}}} p{color:red}'],
    ['declarations directly in @media', '@media screen{color:blue} p{color:red}'],
    ['CSS nesting', 'p{color:red;& a{color:blue} a{color:blue}}'],
  ])('drops %s', (_name, css) => {
    expect(sheet(css)).toBe('p{color:red}');
  });

  it('drops rules whose selectors are all refused, and refused selectors from a list', () => {
    expect(
      sheet('#a{color:red} [href]{color:red} a:visited, a{color:blue} p::after{color:red}'),
    ).toBe('a{color:blue}');
  });

  it('keeps raster data: images only, even for remote images the reader could allow', () => {
    expect(sheet(`.a{background:#fff url(${PNG}) no-repeat}`)).toBe(
      `.a{background:#fff url(${PNG}) no-repeat}`,
    );
    for (const url of [
      'https://tracker.example/a.png',
      'http://tracker.example/a.png',
      '//tracker.example/a.png',
      'cid:logo@x',
      'data:image/svg+xml;base64,PHN2Zz4=',
      'javascript:alert(1)',
    ]) {
      expect(sheet(`.a{background:url(${url});color:red}`), url).toBe('.a{color:red}');
    }
  });

  it('judges every declaration exactly as an inline style does', () => {
    const declarations = [
      'color:red',
      'COLOR:red',
      'position:relative',
      'position:fixed',
      'position:absolute !important',
      'position:sticky',
      'position:-webkit-sticky',
      'position:var(--p)',
      'top:0',
      'inset:0',
      'z-index:9',
      'transform:translateY(-9px)',
      'content:"x"',
      'cursor:url(x.cur),auto',
      'width:expression(alert(1))',
      'behavior:url(x.htc)',
      '-moz-binding:url(x.xml#x)',
      'background:u\\72l(https://evil.example/x)',
      'backgr\\6fund:red',
      'background:u/**/rl(https://evil.example/x)',
      'background-image:image-set("https://evil.example/x.png" 1x)',
      'background-image:-webkit-image-set(url(https://evil.example/x.png) 1x)',
      'background-image:cross-fade(url(a.png),red 50%)',
      'background-image:attr(title url)',
      'background:url(https://tracker.example/x.png)',
      `background:url(${PNG})`,
      'font-family:"Helvetica Neue",Arial',
      'font-family:"</style>"',
      'margin:0 auto',
      'display:none',
      'opacity:0.5',
      'border:1px solid #ddd',
    ];
    for (const declaration of declarations) {
      const inSheet = sheet(`p{${declaration}}`) !== '';
      expect(inSheet, declaration).toBe(inlineKeeps(declaration));
    }
  });

  it('accepts a sheet wrapped in <!-- -->, as old templates write it', () => {
    expect(sheet('\n<!--\np{color:red}\n-->\n')).toBe('p{color:red}');
  });

  it('drops a sheet postcss cannot parse whole, and keeps the others', () => {
    for (const broken of ['p{color:red', 'p{font-family:"a}', '}}} p{color:red}', '<p>x</p>']) {
      expect(sheet(broken, 'a{color:blue}'), broken).toBe('a{color:blue}');
    }
  });

  it('never lets the sheet close its <style> element or spill into the next rule', () => {
    const hostile = [
      'p{font-family:"</style><script>alert(1)</script>"}',
      "p{font-family:'</sty' 'le>'}",
      'p{color:red}</style><script>alert(1)</script>',
      'p{background:url("data:image/png;base64,AA</style>")}',
      'p{color:red;}a{color:blue}',
      'p{font-family:"a}b{color:red"}',
      'p{color:red}<!--</style>-->',
    ];
    for (const css of hostile) {
      const out = sheet(css);
      expect(out, css).not.toContain('<');
      // What comes out parses back into rules whose declarations are all on the allow-list.
      parse(out).walkDecls((declaration) => {
        expect(['color', 'font-family', 'background'], css).toContain(declaration.prop);
      });
    }
  });

  it(`keeps at most ${MAIL_STYLE_RULES_MAX} rules, those in @media included`, () => {
    const rules = Array.from({ length: 1100 }, (_, i) => `.r${i}{color:red}`).join('');
    const out = sheet('@media screen{.m1{color:red}.m2{color:red}}', rules);
    let count = 0;
    parse(out).walkRules(() => void (count += 1));
    expect(count).toBe(MAIL_STYLE_RULES_MAX);
    expect(out).toContain('.r1021{color:red}');
    expect(out).not.toContain('.r1022{');
  });

  it(`keeps at most ${MAIL_STYLE_SHEET_MAX_BYTES} bytes`, () => {
    const big = `url(${PNG.padEnd(4000, 'A')})`;
    const rules = Array.from({ length: 100 }, (_, i) => `.r${i}{background:${big}}`).join('');
    const out = sheet(rules);
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(MAIL_STYLE_SHEET_MAX_BYTES);
    expect(Buffer.byteLength(out)).toBeGreaterThan(MAIL_STYLE_SHEET_MAX_BYTES - 5000);
  });

  it('gets through hostile nesting and selector floods quickly', () => {
    const started = performance.now();
    expect(sheet('@media screen{'.repeat(20_000) + 'p{color:red}')).toBe('');
    expect(sheet('p{'.repeat(20_000))).toBe('');
    expect(sheet(`${Array(20_000).fill('div').join(' ')}{color:red}`)).toBe('');
    expect(sheet(`${'.a,'.repeat(20_000)}.b{color:red}`)).toMatch(/^\.a,\.b\{color:red\}$/);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
