/**
 * @module The optional role access token (`x-user-access-token`): a valid one sets
 * `c.get('userRole')`; an invalid or expired one is ignored, as the reference does outside
 * /admin (§0.1 ROLE).
 */
import type { MiddlewareHandler } from 'hono';
import type { TokenSigner } from '../../auth/token-signer.js';
import { readRoleToken } from '../../auth/user-token.js';
import type { AppEnv } from '../app-env.js';

export function optionalRoleToken(signer: TokenSigner): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = c.req.header('x-user-access-token');
    const claims = token ? await readRoleToken(signer, token) : null;
    c.set('userRole', claims?.userRole);
    return next();
  };
}
