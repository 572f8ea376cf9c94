/** Which `@media` conditions a mail's style sheet may keep, and how they are written back. */
import { describe, expect, it } from 'vitest';
import { safeMediaQueryList } from './safe-media-query-list.js';

describe('safeMediaQueryList', () => {
  it.each([
    ['screen', 'screen'],
    ['all', 'all'],
    ['only screen and (max-width: 600px)', 'only screen and (max-width:600px)'],
    ['ONLY SCREEN AND (MAX-WIDTH:600PX)', 'only screen and (max-width:600px)'],
    ['(prefers-color-scheme: dark)', '(prefers-color-scheme:dark)'],
    ['(prefers-color-scheme:light)', '(prefers-color-scheme:light)'],
    ['screen and (min-width:0)', 'screen and (min-width:0)'],
    [
      '(max-device-width:480px) and (orientation:landscape)',
      '(max-device-width:480px) and (orientation:landscape)',
    ],
    ['(max-width:37.5em)', '(max-width:37.5em)'],
    ['(min-height:20rem)', '(min-height:20rem)'],
    ['not screen', 'not screen'],
    [
      'screen and (max-width:600px),\n screen and (max-device-width:600px)',
      'screen and (max-width:600px),screen and (max-device-width:600px)',
    ],
  ])('keeps %j as %j', (params, expected) => {
    expect(safeMediaQueryList(params)).toBe(expected);
  });

  it.each([
    'print',
    'screen, print',
    'speech',
    '(min-resolution:2dppx)',
    '(-webkit-min-device-pixel-ratio:2)',
    '(hover:hover)',
    '(prefers-color-scheme:blue)',
    '(width <= 600px)',
    '(max-width:600)',
    '(max-width:600vw)',
    '(max-width:calc(600px))',
    '(max-width:var(--w))',
    '(max-width)',
    'screen and',
    'and (max-width:1px)',
    'only (max-width:1px)',
    '(max-width:1px) screen',
    'screen (max-width:1px)',
    'screen and (max-width:1px) or (min-width:2px)',
    'supports(display:grid)',
    '\\73 creen',
    '"screen"',
    'screen;',
    'screen{',
    '',
    '  ',
    Array(9).fill('screen').join(','),
  ])('refuses %j', (params) => {
    expect(safeMediaQueryList(params)).toBeUndefined();
  });
});
