import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password-hash.js';
import { sha256Hex } from './secret-compare.js';

describe('hashPassword / verifyPassword', () => {
  const digest = sha256Hex('correct horse battery staple');

  it('is salted: the same input hashes differently every time', async () => {
    const [a, b] = await Promise.all([hashPassword(digest), hashPassword(digest)]);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(a).not.toContain(digest);
    expect(await verifyPassword(digest, a)).toBe(true);
    expect(await verifyPassword(digest, b)).toBe(true);
  });

  it('rejects a different secret', async () => {
    const stored = await hashPassword(digest);
    expect(await verifyPassword(sha256Hex('wrong'), stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
    expect(await verifyPassword(digest.toUpperCase(), stored)).toBe(false);
  });

  it('hashes the empty string and unicode like any other secret', async () => {
    const empty = await hashPassword('');
    expect(await verifyPassword('', empty)).toBe(true);
    expect(await verifyPassword(' ', empty)).toBe(false);
    const uni = await hashPassword('пароль🔑');
    expect(await verifyPassword('пароль🔑', uni)).toBe(true);
  });

  it('answers false, without throwing, for malformed or foreign stored values', async () => {
    const good = await hashPassword(digest);
    const parts = good.split('$');
    const malformed = [
      '',
      digest, // the reference stored the bare SHA-256 hex
      'scrypt',
      'scrypt$16384$8$1$salt',
      `bcrypt$${parts.slice(1).join('$')}`,
      `${good}$extra`,
      ['scrypt', 'abc', '8', '1', parts[4], parts[5]].join('$'),
      ['scrypt', '16384', '8', '1', parts[4], 'c2hvcnQ'].join('$'), // key of the wrong length
      ['scrypt', String(1 << 24), '8', '1', parts[4], parts[5]].join('$'), // absurd cost
      ['scrypt', '16384', '64', '1', parts[4], parts[5]].join('$'),
      ['scrypt', '16384', '8', '99', parts[4], parts[5]].join('$'),
      ['scrypt', '16385', '8', '1', parts[4], parts[5]].join('$'), // N not a power of two
      ['scrypt', '16384', '8', '1', parts[4], `${parts[5]?.slice(0, -2)}AA`].join('$'),
    ];
    for (const stored of malformed) {
      await expect(verifyPassword(digest, stored), stored).resolves.toBe(false);
    }
  });
});
