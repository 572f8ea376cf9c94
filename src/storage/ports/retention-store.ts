/**
 * @module The retention part of the storage port: bulk deletions for cleanup and the admin
 * statistics counts.
 */

/**
 * Which addresses an address cleanup removes (reference §7.2), each older than a cutoff:
 * `inactive` by updated_at, `created` by created_at, `unbound` (created_at) when no user holds
 * it, `empty` (created_at) when it has no mail.
 */
export type AddressCleanupRule = 'inactive' | 'created' | 'unbound' | 'empty';

/** The admin statistics (reference §1.6 row 17). */
export interface Statistics {
  mailCount: number;
  addressCount: number;
  activeAddressCount7days: number;
  activeAddressCount30days: number;
  userCount: number;
  sendMailCount: number;
}

/**
 * Bulk deletions for cleanup (reference §7.2) and the statistics counts. Cutoffs are
 * `YYYY-MM-DD HH:MM:SS` UTC text; "older than" is strictly before the cutoff. Each method
 * returns how many rows (mails, sendbox rows, addresses) it deleted.
 */
export interface RetentionStore {
  /** Deletes up to `limit` of the oldest mails (created_at, id) created before `cutoff`. */
  deleteMailsOlderThan(cutoff: string, limit: number): Promise<number>;
  /** Deletes every mail created before `cutoff` whose address has no `address` row. */
  deleteUnknownMailsOlderThan(cutoff: string): Promise<number>;
  /** Deletes up to `limit` of the oldest sendbox rows created before `cutoff`. */
  deleteSendboxOlderThan(cutoff: string, limit: number): Promise<number>;
  /**
   * Deletes addresses the rule selects, with their data (as AddressStore.deleteWithData), up to
   * `limit` of them (oldest first by the rule's column), or all when `limit` is null. Works in
   * batches of a bounded size, one transaction each.
   */
  deleteAddressesWithData(
    rule: AddressCleanupRule,
    cutoff: string,
    limit: number | null,
  ): Promise<number>;
  /** Row counts; active = updated_at after `activeSince7days` / `activeSince30days`. */
  statistics(activeSince7days: string, activeSince30days: string): Promise<Statistics>;
  /**
   * Runs one DELETE statement written by the admin (custom cleanup SQL, reference §7.3) as it
   * is, in the database's own dialect; resolves with the rows it deleted. The retention domain
   * checks the statement first (one DELETE, no comments). The only raw SQL the store runs, and
   * it is the admin's own.
   */
  executeRawDelete(statement: string): Promise<number>;
}
