import { describe, expect, it } from 'vitest';
import { classifyLinks, linksInListUnsubscribe, linksInText } from './classify-links.js';

const kind = (url: string, label = '') => {
  const [link] = classifyLinks([{ url, label }]);
  return link ? link.kind : 'dropped';
};

describe('classifyLinks', () => {
  it.each([
    ['https://x.test/verify-email?t=abc', 'auth_link'],
    ['https://x.test/account/confirm/abc', 'auth_link'],
    ['https://x.test/activate?key=1', 'auth_link'],
    ['https://x.test/auth/magic-link?token=abc', 'auth_link'],
    ['https://x.test/login/callback?code=1', 'auth_link'],
    ['https://x.test/sign-in?email=a', 'auth_link'],
    ['https://x.test/password/reset?t=1', 'auth_link'],
    ['https://x.test/oauth/authorize?client=1', 'auth_link'],
    ['https://x.test/authors/jane', null],
    ['https://github.com/org/repo/pull/12', 'service_link'],
    ['https://ci.x.test/org/repo/actions/runs/99', 'service_link'],
    ['https://x.test/email/unsubscribe?token=abc', 'subscription_link'],
    ['https://x.test/preferences/manage-subscriptions', 'subscription_link'],
    ['https://x.test/blog/post-1', null],
    ['mailto:a@x.test', 'dropped'],
    ['javascript:alert(1)', 'dropped'],
    ['https://', 'dropped'],
  ])('%s → %s', (url, expected) => {
    expect(kind(url)).toBe(expected);
  });

  it('uses the label when the URL says nothing (tracking redirects)', () => {
    expect(kind('https://click.x.test/ls/click?upn=abc', 'Verify your email')).toBe('auth_link');
    expect(kind('https://click.x.test/ls/click?upn=def', '退订')).toBe('subscription_link');
    expect(kind('https://click.x.test/ls/click?upn=ghi', 'ログイン')).toBe('auth_link');
  });

  it('deduplicates, keeping the first label found', () => {
    const links = classifyLinks([
      { url: 'https://x.test/verify?a=1', label: '' },
      { url: 'https://x.test/verify?a=1', label: 'Confirm' },
      { url: 'https://x.test/verify?a=1', label: 'Other' },
    ]);
    expect(links).toEqual([
      { url: 'https://x.test/verify?a=1', label: 'Confirm', kind: 'auth_link' },
    ]);
  });
});

describe('linksInText', () => {
  it('finds http(s) URLs and trims sentence punctuation', () => {
    const links = classifyLinks(
      linksInText(
        'Open https://x.test/verify?t=1. Or (see https://x.test/a). 访问https://x.test/b。谢谢',
      ),
    );
    expect(links.map((l) => l.url)).toEqual([
      'https://x.test/verify?t=1',
      'https://x.test/a',
      'https://x.test/b',
    ]);
  });
});

describe('linksInListUnsubscribe', () => {
  it('keeps the http(s) entries', () => {
    expect(linksInListUnsubscribe('<mailto:u@x.test>, <https://x.test/u?id=1>')).toEqual([
      { url: 'https://x.test/u?id=1', label: '' },
    ]);
  });
});
