/**
 * @module The passkey part of the storage port: the WebAuthn credentials users register.
 */

/** A `user_passkeys` row. `passkey` is JSON of the credential (id, publicKey, counter, ...). */
export interface PasskeyRecord {
  id: number;
  user_id: number;
  passkey_name: string;
  passkey_id: string;
  passkey: string;
  counter: number;
  created_at: string;
  updated_at: string;
}

/** What PasskeyStore.insertWithinLimit did. */
export type PasskeyInsertOutcome =
  | { outcome: 'inserted'; passkey: PasskeyRecord }
  | { outcome: 'user_not_found' | 'limit_reached' | 'credential_taken' };

export interface PasskeyStore {
  listForUser(userId: number): Promise<PasskeyRecord[]>;
  /** By credential id, whoever owns it (authentication does not know the user yet). */
  findByCredentialId(passkeyId: string): Promise<PasskeyRecord | undefined>;
  insert(
    passkey: { userId: number; name: string; passkeyId: string; passkey: string; counter: number },
    now: string,
  ): Promise<PasskeyRecord>;
  /**
   * Registration's insert, in one transaction under the write lock of the user's row (as
   * UserStore.bind): refuses when the user is gone, holds `max` passkeys already (0 =
   * unlimited), or the credential id is registered to anyone, so concurrent registrations
   * cannot pass the count together. (Two users registering one credential id at the same
   * moment are not serialised; sign-in then finds the first registration.)
   */
  insertWithinLimit(
    passkey: Parameters<PasskeyStore['insert']>[0],
    max: number,
    now: string,
  ): Promise<PasskeyInsertOutcome>;
  rename(userId: number, passkeyId: string, name: string, now: string): Promise<boolean>;
  delete(userId: number, passkeyId: string): Promise<boolean>;
  /** Stores the new signature counter after a successful authentication. */
  updateCounter(id: number, counter: number, now: string): Promise<void>;
}
