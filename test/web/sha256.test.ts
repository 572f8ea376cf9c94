/** The web UI's fallback SHA-256 (used where crypto.subtle is missing) against node:crypto. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Bytes } from '../../web/src/api/sha256.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('web sha256 fallback', () => {
  it('matches node:crypto on empty, short, block-edge and multi-block inputs', () => {
    for (const length of [0, 1, 3, 55, 56, 63, 64, 65, 119, 120, 1000]) {
      const data = new Uint8Array(length).map((_, i) => (i * 31 + 7) & 0xff);
      expect(hex(sha256Bytes(data)), `length ${length}`).toBe(
        createHash('sha256').update(data).digest('hex'),
      );
    }
  });

  it('hashes UTF-8 text as the server expects', () => {
    const text = 'pässwörd 密码';
    expect(hex(sha256Bytes(new TextEncoder().encode(text)))).toBe(
      createHash('sha256').update(text, 'utf8').digest('hex'),
    );
  });
});
