/**
 * @module Registration verification codes (reference §3.3): a six-digit code per e-mail, kept in
 * the KV store under `temp-mail:<email>` for five minutes, sent through the VerifyCodeSender
 * port, compared in constant time and capped in wrong attempts. Without a sender, mail
 * verification answers `mail_verify_unavailable` instead of promising a code that never arrives.
 */
import { randomInt } from 'node:crypto';
import { secretEquals } from '../../auth/secret-compare.js';
import type { Clock } from '../../shared/clock.js';
import type { KvStore, SettingsStore } from '../../storage/ports.js';
import { DomainError } from '../errors.js';
import { checkUserEmailAllowed, normalizeUserEmail, readUserSettings } from './user-settings.js';

/** Delivers a verification code by mail (the outgoing-mail port of registration). */
export interface VerifyCodeSender {
  /** Sends `code` from `from` to `to`; throws (a DomainError for a known reason) when it cannot. */
  send(from: string, to: string, code: string): Promise<void>;
}

/** How long a code stays valid, and how long a new one cannot be requested (reference: 300 s). */
export const VERIFY_CODE_TTL_SECONDS = 300;
/**
 * Wrong codes allowed per sent code. Six digits give 900,000 values; without a cap a client
 * spreading guesses over many IPs could still try thousands within the five minutes.
 */
export const MAX_VERIFY_CODE_ATTEMPTS = 5;

const codeKey = (email: string) => `temp-mail:${email}`;
const attemptsKey = (email: string) => `temp-mail-verify-attempts:${email}`;

export interface VerifyCodesDeps {
  kv: KvStore;
  settings: SettingsStore;
  sender: VerifyCodeSender | undefined;
  clock: Clock;
}

export function createVerifyCodes(deps: VerifyCodesDeps) {
  const { kv, clock } = deps;
  const ttlMs = VERIFY_CODE_TTL_SECONDS * 1000;

  return {
    /** Throws unless codes can be sent at all. */
    assertAvailable(): void {
      if (!deps.sender) throw new DomainError('mail_verify_unavailable');
    },

    /** POST /user_api/verify_code: `{success, expirationTtl}` once the code is on its way. */
    async send(input: {
      email: string;
      humanCheck?: (() => Promise<void>) | undefined;
    }): Promise<{ success: true; expirationTtl: number }> {
      const sender = deps.sender;
      if (!sender) throw new DomainError('mail_verify_unavailable');
      await input.humanCheck?.();
      const email = normalizeUserEmail(input.email);
      if (!email) throw new DomainError('email_or_password_missing');
      const settings = await readUserSettings(deps.settings);
      checkUserEmailAllowed(settings, email);
      const from = settings.verifyMailSender;
      if (!from) throw new DomainError('verify_mail_sender_not_set');
      const code = String(randomInt(100_000, 1_000_000));
      const nowMs = clock.now().getTime();
      if (!(await kv.putIfAbsent(codeKey(email), code, nowMs + ttlMs, nowMs))) {
        throw new DomainError('code_already_sent');
      }
      await kv.delete(attemptsKey(email));
      try {
        await sender.send(from, email, code);
      } catch (error) {
        // Nothing was sent: let the user ask again at once.
        await kv.delete(codeKey(email));
        throw error;
      }
      return { success: true, expirationTtl: VERIFY_CODE_TTL_SECONDS };
    },

    /**
     * Throws unless `code` is the live code of `email`. The attempt is counted first (an atomic
     * increment), so parallel guesses cannot pass the cap together.
     */
    async check(email: string, code: string | undefined): Promise<void> {
      const nowMs = clock.now().getTime();
      const attempts = await kv.increment(attemptsKey(email), nowMs + ttlMs, nowMs);
      if (attempts > MAX_VERIFY_CODE_ATTEMPTS) {
        // The code is spent: the user asks for a new one (which resets the count).
        await kv.delete(codeKey(email));
        throw new DomainError('too_many_attempts');
      }
      const stored = await kv.get(codeKey(email), nowMs);
      if (!code || stored === undefined || !secretEquals(code, stored)) {
        throw new DomainError('invalid_verify_code');
      }
    },

    /** Forgets the code once it has been used (the reference kept it for its five minutes). */
    async spend(email: string): Promise<void> {
      await Promise.all([kv.delete(codeKey(email)), kv.delete(attemptsKey(email))]);
    },
  };
}

export type VerifyCodes = ReturnType<typeof createVerifyCodes>;
