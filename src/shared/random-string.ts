/** @module Cryptographically random strings for names, subdomains and generated passwords. */
import { randomInt } from 'node:crypto';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A string of `length` characters drawn uniformly from `[a-z0-9]`. */
export function randomLowerAlnum(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += LOWER_ALNUM[randomInt(LOWER_ALNUM.length)];
  return out;
}
