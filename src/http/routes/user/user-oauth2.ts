/**
 * @module `/user_api/oauth2` (reference §1.5 rows 13-14): the provider's sign-in URL and the
 * callback that turns an authorization code into a user JWT. Public: the caller has no user
 * token yet.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { DomainError } from '../../../domain/errors.js';
import type { Oauth2Login } from '../../../domain/user/oauth2-login.js';
import type { AppEnv } from '../../app-env.js';
import { readJsonBody } from '../../read-json-body.js';

/** Client ids are short; state is an opaque value the client round-trips (a nonce or a path). */
const MAX_CLIENT_ID_CHARS = 500;
const MAX_STATE_CHARS = 2048;
/** Authorization codes are short tokens; 4 KiB leaves room for JWT-shaped ones. */
const MAX_CODE_CHARS = 4096;

const loginUrlQuery = z.object({
  clientID: z.string().max(MAX_CLIENT_ID_CHARS).optional(),
  state: z.string().max(MAX_STATE_CHARS).optional(),
});

const callbackBody = z.object({
  clientID: z.string().max(MAX_CLIENT_ID_CHARS).nullish(),
  code: z.string().max(MAX_CODE_CHARS).nullish(),
});

export function userOauth2Routes(login: Oauth2Login) {
  return new Hono<AppEnv>()
    .get('/login_url', async (c) => {
      const query = loginUrlQuery.safeParse(c.req.query());
      if (!query.success) {
        const issue = query.error.issues[0];
        throw new DomainError('invalid_input', { detail: `${issue?.path.join('.')}: too long` });
      }
      const url = await login.loginUrl(query.data.clientID ?? '', query.data.state);
      return c.json({ url });
    })
    .post('/callback', async (c) => {
      const { clientID, code } = await readJsonBody(c, callbackBody);
      if (!clientID || !code) throw new DomainError('oauth2_client_or_code_missing');
      return c.json(await login.callback(clientID, code));
    });
}
