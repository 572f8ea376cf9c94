/** Which selectors a mail's style sheet may keep, and how they are written back. */
import { describe, expect, it } from 'vitest';
import { nthArgument, safeMailSelectorList } from './safe-mail-selector-list.js';

describe('safeMailSelectorList', () => {
  it.each([
    ['p', 'p'],
    ['P', 'p'],
    ['*', '*'],
    ['body', 'body'],
    ['html', 'html'],
    ['.a', '.a'],
    ['.Btn-primary_2', '.Btn-primary_2'],
    ['._x', '._x'],
    ['.-x', '.-x'],
    ['td.stack.wide', 'td.stack.wide'],
    ['div > p', 'div > p'],
    ['div>p', 'div > p'],
    ['h1 + p', 'h1 + p'],
    ['h1~p', 'h1 ~ p'],
    ['table  .x\n\ttd', 'table .x td'],
    ['a:hover', 'a:hover'],
    ['a.button:HOVER', 'a.button:hover'],
    [
      'a:active, a:focus, a:focus-visible, div:focus-within',
      'a:active,a:focus,a:focus-visible,div:focus-within',
    ],
    ['li:first-child, li:last-child, li:only-child', 'li:first-child,li:last-child,li:only-child'],
    [
      'p:first-of-type,p:last-of-type,p:only-of-type,p:empty',
      'p:first-of-type,p:last-of-type,p:only-of-type,p:empty',
    ],
    [':root', ':root'],
    ['tr:nth-child( 2n + 1 )', 'tr:nth-child(2n+1)'],
    ['tr:nth-last-child(-n+3)', 'tr:nth-last-child(-n+3)'],
    [
      'td:nth-of-type(ODD), td:nth-last-of-type(even)',
      'td:nth-of-type(odd),td:nth-last-of-type(even)',
    ],
    ['li:nth-child(3)', 'li:nth-child(3)'],
    ['li:nth-child(n)', 'li:nth-child(n)'],
    [' p , p , a ', 'p,a'],
  ])('keeps %j as %j', (selector, expected) => {
    expect(safeMailSelectorList(selector)).toBe(expected);
  });

  it.each([
    ['#main', 'ids: the sanitiser drops them'],
    ['p#main', 'ids'],
    ['[href]', 'attribute selectors test values (exfiltration)'],
    ['a[href^="https://bank.example/reset?token=a"]', 'attribute prefix match'],
    ['*[x-apple-data-detectors]', 'attribute'],
    ['img[data-remote-image]', 'our own markers'],
    ['a:visited', 'browsing history'],
    ['a:link', 'browsing history'],
    ['a:any-link', 'browsing history'],
    ['p::before', 'pseudo-elements'],
    ['p:before', 'legacy pseudo-elements'],
    ['p::after', 'pseudo-elements'],
    ['::selection', 'pseudo-elements'],
    ['p:not(.a)', 'selector arguments'],
    ['p:is(.a)', 'selector arguments'],
    ['p:where(.a)', 'selector arguments'],
    ['p:has(a)', 'selector arguments'],
    ['p:target', 'not listed'],
    ['input:checked', 'not listed, not kept'],
    ['p:hover(x)', 'arguments to a plain pseudo-class'],
    ['p:nth-child(2n+1 of .a)', 'selector argument'],
    ['p:nth-child(n+)', 'broken An+B'],
    ['p:nth-child()', 'empty An+B'],
    ['p:nth-child(2n+1', 'unclosed'],
    ['p:nth-child(99999999999)', 'huge number'],
    ['.\\61', 'escapes'],
    ['p\\,a', 'escapes'],
    ['.é', 'non-ASCII'],
    ['.1a', 'invalid class'],
    ['svg', 'element the sanitiser drops'],
    ['style', 'our head'],
    ['head', 'our head'],
    ['meta', 'our head'],
    ['input', 'element the sanitiser drops'],
    ['my-element', 'unknown element'],
    ['ns|p', 'namespaces'],
    ['*|*', 'namespaces'],
    ['& .a', 'nesting'],
    ['> p', 'relative selector'],
    ['p >', 'dangling combinator'],
    ['p > > a', 'double combinator'],
    ['p/**/a', 'comments'],
    ['p"a"', 'strings'],
    ['<p>', 'markup'],
    ['p{', 'braces'],
    ['', 'empty'],
    [`.${'a'.repeat(129)}`, 'name too long'],
    [Array(17).fill('div').join(' '), 'too many compounds'],
  ])('refuses %j (%s)', (selector) => {
    expect(safeMailSelectorList(selector)).toBeUndefined();
  });

  it('keeps the safe selectors of a list and leaves out the others', () => {
    expect(safeMailSelectorList('a:link, a:visited, a, #x, .b, [c]')).toBe('a,.b');
    expect(safeMailSelectorList('p:is(a, .b)')).toBe(undefined);
    expect(safeMailSelectorList('p:is(a, .b), .c')).toBe('.c');
    // Commas inside a function, an escape or a string separate nothing.
    expect(safeMailSelectorList('p:not(.x, a, .y)')).toBeUndefined();
    expect(safeMailSelectorList('p\\,a')).toBeUndefined();
    expect(safeMailSelectorList('[title=",a"], .c')).toBeUndefined();
  });

  it('keeps at most 64 selectors of one rule', () => {
    const list = Array.from({ length: 100 }, (_, i) => `.s${i}`).join(',');
    expect(safeMailSelectorList(list)?.split(',')).toHaveLength(64);
  });

  it('keeps 16 compounds in a selector', () => {
    expect(safeMailSelectorList(Array(16).fill('div').join(' '))).toBe(
      Array(16).fill('div').join(' '),
    );
  });
});

describe('nthArgument', () => {
  it.each([
    ['odd', 'odd'],
    [' 2n + 1 ', '2n+1'],
    ['-n+3', '-n+3'],
    ['+5', '+5'],
    ['N', 'n'],
    ['10n-2', '10n-2'],
  ])('reads %j as %j', (raw, expected) => {
    expect(nthArgument(raw)).toBe(expected);
  });

  it.each(['', 'n+', '2n+1 of p', '+', '2x', 'n-n', '1.5n', 'odd even'])('refuses %j', (raw) => {
    expect(nthArgument(raw)).toBeUndefined();
  });
});
