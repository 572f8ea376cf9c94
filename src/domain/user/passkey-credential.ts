/**
 * @module The credential kept in `user_passkeys.passkey`, as JSON in the reference's shape:
 * `{id, publicKey (base64url COSE key), counter, deviceType, backedUp, transports}`.
 */

export interface StoredPasskey {
  /** Credential id, base64url. */
  id: string;
  /** COSE public key, base64url. */
  publicKey: string;
  counter: number;
  deviceType: string;
  backedUp: boolean;
  transports: string[] | undefined;
}

/** A stored credential; throws on a row that is not one (a corrupt row is a bug, not input). */
export function parseStoredPasskey(json: string): StoredPasskey {
  const value = JSON.parse(json) as Partial<StoredPasskey> | null;
  if (typeof value?.id !== 'string' || typeof value.publicKey !== 'string') {
    throw new Error('user_passkeys.passkey holds no credential id and public key');
  }
  const transports = Array.isArray(value.transports)
    ? value.transports.filter((t): t is string => typeof t === 'string')
    : undefined;
  return {
    id: value.id,
    publicKey: value.publicKey,
    counter: typeof value.counter === 'number' ? value.counter : 0,
    deviceType: typeof value.deviceType === 'string' ? value.deviceType : 'singleDevice',
    backedUp: value.backedUp === true,
    transports,
  };
}
