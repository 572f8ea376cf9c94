/**
 * @module Passkey sign-in (reference §1.5 rows 20-21): request options whose challenge is the
 * reference's JWT, then verification of the assertion against the stored credential and a
 * user JWT. Beyond the reference: the challenge is single-use and bound to the RP ID it was
 * issued for, origins and RP IDs may be pinned, and a signature counter that does not move
 * forward is refused (simplewebauthn's check, kept as a 400).
 */
import {
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import {
  issueAuthenticationChallenge,
  readAuthenticationChallenge,
  type AuthenticationChallenge,
  type ReadChallenge,
} from '../../auth/passkey-challenge.js';
import { issueUserToken } from '../../auth/user-token.js';
import { formatSqlTimestamp } from '../../shared/clock.js';
import type { PasskeyRecord } from '../../storage/ports.js';
import { DomainError } from '../errors.js';
import { parseStoredPasskey } from './passkey-credential.js';
import type { PasskeyDeps } from './passkey-deps.js';
import { consumeChallenge } from './passkey-rules.js';

export interface AuthenticationInput {
  /** The RP ID the client signed for. */
  domain: string | undefined;
  origin: string | undefined;
  /** AuthenticationResponseJSON as sent; only `id` has been checked. */
  credential: { id: string };
}

/** PublicKeyCredentialRequestOptionsJSON for `rpId`, with no allowCredentials (discoverable). */
export async function authenticationOptions(
  deps: PasskeyDeps,
  rpId: string,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  if (!deps.rules.rpIdAllowed(rpId)) {
    throw new DomainError('invalid_input', { detail: 'domain is not an allowed passkey RP ID' });
  }
  return generateAuthenticationOptions({
    rpID: rpId,
    allowCredentials: [],
    challenge: await issueAuthenticationChallenge(deps.signer, rpId, deps.clock.now()),
  });
}

/** Verifies the assertion; the new counter and the challenge, or 400 AuthenticationFailedMsg. */
async function verify(
  deps: PasskeyDeps,
  row: PasskeyRecord,
  input: AuthenticationInput & { domain: string; origin: string },
): Promise<{ newCounter: number; challenge: ReadChallenge<AuthenticationChallenge> }> {
  const stored = parseStoredPasskey(row.passkey);
  const seen: { challenge?: ReadChallenge<AuthenticationChallenge> | null } = {};
  try {
    const result = await verifyAuthenticationResponse({
      response: input.credential as AuthenticationResponseJSON,
      expectedChallenge: (encoded) => {
        seen.challenge = readAuthenticationChallenge(deps.signer, encoded, deps.clock.now());
        // A challenge issued for another RP ID is not an answer to this one.
        return seen.challenge?.claims.domain === input.domain;
      },
      expectedOrigin: input.origin,
      expectedRPID: input.domain,
      credential: {
        id: stored.id,
        publicKey: Buffer.from(stored.publicKey, 'base64url'),
        // The column is the live counter; the JSON keeps the value at registration.
        counter: row.counter,
        ...(stored.transports ? { transports: stored.transports } : {}),
      },
      requireUserVerification: false,
    });
    const { challenge } = seen;
    if (result.verified && challenge) {
      return { newCounter: result.authenticationInfo.newCounter, challenge };
    }
  } catch {
    // simplewebauthn throws for every malformed or unverifiable response, a counter that went
    // backwards included: the client's fault, so a 400 (the reference answers some with 500).
  }
  throw new DomainError('passkey_authentication_failed');
}

/** Verifies an AuthenticationResponseJSON; the passkey owner's user JWT. */
export async function authenticateWithPasskey(
  deps: PasskeyDeps,
  input: AuthenticationInput,
): Promise<{ jwt: string }> {
  const row = await deps.passkeys.findByCredentialId(input.credential.id);
  if (!row) throw new DomainError('passkey_not_found');
  const { domain, origin } = input;
  if (
    domain === undefined ||
    origin === undefined ||
    !deps.rules.rpIdAllowed(domain) ||
    !deps.rules.originAllowed(origin)
  ) {
    throw new DomainError('passkey_authentication_failed');
  }
  const { newCounter, challenge } = await verify(deps, row, { ...input, domain, origin });
  if (!(await consumeChallenge(deps, challenge))) {
    throw new DomainError('passkey_authentication_failed');
  }
  const now = deps.clock.now();
  await deps.passkeys.updateCounter(row.id, newCounter, formatSqlTimestamp(now));
  const user = await deps.users.findById(row.user_id);
  if (!user) throw new DomainError('user_not_found_404');
  return {
    jwt: await issueUserToken(deps.signer, { userId: user.id, userEmail: user.user_email }, now),
  };
}
