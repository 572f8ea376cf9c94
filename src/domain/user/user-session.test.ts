import { describe, expect, it, vi } from 'vitest';
import { createTokenSigner } from '../../auth/token-signer.js';
import type { UserRecord, UserStore } from '../../storage/ports.js';
import { DomainError } from '../errors.js';
import type { UserRoles } from './user-roles.js';
import { createUserSessions } from './user-session.js';

const row = (password: string): UserRecord => ({
  id: 7,
  user_email: 'known@x.org',
  password,
  user_info: null,
  created_at: '2024-01-01 00:00:00',
  updated_at: '2024-01-01 00:00:00',
});

function sessions(stored: UserRecord | undefined) {
  const verifyPassword = vi.fn((secret: string, hash: string) =>
    Promise.resolve(hash === `hash(${secret})`),
  );
  const hashPassword = vi.fn((secret: string) => Promise.resolve(`dummy(${secret})`));
  const users = {
    findByEmail: (email: string) =>
      Promise.resolve(email === stored?.user_email ? stored : undefined),
  } as unknown as UserStore;
  const service = createUserSessions({
    users,
    roles: {} as UserRoles,
    signer: createTokenSigner('secret-for-unit-tests'),
    hashPassword,
    verifyPassword,
    clock: { now: () => new Date() },
  });
  return { service, verifyPassword, hashPassword };
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: unknown) => (error instanceof DomainError ? error.code : 'other'),
  );

describe('password login', () => {
  it('runs one password check whether or not the e-mail is known (no timing oracle)', async () => {
    const unknown = sessions(undefined);
    expect(await codeOf(unknown.service.login({ email: 'nobody@x.org', password: 'pw' }))).toBe(
      'user_login_failed',
    );
    expect(unknown.verifyPassword).toHaveBeenCalledTimes(1);
    expect(unknown.verifyPassword.mock.calls[0]?.[1]).toMatch(/^dummy\(/);

    const known = sessions(row('hash(right)'));
    expect(await codeOf(known.service.login({ email: 'known@x.org', password: 'wrong' }))).toBe(
      'user_login_failed',
    );
    expect(known.verifyPassword).toHaveBeenCalledTimes(1);
    expect(await codeOf(known.service.login({ email: 'known@x.org', password: 'right' }))).toBe(
      'ok',
    );
  });

  it('makes the dummy hash up front, once', async () => {
    const { service, hashPassword } = sessions(undefined);
    expect(hashPassword).toHaveBeenCalledTimes(1);
    await codeOf(service.login({ email: 'a@x.org', password: 'pw' }));
    await codeOf(service.login({ email: 'b@x.org', password: 'pw' }));
    expect(hashPassword).toHaveBeenCalledTimes(1);
  });

  it('checks against the dummy hash for an OAuth2-only user too, then says user not found', async () => {
    const oauth = sessions(row(''));
    expect(await codeOf(oauth.service.login({ email: 'known@x.org', password: 'x' }))).toBe(
      'user_not_found',
    );
    expect(oauth.verifyPassword.mock.calls[0]?.[1]).toMatch(/^dummy\(/);
  });
});
