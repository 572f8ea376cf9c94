/**
 * A private site (PASSWORDS set): the page asks for the site password first, refuses a wrong
 * one, remembers the right one, and then works: address, live mail, reading it.
 */
import { describe, expect, it } from 'vitest';
import { expectAccessible } from '../helpers/browser-axe.js';
import { useBrowserSuite } from '../helpers/browser-harness.js';

const SITE_PASSWORD = 'open sesame';
const suite = useBrowserSuite({ env: { PASSWORDS: JSON.stringify([SITE_PASSWORD]) } });

describe('site password gate', () => {
  it('asks for the site password, refuses a wrong one, then opens the site and remembers it', async () => {
    const tab = await suite.openPage();
    const { page } = tab;
    await tab.goto('/');
    const gate = page.getByTestId('site-gate');
    await gate.waitFor();
    expect(await page.getByRole('heading', { name: 'Create an address' }).count()).toBe(0);
    await expectAccessible(page, 'site password gate');

    tab.allowProblem(/401.*\/open_api\/site_login|\/open_api\/site_login.*401/);
    const field = page.getByLabel('Site password');
    await field.fill('wrong password');
    await page.getByRole('button', { name: 'Enter' }).click();
    await page.getByText('Wrong site password').waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');

    await field.fill(SITE_PASSWORD);
    await page.getByRole('button', { name: 'Enter' }).click();
    await page.getByRole('heading', { name: 'Create an address' }).waitFor();
    expect(await gate.count()).toBe(0);

    await page.getByRole('textbox', { name: 'Name' }).fill('private');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    const address = 'tmpprivate@tmpmail.localhost';
    await expect.poll(() => page.getByTestId('address-display').textContent()).toBe(address);
    await suite.service.sendMail({ to: address, subject: 'behind the gate', text: 'code 920331' });
    await page.getByTestId('mail-item').waitFor();
    await page.getByTestId('mail-item').getByRole('link').click();
    await expect.poll(() => page.getByTestId('mail-subject').textContent()).toBe('behind the gate');

    await page.reload();
    await page.getByTestId('address-display').waitFor();
    expect(await gate.count()).toBe(0);
  });
});
