/**
 * @module `/user_api/passkey` (reference §1.5 rows 15-21), in two sub-apps: the sign-in
 * ceremony (`authenticate_*`), public because the caller has no user token yet, and the
 * routes behind the user token (list, rename, delete, registration).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { DomainError } from '../../../domain/errors.js';
import type { PasskeyService } from '../../../domain/user/passkey-service.js';
import type { AppEnv } from '../../app-env.js';
import { readJsonBody } from '../../read-json-body.js';

/** A DNS name is at most 253 characters; an RP ID is one. */
const MAX_RP_ID_CHARS = 253;
/** Origins are scheme://host[:port]; 2 KiB is far beyond any real one. */
const MAX_ORIGIN_CHARS = 2048;
/** WebAuthn credential ids are at most 1023 bytes: 1364 base64url characters. */
const MAX_CREDENTIAL_ID_CHARS = 1364;

const rpIdField = z.string().min(1).max(MAX_RP_ID_CHARS);
const originField = z.string().max(MAX_ORIGIN_CHARS).nullish();
const passkeyIdField = z.string().min(1).max(MAX_CREDENTIAL_ID_CHARS);

const optionsBody = z.object({ domain: rpIdField });
const registerBody = z.object({
  credential: z.looseObject({}),
  origin: originField,
  passkey_name: z.unknown(),
});
const authenticateBody = z.object({
  domain: z.string().max(MAX_RP_ID_CHARS).nullish(),
  origin: originField,
  credential: z.looseObject({ id: z.unknown() }).nullish(),
});
const renameBody = z.object({ passkey_id: passkeyIdField, passkey_name: z.unknown() });

/** authenticate_request and authenticate_response: no user token needed. */
export function passkeySignInRoutes(passkeys: PasskeyService) {
  return new Hono<AppEnv>()
    .post('/authenticate_request', async (c) => {
      const { domain } = await readJsonBody(c, optionsBody);
      return c.json(await passkeys.authenticationOptions(domain));
    })
    .post('/authenticate_response', async (c) => {
      const { domain, origin, credential } = await readJsonBody(c, authenticateBody);
      const id = credential?.id;
      if (typeof id !== 'string' || id === '' || id.length > MAX_CREDENTIAL_ID_CHARS) {
        throw new DomainError('invalid_input');
      }
      const result = await passkeys.authenticate({
        domain: domain ?? undefined,
        origin: origin ?? undefined,
        credential: { ...credential, id },
      });
      return c.json(result);
    });
}

/** The signed-in user's passkeys and their registration. */
export function passkeyUserRoutes(passkeys: PasskeyService) {
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json(await passkeys.list(c.get('user').userId)))
    .post('/rename', async (c) => {
      const body = await readJsonBody(c, renameBody);
      await passkeys.rename(c.get('user').userId, body.passkey_id, body.passkey_name);
      return c.json({ success: true });
    })
    .delete('/:passkey_id', async (c) => {
      await passkeys.remove(c.get('user').userId, c.req.param('passkey_id'));
      return c.json({ success: true });
    })
    .post('/register_request', async (c) => {
      const { domain } = await readJsonBody(c, optionsBody);
      return c.json(await passkeys.registrationOptions(c.get('user'), domain));
    })
    .post('/register_response', async (c) => {
      const body = await readJsonBody(c, registerBody);
      await passkeys.register(c.get('user'), {
        credential: body.credential,
        origin: body.origin ?? undefined,
        name: body.passkey_name,
      });
      return c.json({ success: true });
    });
}
