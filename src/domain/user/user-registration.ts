/**
 * @module Registration (reference §3.3, `/user_api/register`): the gates, the e-mail rules, and
 * the write. Without mail verification a plain insert (a taken e-mail is UserAlreadyExistsMsg);
 * with it, the code proves the mailbox, so the user is upserted (which doubles as "forgot
 * password") and given the default role.
 */
import { formatSqlTimestamp, type Clock } from '../../shared/clock.js';
import { UserTakenError, type SettingsStore, type UserStore } from '../../storage/ports.js';
import { DomainError } from '../errors.js';
import type { UserRoles } from './user-roles.js';
import { checkUserEmailAllowed, normalizeUserEmail, readUserSettings } from './user-settings.js';
import type { VerifyCodes } from './verify-codes.js';

/** Passwords are the client's SHA-256 hex; the reference accepts 1–100 characters. */
const PASSWORD_LENGTH = { min: 1, max: 100 };

export interface UserRegistrationDeps {
  users: UserStore;
  settings: SettingsStore;
  roles: UserRoles;
  verifyCodes: VerifyCodes;
  hashPassword(secret: string): Promise<string>;
  clock: Clock;
}

export interface Registration {
  email: string;
  password: string;
  code: string | undefined;
  /** The client IP, kept in `user_info` as the reference does. */
  ip: string | undefined;
  /** The human check; registration runs it only when mail verification is off. */
  humanCheck?: (() => Promise<void>) | undefined;
}

/** Throws unless the password has the length the reference accepts. */
export function checkUserPassword(password: string): void {
  if (password.length < PASSWORD_LENGTH.min || password.length > PASSWORD_LENGTH.max) {
    throw new DomainError('invalid_password');
  }
}

export function createUserRegistration(deps: UserRegistrationDeps) {
  const { users, verifyCodes } = deps;

  async function insertNew(user: Parameters<UserStore['insert']>[0], now: string) {
    try {
      await users.insert(user, now);
    } catch (error) {
      if (error instanceof UserTakenError) throw new DomainError('user_exists');
      throw error;
    }
  }

  return {
    /** POST /user_api/register → `{success}` (no token: the client logs in next). */
    async register(input: Registration): Promise<{ success: true }> {
      const settings = await readUserSettings(deps.settings);
      if (!settings.enable) throw new DomainError('registration_disabled');
      const email = normalizeUserEmail(input.email);
      if (!email || !input.password) throw new DomainError('email_or_password_missing');
      checkUserPassword(input.password);
      const verify = settings.enableMailVerify === true;
      if (verify) {
        verifyCodes.assertAvailable();
        await verifyCodes.check(email, input.code);
      } else {
        await input.humanCheck?.();
      }
      checkUserEmailAllowed(settings, email);
      if (verify) deps.roles.checkDefaultRole();
      const user = {
        email,
        passwordHash: await deps.hashPassword(input.password),
        userInfo: JSON.stringify({ geoData: { ip: input.ip ?? null }, userEmail: email }),
      };
      const now = formatSqlTimestamp(deps.clock.now());
      if (!verify) {
        await insertNew(user, now);
        return { success: true };
      }
      const row = await users.upsert(user, now);
      await deps.roles.assignDefaultRole(row.id);
      await verifyCodes.spend(email);
      return { success: true };
    },
  };
}

export type UserRegistration = ReturnType<typeof createUserRegistration>;
