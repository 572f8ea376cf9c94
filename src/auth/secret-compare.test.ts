import { describe, expect, it } from 'vitest';
import { secretEquals, secretIn, sha256Hex } from './secret-compare.js';

describe('secretEquals', () => {
  it('is true only for identical strings', () => {
    expect(secretEquals('hunter2', 'hunter2')).toBe(true);
    expect(secretEquals('hunter2', 'hunter3')).toBe(false);
    expect(secretEquals('Hunter2', 'hunter2')).toBe(false);
    expect(secretEquals('', '')).toBe(true);
  });

  it('compares strings of different lengths without throwing', () => {
    // timingSafeEqual throws on unequal lengths; the hashing step must prevent that.
    expect(secretEquals('a', 'a much longer secret')).toBe(false);
    expect(secretEquals('a much longer secret', 'a')).toBe(false);
    expect(secretEquals('', 'x')).toBe(false);
    expect(secretEquals('prefix', 'prefix-and-more')).toBe(false);
  });

  it('compares by UTF-8 content, not by UTF-16 length', () => {
    expect(secretEquals('pässwörd🔑', 'pässwörd🔑')).toBe(true);
    expect(secretEquals('pässwörd🔑', 'passwörd🔑')).toBe(false);
    expect(secretEquals('\u0000', '')).toBe(false);
  });
});

describe('secretIn', () => {
  it('finds the secret at any position of the list', () => {
    expect(secretIn('b', ['a', 'b', 'c'])).toBe(true);
    expect(secretIn('a', ['a', 'b', 'c'])).toBe(true);
    expect(secretIn('c', ['a', 'b', 'c'])).toBe(true);
  });

  it('is false for a missing secret, an empty list, and entries of other lengths', () => {
    expect(secretIn('d', ['a', 'b', 'c'])).toBe(false);
    expect(secretIn('a', [])).toBe(false);
    expect(secretIn('', [])).toBe(false);
    expect(secretIn('abc', ['ab', 'abcd', 'abc '])).toBe(false);
  });
});

describe('sha256Hex', () => {
  it('gives the hex digest the reference frontend sends', () => {
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
