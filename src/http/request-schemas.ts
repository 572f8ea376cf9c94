/** @module Input validators shared by routes: flags, ids and pagination as the reference reads them. */
import { z } from 'zod';
import { DomainError } from '../domain/errors.js';

/**
 * The reference's boolean rule for request flags: true or "true" (also 1, which JS clients
 * send). Other strings and numbers ("yes", 2) are a 400 rather than a silent false, since the
 * reference would have read them as true (decisions.md 4).
 */
export const flag = z
  .union([z.boolean(), z.enum(['true', 'false', '']), z.literal([0, 1]), z.null()], {
    error: 'expected a boolean',
  })
  .optional()
  .transform((v) => v === true || v === 'true' || v === 1);

// Generous caps: names and domains are checked precisely by the domain rules; these only
// keep absurd inputs from reaching them.
export const nameField = z.string().max(1000);
export const domainField = z.string().max(1000);

/** A positive integer id from the URL, else a 400. */
export function parseId(raw: string | undefined): number {
  const id = raw !== undefined && /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new DomainError('invalid_input', { detail: 'id must be a positive integer' });
  return id;
}

/** `limit` 1–100 and `offset` ≥ 0, both required and never clamped (reference §0.4). */
export function parsePage(query: (name: string) => string | undefined): {
  limit: number;
  offset: number;
} {
  const limitText = query('limit');
  const offsetText = query('offset');
  const limit = limitText && /^\d+$/.test(limitText) ? Number(limitText) : NaN;
  if (!(limit > 0 && limit <= 100)) throw new DomainError('invalid_limit');
  const offset = offsetText && /^\d+$/.test(offsetText) ? Number(offsetText) : NaN;
  if (!(offset >= 0) || !Number.isSafeInteger(offset)) throw new DomainError('invalid_offset');
  return { limit, offset };
}

/**
 * `raw` on mail lists (our addition): `false` or `0` leaves each row's raw message out, `true`,
 * `1` or absent keeps the reference's rows. Anything else is a 400, so a typo is not silently
 * a full download.
 */
export function parseWithRaw(query: (name: string) => string | undefined): boolean {
  const text = query('raw');
  if (text === undefined || text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  throw new DomainError('invalid_input', { detail: 'raw must be true or false' });
}
