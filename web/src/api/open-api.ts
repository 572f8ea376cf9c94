/** `/open_api`: the public settings the UI starts from, and the site-password check. */
import { apiJson } from './client';
import { sha256Hex } from './sha256';
import type { OpenSettings } from './types';

export function fetchSettings(): Promise<OpenSettings> {
  return apiJson<OpenSettings>('/open_api/settings');
}

/**
 * Resolves when `password` is a site password; throws ApiError (401) otherwise. `cfToken` is
 * the Turnstile token a site that checks every login asks for.
 */
export async function checkSitePassword(password: string, cfToken?: string): Promise<void> {
  await apiJson('/open_api/site_login', {
    method: 'POST',
    body: { password: await sha256Hex(password), cf_token: cfToken },
  });
}
