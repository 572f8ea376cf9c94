/**
 * The two WebAuthn ceremonies, each a real navigator.credentials call through
 * @simplewebauthn/browser between the server's options and its verification. The RP ID is this
 * page's host name and the origin this page's origin: the server checks both against its
 * PASSKEY_ALLOWED_ORIGINS when set.
 */
import {
  browserSupportsWebAuthn,
  startAuthentication,
  startRegistration,
  WebAuthnError,
} from '@simplewebauthn/browser';
import { ApiError, errorMessage } from '../../api/client';
import {
  passkeyLogin,
  passkeyLoginOptions,
  passkeyRegistrationOptions,
  registerPasskey,
} from '../../api/user-api';
import { at } from './account-i18n';

/**
 * Why this page cannot use passkeys, or null when it can. Browsers offer WebAuthn only in
 * secure contexts, so a server reached over plain http on the LAN gets its own explanation.
 */
export function passkeysUnavailable(): string | null {
  if (!window.isSecureContext) return at('account.passkey.insecure');
  return browserSupportsWebAuthn() ? null : at('account.passkey.unsupported');
}

/** Signs in with a passkey this device (or a security key) holds; resolves with a user token. */
export async function passkeySignIn(): Promise<string> {
  const domain = window.location.hostname;
  const optionsJSON = await passkeyLoginOptions(domain);
  const credential = await startAuthentication({ optionsJSON });
  return passkeyLogin({ domain, origin: window.location.origin, credential });
}

/** Creates a passkey for the signed-in user and stores it under `name`. */
export async function createPasskey(token: string, name: string): Promise<void> {
  const optionsJSON = await passkeyRegistrationOptions(token, window.location.hostname);
  const credential = await startRegistration({ optionsJSON });
  await registerPasskey(token, { credential, origin: window.location.origin, passkey_name: name });
}

/**
 * What to tell the user when a ceremony fails: the server's text for API errors, a plain
 * sentence when the browser prompt was dismissed or timed out (NotAllowedError), else the
 * browser's own message.
 */
export function passkeyErrorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  const name =
    error instanceof WebAuthnError
      ? (error.cause as { name?: string } | undefined)?.name
      : (error as { name?: string } | null)?.name;
  if (name === 'NotAllowedError' || name === 'AbortError') return at('account.passkey.cancelled');
  if (
    error instanceof WebAuthnError &&
    error.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED'
  ) {
    return at('account.passkey.alreadyRegistered');
  }
  return errorMessage(error);
}
