/**
 * @module The rules an admin's custom cleanup SQL must pass (reference §7.3), checked when the
 * settings are saved and again before each run. They keep the statement to one DELETE without
 * comments; they are a guard against mistakes, not a sandbox: the admin can already delete
 * everything through the API.
 */

/** The longest statement accepted, as the reference. */
export const CUSTOM_SQL_MAX_LENGTH = 1000;

/** Why a statement was refused; http/error-table.ts maps each to the reference's message. */
export type CustomSqlProblem =
  'empty' | 'too_long' | 'not_delete' | 'multiple_statements' | 'has_comments';

/** The statement as it runs: trimmed, one trailing `;` removed. */
export function normalizeCustomSql(text: string): string {
  const trimmed = text.trim();
  return trimmed.endsWith(';') ? trimmed.slice(0, -1).trim() : trimmed;
}

/** The first rule the statement breaks, in the reference's order, or null when it passes. */
export function checkCustomSql(text: string): CustomSqlProblem | null {
  const statement = normalizeCustomSql(text);
  if (statement === '') return 'empty';
  if (statement.length > CUSTOM_SQL_MAX_LENGTH) return 'too_long';
  // "DELETE " with its space, as the reference: `DELETE\nFROM` is refused too.
  if (!statement.toUpperCase().startsWith('DELETE ')) return 'not_delete';
  if (statement.includes(';')) return 'multiple_statements';
  if (statement.includes('--') || statement.includes('/*')) return 'has_comments';
  return null;
}
