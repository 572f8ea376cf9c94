/** @module Local-part rules: normalization, checks, random names (reference §2.1, §2.4). */
import { randomLowerAlnum } from '../../shared/random-string.js';
import { DomainError } from '../errors.js';

/**
 * Lower-cases first, then removes every character matching `stripPattern` (decisions.md 1:
 * "Alice" becomes "alice", where the reference would strip the capital and give "lice").
 */
export function normalizeName(raw: string, stripPattern: string): string {
  return raw.trim().toLowerCase().replace(new RegExp(stripPattern, 'g'), '');
}

/** The block-list entry contained in `name`, if any (entries compare lower-cased, empties skipped). */
export function findBlockedEntry(name: string, blockList: readonly string[]): string | undefined {
  return blockList.find((entry) => entry !== '' && name.includes(entry.toLowerCase()));
}

export function assertNotBlocked(name: string, blockList: readonly string[]): void {
  if (findBlockedEntry(name, blockList) !== undefined)
    throw new DomainError('name_blocked', { name });
}

export function assertMatchesCheckPattern(name: string, checkPattern: string | undefined): void {
  if (checkPattern !== undefined && !new RegExp(checkPattern).test(name)) {
    throw new DomainError('name_regex_mismatch', { regex: checkPattern });
  }
}

export function assertLength(name: string, min: number, max: number): void {
  if (name.length < min) throw new DomainError('name_too_short', { min });
  if (name.length > max) throw new DomainError('name_too_long', { max });
}

// RFC 5321 dot-atom characters, plus letters and digits of any script (RFC 6531), so that a
// permissive ADDRESS_REGEX can never produce an address mail servers would refuse or misread.
const DOT_ATOM = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;
const MAX_LOCAL_PART_OCTETS = 64;

/** Whatever ADDRESS_REGEX allows, the final local part must be a valid, unquoted one. */
export function assertValidLocalPart(localPart: string): void {
  if (!DOT_ATOM.test(localPart) || Buffer.byteLength(localPart, 'utf8') > MAX_LOCAL_PART_OCTETS) {
    throw new DomainError('name_invalid');
  }
}

/**
 * A random name of `[a-z0-9]`: 12 characters (36^12 possibilities) unless the length limits
 * ask for fewer or more.
 */
export function randomName(minLength: number, maxLength: number): string {
  const length = Math.min(Math.max(minLength, 12, 1), Math.max(maxLength, 1));
  return randomLowerAlnum(length);
}
