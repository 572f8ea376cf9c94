import { describe, expect, it } from 'vitest';
import {
  blacklistMatcher,
  compileSafeRegex,
  unsafeRegexReason,
  whitelistMatcher,
} from './access-patterns.js';

describe('unsafeRegexReason', () => {
  it('accepts the shapes IP, organisation and fingerprint patterns take', () => {
    for (const pattern of [
      '^192\\.168\\.1\\.\\d+$',
      '^10\\.\\d+\\.\\d+\\.\\d+$',
      '^(10|172)\\.',
      '(\\d{1,3}\\.){3}\\d{1,3}',
      '^digital ?ocean',
      '.*amazon.*',
      '[(+*)]+',
      '^(?:abc)?x$',
    ]) {
      expect(unsafeRegexReason(pattern), pattern).toBeUndefined();
    }
  });

  it('refuses nested repetition, backreferences and many unbounded quantifiers', () => {
    expect(unsafeRegexReason('(a+)+$')).toBe('nested repetition');
    expect(unsafeRegexReason('(a*)*')).toBe('nested repetition');
    expect(unsafeRegexReason('((a)+)+')).toBe('nested repetition');
    expect(unsafeRegexReason('(a|aa)+')).toBe('nested repetition');
    expect(unsafeRegexReason('(?:x\\d+){2,}')).toBe('nested repetition');
    expect(unsafeRegexReason('(\\d+){1,100}')).toBe('nested repetition');
    expect(unsafeRegexReason('(a)\\1')).toBe('backreference');
    expect(unsafeRegexReason('(?<x>a)\\k<x>')).toBe('backreference');
    expect(unsafeRegexReason('\\d*\\d*\\d*\\d*')).toBe('too many repetitions');
  });

  it('compileSafeRegex gives nothing for invalid, unsafe or over-long patterns', () => {
    expect(compileSafeRegex('[x')).toBeUndefined();
    expect(compileSafeRegex('(a+)+')).toBeUndefined();
    expect(compileSafeRegex(`^${'a'.repeat(300)}$`)).toBeUndefined();
    expect(compileSafeRegex('^a+$')?.test('aaa')).toBe(true);
  });
});

describe('matchers', () => {
  it('blacklist: substring or regex, case-folding on request, unusable regex as text', () => {
    const ips = blacklistMatcher(['10.0.0', '^192\\.168\\.', '(a+)+'], true);
    expect(ips(['10.0.0.5'])).toBe(true);
    expect(ips(['192.168.3.4'])).toBe(true);
    expect(ips(['1.192.168.3'])).toBe(false);
    expect(ips(['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'])).toBe(false);
    expect(ips(['x(a+)+'])).toBe(true);
    expect(blacklistMatcher(['Amazon'], true)(['amazon'])).toBe(false);
    expect(blacklistMatcher(['Amazon', '^google'], false)(['AMAZON.com'])).toBe(true);
    expect(blacklistMatcher(['^google'], false)(['Google LLC'])).toBe(true);
  });

  it('whitelist: exact addresses, regexes, and an unusable regex never matches', () => {
    const allowed = whitelistMatcher(['1.2.3.4', '::ffff:5.6.7.8', '2001:db8::1', '^9\\.9\\.']);
    expect(allowed(['1.2.3.4'])).toBe(true);
    expect(allowed(['1.2.3.45'])).toBe(false);
    expect(allowed(['1x2x3x4'])).toBe(false);
    expect(allowed(['::ffff:5.6.7.8'])).toBe(true);
    expect(allowed(['2001:db8::1'])).toBe(true);
    expect(allowed(['2001:db8::12'])).toBe(false);
    expect(allowed(['9.9.1.1'])).toBe(true);
    expect(whitelistMatcher(['(1+)+'])(['111'])).toBe(false);
    expect(whitelistMatcher(['plain'])(['plain'])).toBe(true);
    expect(whitelistMatcher(['plain'])(['plainer'])).toBe(false);
  });
});
