/**
 * @module Salted slow hashing of passwords on the server (decisions.md 3). Clients send the
 * SHA-256 hex the reference's frontend computes; we treat that as an opaque secret and store
 * scrypt of it. The parameters are part of the stored string, so they can be raised later
 * without invalidating existing hashes.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// N=2^14, r=8 (the scrypt paper's interactive-login setting): 16 MiB and about 40 ms per hash
// on this project's 2-core machine. It runs on libuv's thread pool, never blocking the event loop.
const DEFAULT_PARAMS = { N: 16384, r: 8, p: 1 };
const KEY_LENGTH = 32;

function scryptAsync(secret: string, salt: Buffer, params: typeof DEFAULT_PARAMS): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 128 * params.N * params.r * 2 };
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** Hashes `secret` as `scrypt$N$r$p$salt$hash` (base64url parts). */
export async function hashPassword(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(secret, salt, DEFAULT_PARAMS);
  const { N, r, p } = DEFAULT_PARAMS;
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** True when `secret` matches `stored`; false for a malformed or foreign stored value. */
export async function verifyPassword(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every(Number.isSafeInteger) || N > 1 << 20 || r > 32 || p > 16) return false;
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const expected = Buffer.from(parts[5] ?? '', 'base64url');
  if (expected.length !== KEY_LENGTH) return false;
  // Parameters scrypt refuses (N not a power of two, ...) mean a corrupt stored value.
  const key = await scryptAsync(secret, salt, { N, r, p }).catch(() => undefined);
  return key !== undefined && timingSafeEqual(key, expected);
}
