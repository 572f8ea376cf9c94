/** @module Small rules shared by the passkey ceremonies and management calls. */
import { PASSKEY_CHALLENGE_TTL_SECONDS, type ReadChallenge } from '../../auth/passkey-challenge.js';
import { DomainError } from '../errors.js';
import type { PasskeyDeps } from './passkey-deps.js';

/** The reference's bound on passkey names (§1.5 row 16). */
export const MAX_PASSKEY_NAME_LENGTH = 255;

/**
 * A name of 1-255 characters, or 400 InvalidPasskeyNameMsg. NUL is refused too: PostgreSQL
 * cannot store it in text, and it would be a 500 there.
 */
export function checkPasskeyName(name: unknown): string {
  if (
    typeof name !== 'string' ||
    name.length < 1 ||
    name.length > MAX_PASSKEY_NAME_LENGTH ||
    name.includes('\u0000')
  ) {
    throw new DomainError('invalid_passkey_name');
  }
  return name;
}

/**
 * Marks a verified challenge as used; false when it was used before. The reference accepts a
 * challenge any number of times within its 5 minutes, so a captured assertion could be
 * replayed; here the first use wins, on every node (the KV table is shared). The entry lives
 * as long as the challenge would be accepted.
 */
export function consumeChallenge(
  deps: Pick<PasskeyDeps, 'kv' | 'clock'>,
  challenge: ReadChallenge<{ iat: number }>,
): Promise<boolean> {
  const expiresAtMs = (challenge.claims.iat + PASSKEY_CHALLENGE_TTL_SECONDS + 1) * 1000;
  return deps.kv.putIfAbsent(
    `passkey-challenge:${challenge.digest}`,
    '1',
    expiresAtMs,
    deps.clock.now().getTime(),
  );
}
