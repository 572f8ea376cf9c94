/**
 * axe-core on every main page (inbox empty and with mail, a mail open, account, admin login and
 * console) in light and dark colours and on a 375 px phone: no serious or critical violation.
 */
import type { BrowserContextOptions } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousA11yViolations } from '../helpers/browser-axe.js';
import {
  logInAsAdmin,
  useBrowserSuite,
  waitForContent,
  type BrowserService,
} from '../helpers/browser-harness.js';

const suite = useBrowserSuite();

const MODES: [string, BrowserContextOptions][] = [
  ['light', { colorScheme: 'light' }],
  ['dark', { colorScheme: 'dark' }],
  ['375 px', { viewport: { width: 375, height: 740 }, isMobile: true }],
];

describe.each(MODES)('accessibility, %s', (mode, options) => {
  it('has no serious or critical axe violation on any main page', async () => {
    const tab = await suite.openPage(options);
    const { page } = tab;
    const found: string[] = [];
    const check = async (where: string) => {
      await waitForContent(page);
      for (const line of await seriousA11yViolations(page)) found.push(`${where}: ${line}`);
    };

    await tab.goto('/');
    await page.getByRole('heading', { name: 'Create an address' }).waitFor();
    await check('inbox, no address');

    const box = await suite.service.createAddress(`a11y${mode.replace(/\W/g, '')}`);
    await tab.openMailbox(box);
    await page.getByText('No mail yet.').waitFor();
    await check('inbox, empty');

    await sendSampleMail(suite.service.sendMail, box.address);
    await page.getByTestId('mail-item').waitFor();
    await check('inbox with mail');

    await page.getByTestId('mail-item').getByRole('link').click();
    await page.getByTestId('mail-frame').waitFor();
    await check('mail view');
    await page.getByRole('button', { name: 'Source', exact: true }).click();
    await page.getByTestId('mail-source').waitFor();
    await check('mail view with source');

    await tab.goto('/account');
    await page.getByTestId('account-page').waitFor();
    await check('account');

    await tab.goto('/admin');
    await page.getByTestId('admin-page').waitFor();
    await check('admin login');
    // Until the console has its login form, the placeholder page is all there is to check.
    if (await logInAsAdmin(tab, suite.service.adminPassword)) await check('admin console');

    expect(found, `axe (${mode})`).toEqual([]);
  });
});

async function sendSampleMail(send: BrowserService['sendMail'], to: string): Promise<void> {
  await send({
    to,
    from: '"Example Service" <noreply@example.org>',
    subject: 'Your sign-in code',
    text: 'Your sign-in code is 305917.',
    html: '<h1>Sign in</h1><p>Your sign-in code is <b>305917</b>.</p><p><a href="https://example.org/help">Help</a></p>',
    attachments: [{ filename: 'terms.txt', content: 'terms\n' }],
  });
}
