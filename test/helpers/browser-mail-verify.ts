/**
 * Stands in for a server that verifies e-mail addresses on registration, for browser tests of
 * the account page: the server cannot send mail yet (docs/api.md), so its open settings and its
 * verify_code endpoint are answered in the page instead.
 */
import type { Page } from 'playwright-core';

/**
 * Routes /user_api/open_settings (mail verification on) and /user_api/verify_code (code sent,
 * valid for 5 minutes) of `page`. Returns the list that collects each verify_code body sent.
 */
export async function standInMailVerify(page: Page): Promise<unknown[]> {
  await page.route('**/user_api/open_settings', (route) =>
    route.fulfill({ json: { enable: true, enableMailVerify: true, oauth2ClientIDs: [] } }),
  );
  const sent: unknown[] = [];
  await page.route('**/user_api/verify_code', async (route) => {
    sent.push(route.request().postDataJSON());
    await route.fulfill({ json: { success: true, expirationTtl: 300 } });
  });
  return sent;
}
