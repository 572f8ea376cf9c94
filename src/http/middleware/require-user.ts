/**
 * @module The user credential (`x-user-token`) on /user_api: a valid, unexpired user JWT, or
 * 401 UserTokenExpiredMsg (reference §0.1 USER). The claims go to `c.get('user')`.
 */
import type { MiddlewareHandler } from 'hono';
import type { TokenSigner } from '../../auth/token-signer.js';
import { readUserToken } from '../../auth/user-token.js';
import type { AppEnv } from '../app-env.js';
import { messageResponse } from '../respond-error.js';

export function requireUser(signer: TokenSigner): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = c.req.header('x-user-token');
    const claims = token ? await readUserToken(signer, token) : null;
    if (!claims) return messageResponse(c, 401, 'user_token_invalid', 'UserTokenExpiredMsg');
    c.set('user', claims);
    c.set('userId', claims.userId);
    return next();
  };
}
