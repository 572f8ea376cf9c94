/**
 * @module Cloudflare Turnstile human check, enforced when both keys are configured. A failed
 * or unreachable verification counts as a failed check (fail closed).
 */
import { DomainError } from '../domain/errors.js';

export interface TurnstileOptions {
  siteKey: string | undefined;
  secretKey: string | undefined;
  verifyUrl: string;
  /** Also require the check on login endpoints (ENABLE_GLOBAL_TURNSTILE_CHECK). */
  global: boolean;
}

export interface Turnstile {
  readonly enabled: boolean;
  readonly globalEnabled: boolean;
  /** Throws DomainError('human_check_failed') unless the token verifies. */
  check(token: unknown, ip: string | undefined): Promise<void>;
}

// A siteverify call that hangs must not hold the request for long.
const VERIFY_TIMEOUT_MS = 5000;

export function createTurnstile(options: TurnstileOptions): Turnstile {
  const enabled = Boolean(options.siteKey && options.secretKey);
  return {
    enabled,
    globalEnabled: enabled && options.global,
    async check(token, ip) {
      if (typeof token !== 'string' || token === '') throw new DomainError('human_check_failed');
      const form = new URLSearchParams({ secret: options.secretKey ?? '', response: token });
      if (ip) form.set('remoteip', ip);
      try {
        const response = await fetch(options.verifyUrl, {
          method: 'POST',
          body: form,
          signal: AbortSignal.timeout(VERIFY_TIMEOUT_MS),
        });
        const outcome = (await response.json()) as { success?: unknown };
        if (outcome.success === true) return;
      } catch {
        // fall through: an unverifiable token is a failed check
      }
      throw new DomainError('human_check_failed');
    },
  };
}
