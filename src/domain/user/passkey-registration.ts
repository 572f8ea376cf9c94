/**
 * @module Passkey registration (reference §1.5 rows 18-19): creation options whose challenge is
 * the reference's JWT, then verification of the `none` attestation and storage of the
 * credential. Beyond the reference: the challenge is single-use, origins and RP IDs may be
 * pinned, a user holds at most `maxPerUser` passkeys, a credential id is registered once across
 * all users, and a failed verification is a 400 rather than a 500.
 */
import {
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import {
  issueRegistrationChallenge,
  readRegistrationChallenge,
  type ReadChallenge,
  type RegistrationChallenge,
} from '../../auth/passkey-challenge.js';
import { formatSqlTimestamp } from '../../shared/clock.js';
import { DomainError } from '../errors.js';
import { parseStoredPasskey, type StoredPasskey } from './passkey-credential.js';
import type { PasskeyDeps, SignedInUser } from './passkey-deps.js';
import { checkPasskeyName, consumeChallenge } from './passkey-rules.js';

/** A browser reports a handful of transports; more than this is not a real response. */
const MAX_TRANSPORTS = 8;
const MAX_TRANSPORT_LENGTH = 32;

export interface RegistrationInput {
  credential: unknown;
  origin: string | undefined;
  name: unknown;
}

async function assertBelowLimit(deps: PasskeyDeps, userId: number): Promise<StoredPasskey[]> {
  const rows = await deps.passkeys.listForUser(userId);
  const max = deps.policy.maxPerUser;
  if (rows.length >= max) throw new DomainError('passkey_limit_reached', { max });
  return rows.map((row) => parseStoredPasskey(row.passkey));
}

/** PublicKeyCredentialCreationOptionsJSON for `rpId` (the client's `domain`). */
export async function registrationOptions(
  deps: PasskeyDeps,
  user: SignedInUser,
  rpId: string,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  if (!deps.rules.rpIdAllowed(rpId)) {
    throw new DomainError('invalid_input', { detail: 'domain is not an allowed passkey RP ID' });
  }
  const existing = await assertBelowLimit(deps, user.userId);
  return generateRegistrationOptions({
    rpName: deps.policy.rpName,
    rpID: rpId,
    userID: new TextEncoder().encode(String(user.userId)),
    userName: user.userEmail,
    userDisplayName: user.userEmail,
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({
      id: p.id,
      ...(p.transports ? { transports: p.transports } : {}),
    })),
    challenge: await issueRegistrationChallenge(deps.signer, user, deps.clock.now()),
  });
}

function transportsOf(credential: RegistrationResponseJSON): string[] | undefined {
  const transports: unknown = credential.response.transports;
  if (!Array.isArray(transports)) return undefined;
  return transports
    .filter((t): t is string => typeof t === 'string' && t.length <= MAX_TRANSPORT_LENGTH)
    .slice(0, MAX_TRANSPORTS);
}

/** Verifies the attestation for this user; what to store, or a 400 RegistrationFailedMsg. */
async function verify(
  deps: PasskeyDeps,
  user: SignedInUser,
  credential: RegistrationResponseJSON,
  origin: string,
): Promise<{ passkey: StoredPasskey; challenge: ReadChallenge<RegistrationChallenge> }> {
  const seen: { challenge?: ReadChallenge<RegistrationChallenge> | null } = {};
  try {
    const result = await verifyRegistrationResponse({
      response: credential,
      expectedChallenge: (encoded) => {
        seen.challenge = readRegistrationChallenge(deps.signer, encoded, deps.clock.now());
        // Only the user the challenge was issued to may answer it.
        return seen.challenge?.claims.userId === user.userId;
      },
      expectedOrigin: origin,
      ...(deps.rules.restricted ? { expectedRPID: [...deps.rules.rpIds] } : {}),
      requireUserVerification: false,
    });
    const { challenge } = seen;
    if (result.verified && challenge) {
      const info = result.registrationInfo;
      const passkey: StoredPasskey = {
        id: info.credential.id,
        publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
        counter: info.credential.counter,
        deviceType: info.credentialDeviceType,
        backedUp: info.credentialBackedUp,
        transports: transportsOf(credential),
      };
      return { passkey, challenge };
    }
  } catch {
    // simplewebauthn throws for every malformed or unverifiable response: the client's fault.
  }
  throw new DomainError('passkey_registration_failed');
}

/** Verifies a RegistrationResponseJSON and stores the passkey under `name`. */
export async function registerPasskey(
  deps: PasskeyDeps,
  user: SignedInUser,
  input: RegistrationInput,
): Promise<void> {
  const name = checkPasskeyName(input.name);
  const { origin } = input;
  if (origin === undefined || !deps.rules.originAllowed(origin)) {
    throw new DomainError('passkey_registration_failed');
  }
  const { passkey, challenge } = await verify(
    deps,
    user,
    input.credential as RegistrationResponseJSON,
    origin,
  );
  if (!(await consumeChallenge(deps, challenge))) {
    throw new DomainError('passkey_registration_failed');
  }
  // Counted and inserted in one transaction under the user's row lock: two registrations at
  // once cannot both pass the limit. One credential, one owner: authentication finds a passkey
  // by credential id alone.
  const stored = await deps.passkeys.insertWithinLimit(
    {
      userId: user.userId,
      name,
      passkeyId: passkey.id,
      passkey: JSON.stringify(passkey),
      counter: passkey.counter,
    },
    deps.policy.maxPerUser,
    formatSqlTimestamp(deps.clock.now()),
  );
  switch (stored.outcome) {
    case 'inserted':
      return;
    case 'user_not_found':
      throw new DomainError('user_not_found');
    case 'limit_reached':
      throw new DomainError('passkey_limit_reached', { max: deps.policy.maxPerUser });
    case 'credential_taken':
      throw new DomainError('passkey_registration_failed');
  }
}
