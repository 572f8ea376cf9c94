/** @module Constant-time comparison of secrets (passwords in headers, password hashes). */
import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * True when `given` equals `expected`, in time independent of where they differ. Both sides
 * are hashed first so that their lengths never leak through an early return.
 */
export function secretEquals(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** True when `given` equals any of `candidates`; every candidate is compared, match or not. */
export function secretIn(given: string, candidates: readonly string[]): boolean {
  let found = false;
  for (const candidate of candidates) found = secretEquals(given, candidate) || found;
  return found;
}

/** Hex SHA-256 of a UTF-8 string: what the reference's frontend sends for typed passwords. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
