/**
 * Helpers for the user-account tests: open registration, register and sign in, the user token
 * header, and a verification-code sender that captures what it would send.
 */
import { expect } from 'vitest';
import { sha256Hex } from '../../src/auth/secret-compare.js';
import type { VerifyCodeSender } from '../../src/domain/user/verify-codes.js';
import { adminHeaders, type TestApp } from './build-test-app.js';

/** What a client sends for a typed password (the reference frontend's SHA-256 hex). */
export const digest = (password: string) => sha256Hex(password);

export const userHeaders = (jwt: string) => ({ 'x-user-token': jwt });

export interface Reply {
  status: number;
  text: string;
}

export async function send(
  app: TestApp,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const admin = path.startsWith('/admin') ? adminHeaders : {};
  const res = await app.request(method, path, {
    ...options,
    headers: { ...admin, ...options.headers },
  });
  return { status: res.status, text: await res.text() };
}

/** A 200 reply's JSON, failing with the body's text otherwise. */
export async function ok<T = Record<string, unknown>>(reply: Promise<Reply>): Promise<T> {
  const { status, text } = await reply;
  expect(status, text).toBe(200);
  return JSON.parse(text) as T;
}

/** Stores user_settings through the admin API (registration open unless told otherwise). */
export async function setUserSettings(app: TestApp, settings: Record<string, unknown> = {}) {
  await ok(send(app, 'POST', '/admin/user_settings', { body: { enable: true, ...settings } }));
}

export async function register(app: TestApp, email: string, password = 'secret') {
  await ok(
    send(app, 'POST', '/user_api/register', { body: { email, password: digest(password) } }),
  );
}

export async function login(app: TestApp, email: string, password = 'secret'): Promise<string> {
  const { jwt } = await ok<{ jwt: string }>(
    send(app, 'POST', '/user_api/login', { body: { email, password: digest(password) } }),
  );
  return jwt;
}

/** Registers (registration must be open) and signs in: the user's token and id. */
export async function newUser(
  app: TestApp,
  email: string,
): Promise<{ jwt: string; id: number; headers: Record<string, string> }> {
  await register(app, email);
  const jwt = await login(app, email);
  const settings = await ok<{ user_id: number }>(
    send(app, 'GET', '/user_api/settings', { headers: userHeaders(jwt) }),
  );
  return { jwt, id: settings.user_id, headers: userHeaders(jwt) };
}

/** A sender that records each code instead of mailing it; `fail` makes the next send throw. */
export function capturingSender(): VerifyCodeSender & {
  sent: { from: string; to: string; code: string }[];
  fail: boolean;
} {
  const sender = {
    sent: [] as { from: string; to: string; code: string }[],
    fail: false,
    send(from: string, to: string, code: string): Promise<void> {
      if (sender.fail) {
        sender.fail = false;
        return Promise.reject(new Error('relay down'));
      }
      sender.sent.push({ from, to, code });
      return Promise.resolve();
    },
  };
  return sender;
}
