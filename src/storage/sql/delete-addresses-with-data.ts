/**
 * @module Deletes a set of addresses with everything keyed by them, inside the caller's
 * transaction: the same cascade as the reference's address deletion (§1.6 row 3, §7.2).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db-schema.js';

export interface AddressKey {
  id: number;
  name: string;
}

/**
 * Rows keyed by name (mails, sendbox, sender, auto-reply) and by id (user binding) go first,
 * then the address rows. The caller bounds `addresses` (each list is bound as parameters).
 * Returns how many address rows were deleted.
 */
export async function deleteAddressesWithData(
  trx: Kysely<Database>,
  addresses: readonly AddressKey[],
): Promise<number> {
  if (addresses.length === 0) return 0;
  const names = addresses.map((a) => a.name);
  const ids = addresses.map((a) => a.id);
  await trx.deleteFrom('raw_mails').where('address', 'in', names).execute();
  await trx.deleteFrom('sendbox').where('address', 'in', names).execute();
  await trx.deleteFrom('address_sender').where('address', 'in', names).execute();
  await trx.deleteFrom('auto_reply_mails').where('address', 'in', names).execute();
  await trx.deleteFrom('users_address').where('address_id', 'in', ids).execute();
  const result = await trx.deleteFrom('address').where('id', 'in', ids).executeTakeFirst();
  return Number(result.numDeletedRows);
}
