/**
 * @module An optional user token (`x-user-token`) on /api/new_address: a valid one identifies the
 * user, an invalid or expired one is ignored, as the reference does.
 */
import type { MiddlewareHandler } from 'hono';
import type { TokenSigner } from '../../auth/token-signer.js';
import { readUserToken } from '../../auth/user-token.js';
import type { AppEnv } from '../app-env.js';

export function optionalUserToken(signer: TokenSigner): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = c.req.header('x-user-token');
    const claims = token ? await readUserToken(signer, token) : null;
    c.set('userId', claims?.userId);
    return next();
  };
}
