/**
 * @module WebAuthn challenges as the reference makes them (§0.6): an HS256 JWT with
 * `user_email`, `user_id`, `iat` (registration) or `domain`, `iat` (authentication), accepted for
 * 300 s after `iat`. The JWT text is the challenge; browsers carry it base64url-encoded in
 * clientDataJSON, so reading starts from that form.
 *
 * One claim is added: a random `jti`. Without it every challenge for one RP ID issued within
 * the same second is the same text, so a single-use challenge would let only one sign-in per
 * second succeed, and a challenge should be unpredictable anyway (WebAuthn §13.4.3). Clients
 * treat the challenge as opaque, so the extra claim changes nothing for them.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { TokenSigner } from './token-signer.js';

/** How long a challenge is accepted after it was issued: the reference's 5 minutes. */
export const PASSKEY_CHALLENGE_TTL_SECONDS = 300;
/**
 * A challenge issued slightly "in the future" is still accepted: nodes behind one load balancer
 * may disagree on the time by a few seconds.
 */
const CLOCK_SKEW_SECONDS = 30;
/** base64url of a challenge JWT is far below this; anything longer is not ours. */
const MAX_ENCODED_CHALLENGE = 4096;

export interface RegistrationChallenge {
  userId: number;
  userEmail: string;
  iat: number;
}

export interface AuthenticationChallenge {
  domain: string;
  iat: number;
}

/** A verified challenge: its claims, plus a digest that names it for single use. */
export interface ReadChallenge<T> {
  claims: T;
  digest: string;
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
/** 128 random bits, the size WebAuthn recommends for a challenge. */
const newJti = () => randomBytes(16).toString('base64url');

export function issueRegistrationChallenge(
  signer: TokenSigner,
  user: { userId: number; userEmail: string },
  now: Date,
): Promise<string> {
  return signer.sign({
    user_email: user.userEmail,
    user_id: user.userId,
    iat: seconds(now),
    jti: newJti(),
  });
}

export function issueAuthenticationChallenge(
  signer: TokenSigner,
  domain: string,
  now: Date,
): Promise<string> {
  return signer.sign({ domain, iat: seconds(now), jti: newJti() });
}

/** The claims of a fresh challenge (signature valid, `iat` within the window), or null. */
function readFresh(
  signer: TokenSigner,
  encoded: string,
  now: Date,
): ReadChallenge<Record<string, unknown>> | null {
  if (encoded.length > MAX_ENCODED_CHALLENGE) return null;
  const jwt = Buffer.from(encoded, 'base64url').toString('utf8');
  // Freshness is judged below by the injected clock alone (challenges carry no exp), so only
  // the signature is checked here.
  const claims = signer.verifySignatureOnly(jwt);
  // No `exp`: user and role tokens, which share the secret, never pass as challenges.
  if (!claims || claims['exp'] !== undefined || typeof claims['iat'] !== 'number') return null;
  const age = seconds(now) - claims['iat'];
  if (age > PASSKEY_CHALLENGE_TTL_SECONDS || age < -CLOCK_SKEW_SECONDS) return null;
  return { claims, digest: createHash('sha256').update(jwt, 'utf8').digest('hex') };
}

/** Reads a registration challenge from its base64url form (clientDataJSON.challenge). */
export function readRegistrationChallenge(
  signer: TokenSigner,
  encoded: string,
  now: Date,
): ReadChallenge<RegistrationChallenge> | null {
  const read = readFresh(signer, encoded, now);
  const userId = read?.claims['user_id'];
  const userEmail = read?.claims['user_email'];
  if (!read || typeof userId !== 'number' || typeof userEmail !== 'string') return null;
  return { claims: { userId, userEmail, iat: read.claims['iat'] as number }, digest: read.digest };
}

/** Reads an authentication challenge from its base64url form (clientDataJSON.challenge). */
export function readAuthenticationChallenge(
  signer: TokenSigner,
  encoded: string,
  now: Date,
): ReadChallenge<AuthenticationChallenge> | null {
  const read = readFresh(signer, encoded, now);
  const domain = read?.claims['domain'];
  if (!read || typeof domain !== 'string' || read.claims['user_id'] !== undefined) return null;
  return { claims: { domain, iat: read.claims['iat'] as number }, digest: read.digest };
}
