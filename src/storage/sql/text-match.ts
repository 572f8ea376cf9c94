/** @module Matching user-supplied text in SQL: lookups that may contain NUL, LIKE searches. */
import { sql, type RawBuilder, type SqlBool } from 'kysely';

/**
 * PostgreSQL refuses NUL in text parameters (an error, not "no match"), and no stored name,
 * e-mail or id contains one (they are validated), so a lookup with NUL matches nothing on
 * every backend without asking the database.
 */
export const hasNul = (text: string) => text.includes('\u0000');

/** Escapes LIKE wildcards so a search for `a_b` matches the text `a_b` only. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** `column` contains `query` ignoring case; no query matches every row. */
export function containsIgnoringCase(
  column: string,
  query: string | undefined,
): RawBuilder<SqlBool> {
  if (!query) return sql<SqlBool>`1 = 1`;
  if (hasNul(query)) return sql<SqlBool>`1 = 0`;
  return sql<SqlBool>`lower(${sql.ref(column)}) like ${likeContains(query.toLowerCase())} escape '\\'`;
}
