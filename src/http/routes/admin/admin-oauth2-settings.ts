/** @module `GET/POST /admin/user_oauth2_settings` (reference §1.6 rows 35-36). */
import { Hono } from 'hono';
import { DomainError } from '../../../domain/errors.js';
import type { Oauth2Settings } from '../../../domain/user/oauth2-settings.js';
import type { AppEnv } from '../../app-env.js';

export function adminOauth2SettingsRoutes(oauth2Settings: Oauth2Settings) {
  return new Hono<AppEnv>()
    .get('/user_oauth2_settings', async (c) => c.json(await oauth2Settings.list()))
    .post('/user_oauth2_settings', async (c) => {
      // The body is checked entry by entry with the reference's messages, so it is read raw here.
      let body: unknown;
      try {
        body = JSON.parse(await c.req.text());
      } catch {
        throw new DomainError('invalid_input', { detail: 'the request body is not valid JSON' });
      }
      await oauth2Settings.replace(body);
      return c.json({ success: true });
    });
}
