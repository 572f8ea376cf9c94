/**
 * @module When a signed token is live: the time rules of hono/jwt's verify (nbf and iat not
 * after now, exp after now, each a finite number when present), against a clock the caller
 * gives rather than Date.now, so every token follows the app clock.
 */
import type { Clock } from '../shared/clock.js';
import type { TokenClaims } from './token-signer.js';

const finiteNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/** Whether `claims` are live at `nowSeconds` (seconds since the epoch). */
export function isTokenLiveAt(claims: TokenClaims, nowSeconds: number): boolean {
  const { nbf, exp, iat } = claims;
  if (nbf !== undefined && !(finiteNumber(nbf) && nbf <= nowSeconds)) return false;
  if (exp !== undefined && !(finiteNumber(exp) && exp > nowSeconds)) return false;
  return iat === undefined || (finiteNumber(iat) && iat <= nowSeconds);
}

/**
 * Whether a token that was live when read (its `exp`, seconds since the epoch; undefined:
 * none) is still live by `clock`: for requests that outlive their check, as live streams do.
 */
export function isBeforeExpiry(expiresAt: number | undefined, clock: Clock): boolean {
  return expiresAt === undefined || expiresAt * 1000 > clock.now().getTime();
}
