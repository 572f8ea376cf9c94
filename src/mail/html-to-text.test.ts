import { describe, expect, it } from 'vitest';
import { decodeEntities, htmlToText } from './html-to-text.js';

describe('htmlToText', () => {
  it('drops hidden elements and comments, breaks blocks into lines', () => {
    const html =
      '<!DOCTYPE html><html><head><title>T</title><style>p{color:red}</style></head><body>' +
      '<script>var code = 999999;</script><!-- hidden 111111 -->' +
      '<h1>Hello</h1><p>Your code\n is <b>123456</b></p><div>Line<br>break</div>' +
      '<table><tr><td>a</td><td>b</td></tr></table></body></html>';
    expect(htmlToText(html).text).toBe('Hello\n\nYour code is 123456\n\nLine\nbreak\n\na b');
  });

  it('decodes entities in text and in hrefs, and collects anchors with their labels', () => {
    const { text, links } = htmlToText(
      '<p>Tom &amp; Jerry&nbsp;&#8212;&#x2014; &copy; &unknown; &amp</p>' +
        '<a class="btn" href="https://x.test/a?b=1&amp;c=2"> Sign <b>in</b> </a>' +
        "<a href='https://x.test/single'>S</a><a href=https://x.test/bare>B</a><a name=top>no href</a>",
    );
    expect(text).toBe('Tom & Jerry —— © &unknown; &amp\nSign in SBno href');
    expect(links).toEqual([
      { url: 'https://x.test/a?b=1&c=2', label: 'Sign in' },
      { url: 'https://x.test/single', label: 'S' },
      { url: 'https://x.test/bare', label: 'B' },
    ]);
  });

  it('keeps a "<" that starts no tag, and text after an unclosed tag', () => {
    expect(htmlToText('a < b and 3<4').text).toBe('a < b and 3<4');
    expect(htmlToText('before <b unclosed').text).toBe('before <b unclosed');
    expect(htmlToText('x <script>never closed 123456').text).toBe('x');
    expect(htmlToText('x <!-- never closed').text).toBe('x');
  });

  it('stays linear on hostile markup', () => {
    const inputs = [
      '<'.repeat(500_000),
      '<a'.repeat(250_000),
      '<script>'.repeat(60_000),
      '<!--'.repeat(120_000),
      '<a href=x>'.repeat(50_000),
      '< >'.repeat(150_000),
    ];
    for (const input of inputs) {
      const started = performance.now();
      htmlToText(input);
      expect(performance.now() - started).toBeLessThan(2_000);
    }
  });
});

describe('decodeEntities', () => {
  it('decodes numeric and common named references, leaves the rest', () => {
    expect(decodeEntities('&lt;&gt;&quot;&apos;&#39;&#x41;&#0;&#xD800;&#1114112;&zwnj;')).toBe(
      `<>"''A&#0;&#xD800;&#1114112;`,
    );
  });
});
