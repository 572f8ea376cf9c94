/** @module `GET /` and `GET /health_check`: "OK" while the service can create addresses. */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../app-env.js';
import { messageResponse } from '../respond-error.js';

export function healthRoutes(domainsConfigured: boolean) {
  const health = (c: Context<AppEnv>) =>
    domainsConfigured
      ? c.text('OK')
      : messageResponse(c, 400, 'domains_not_set', 'DomainsNotSetMsg');
  return new Hono<AppEnv>().get('/', health).get('/health_check', health);
}
