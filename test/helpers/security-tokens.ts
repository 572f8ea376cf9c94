/**
 * Hand-made JWTs for the security sweep, built with node:crypto rather than the app's signer so
 * the tests do not trust the code they test: HS256 (and HS512) with any secret, `alg: none`
 * with an empty signature, a flipped signature and a payload moved under another token's
 * signature. Also reads the claims of every JWT-looking string in a response, so a leak
 * check sees names and e-mails that a token would carry base64url-encoded.
 */
import { createHmac } from 'node:crypto';
import { TEST_JWT_SECRET } from './build-test-app.js';

export type Claims = Record<string, unknown>;

/** A secret the app does not know. */
export const OTHER_SECRET = 'another-secret-fedcba9876543210fedcba9876543210';

const part = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** An HMAC-signed token (HS256 by default) with the test JWT_SECRET unless told otherwise. */
export function signToken(
  claims: Claims,
  options: { secret?: string; alg?: 'HS256' | 'HS512' } = {},
): string {
  const alg = options.alg ?? 'HS256';
  const unsigned = `${part({ alg, typ: 'JWT' })}.${part(claims)}`;
  const hash = alg === 'HS256' ? 'sha256' : 'sha512';
  const signature = createHmac(hash, options.secret ?? TEST_JWT_SECRET)
    .update(unsigned, 'utf8')
    .digest('base64url');
  return `${unsigned}.${signature}`;
}

/** An unsigned token: header `{"alg":"none"}`, empty signature. */
export function unsignedToken(claims: Claims): string {
  return `${part({ alg: 'none' })}.${part(claims)}.`;
}

/**
 * The token with its signature changed. The first character is replaced, since the last one of
 * a base64url string may carry only padding bits and decode to the same bytes.
 */
export function flipSignature(token: string): string {
  const [header, payload, signature = ''] = token.split('.');
  const first = signature[0] === 'A' ? 'B' : 'A';
  return `${header}.${payload}.${first}${signature.slice(1)}`;
}

/** `victim`'s claims under `donor`'s header and signature (a valid signature of other bytes). */
export function swapPayload(donor: string, victim: string): string {
  const [header, , signature] = donor.split('.');
  return `${header}.${victim.split('.')[1]}.${signature}`;
}

/** The claims of a token (no verification). */
export function claimsOf(token: string): Claims {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Claims;
}

const JWT_SHAPE = /eyJ[\w-]*\.eyJ[\w-]*\.[\w-]*/g;

/** The decoded headers and payloads of every JWT-looking substring, as text. */
export function decodedTokensIn(text: string): string {
  const decoded: string[] = [];
  for (const match of text.matchAll(JWT_SHAPE)) {
    for (const piece of match[0].split('.').slice(0, 2)) {
      decoded.push(Buffer.from(piece, 'base64url').toString('utf8'));
    }
  }
  return decoded.join('\n');
}

/** Seconds since the epoch. */
export const nowSeconds = () => Math.floor(Date.now() / 1000);
