import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import {
  assertLength,
  assertMatchesCheckPattern,
  assertNotBlocked,
  assertValidLocalPart,
  findBlockedEntry,
  normalizeName,
  randomName,
} from './address-name.js';

const DEFAULT_STRIP = '[^a-z0-9]';

/** The DomainError `fn` throws (fails the test when it throws nothing or something else). */
function domainErrorOf(fn: () => void): DomainError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a DomainError');
}

describe('normalizeName', () => {
  it('lower-cases before stripping, so capitals survive as lower case (decisions.md 1)', () => {
    expect(normalizeName('Alice', DEFAULT_STRIP)).toBe('alice');
    expect(normalizeName('BOB42', DEFAULT_STRIP)).toBe('bob42');
  });

  it('trims, then removes every character the pattern matches (global)', () => {
    expect(normalizeName('  bob  ', DEFAULT_STRIP)).toBe('bob');
    expect(normalizeName('a.b-c_d+e', DEFAULT_STRIP)).toBe('abcde');
    expect(normalizeName('a-b-c-d', DEFAULT_STRIP)).toBe('abcd');
    expect(normalizeName('---', DEFAULT_STRIP)).toBe('');
  });

  it('follows a custom ADDRESS_REGEX', () => {
    expect(normalizeName('John.Doe_1', '[^a-z0-9._]')).toBe('john.doe_1');
    expect(normalizeName('abc123', '[0-9]')).toBe('abc');
    expect(normalizeName('user name', '\\s')).toBe('username');
  });
});

describe('block list', () => {
  it('matches an entry contained anywhere in the name', () => {
    expect(findBlockedEntry('xxadminxx', ['root', 'admin'])).toBe('admin');
    expect(findBlockedEntry('admin', ['admin'])).toBe('admin');
    expect(findBlockedEntry('adm', ['admin'])).toBeUndefined();
    expect(findBlockedEntry('anything', [])).toBeUndefined();
  });

  it('compares entries case-insensitively', () => {
    expect(findBlockedEntry('theboss', ['BOSS'])).toBe('BOSS');
  });

  it('ignores empty entries (which would otherwise match every name)', () => {
    expect(findBlockedEntry('alice', ['', 'zzz'])).toBeUndefined();
    expect(findBlockedEntry('alice', [''])).toBeUndefined();
  });

  it('assertNotBlocked throws name_blocked with the name', () => {
    expect(() => assertNotBlocked('alice', ['bob'])).not.toThrow();
    const error = domainErrorOf(() => assertNotBlocked('myadmin', ['admin']));
    expect(error.code).toBe('name_blocked');
    expect(error.params).toEqual({ name: 'myadmin' });
  });
});

describe('assertMatchesCheckPattern', () => {
  it('accepts anything when no pattern is set', () => {
    expect(() => assertMatchesCheckPattern('a-b_c', undefined)).not.toThrow();
  });

  it('requires a match and reports the pattern', () => {
    expect(() => assertMatchesCheckPattern('abc', '^[a-z]+$')).not.toThrow();
    const error = domainErrorOf(() => assertMatchesCheckPattern('abc1', '^[a-z]+$'));
    expect(error.code).toBe('name_regex_mismatch');
    expect(error.params).toEqual({ regex: '^[a-z]+$' });
  });

  it('compiles the pattern without flags (case-sensitive)', () => {
    expect(domainErrorOf(() => assertMatchesCheckPattern('ABC', '^[a-z]+$')).code).toBe(
      'name_regex_mismatch',
    );
  });
});

describe('assertLength', () => {
  it('accepts lengths inside the limits, inclusive', () => {
    expect(() => assertLength('abc', 3, 5)).not.toThrow();
    expect(() => assertLength('abcde', 3, 5)).not.toThrow();
  });

  it('refuses a name below the minimum, naming the minimum', () => {
    const error = domainErrorOf(() => assertLength('ab', 3, 5));
    expect(error.code).toBe('name_too_short');
    expect(error.params).toEqual({ min: 3 });
    expect(domainErrorOf(() => assertLength('', 1, 30)).code).toBe('name_too_short');
  });

  it('refuses a name above the maximum, naming the maximum', () => {
    const error = domainErrorOf(() => assertLength('abcdef', 3, 5));
    expect(error.code).toBe('name_too_long');
    expect(error.params).toEqual({ max: 5 });
  });
});

describe('assertValidLocalPart', () => {
  it.each([
    ['a control character', 'a\u0001b'],
    ['DEL', 'a\u007fb'],
    ['a space', 'a b'],
    ['a tab', 'a\tb'],
    ['a double quote', '"ab"'],
    ['an @', 'a@b'],
    ['a leading dot', '.ab'],
    ['a trailing dot', 'ab.'],
    ['a double dot', 'a..b'],
    ['parentheses', 'a(b)'],
    ['nothing at all', ''],
    ['65 octets', 'a'.repeat(65)],
    ['33 two-octet letters (66 octets)', 'ü'.repeat(33)],
  ])('refuses %s', (_what, localPart) => {
    expect(domainErrorOf(() => assertValidLocalPart(localPart)).code).toBe('name_invalid');
  });

  it.each([
    ['plain', 'alice'],
    ['dots between atoms', 'john.doe'],
    ['RFC 5321 specials', "o'neil+tag_x=y"],
    ['exactly 64 octets', 'a'.repeat(64)],
    ['unicode letters', 'josé'],
    ['letters of another script', '用户名'],
    ['32 two-octet letters (64 octets)', 'ü'.repeat(32)],
  ])('accepts %s', (_what, localPart) => {
    expect(() => assertValidLocalPart(localPart)).not.toThrow();
  });
});

describe('randomName', () => {
  it.each([
    [1, 30, 12],
    [1, 64, 12],
    [20, 30, 20],
    [12, 12, 12],
    [1, 5, 5],
    [1, 1, 1],
    [64, 64, 64],
    [0, 0, 1],
  ])('min %i, max %i gives %i characters of [a-z0-9]', (min, max, length) => {
    for (let i = 0; i < 20; i++) {
      const name = randomName(min, max);
      expect(name).toMatch(/^[a-z0-9]+$/);
      expect(name).toHaveLength(length);
    }
  });

  it('differs from call to call', () => {
    const names = new Set(Array.from({ length: 50 }, () => randomName(1, 30)));
    expect(names.size).toBe(50);
  });
});
