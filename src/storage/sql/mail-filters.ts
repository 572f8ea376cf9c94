/** @module Conditions on raw_mails shared by the mail lists and cleanup. */
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Database } from '../db-schema.js';

/**
 * The mail's address has no `address` row ("unknown" mail). NOT EXISTS rather than the
 * reference's NOT IN: one probe of the unique index on address.name per mail, and a mail with
 * no address at all counts as unknown instead of vanishing from every list.
 */
export function hasNoAddressRow({
  not,
  exists,
  selectFrom,
}: ExpressionBuilder<Database, 'raw_mails'>): Expression<SqlBool> {
  return not(
    exists(
      selectFrom('address').select('address.id').whereRef('address.name', '=', 'raw_mails.address'),
    ),
  );
}
