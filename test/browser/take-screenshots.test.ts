/**
 * The README's screenshots (docs/screenshots/*.png), taken from the real service with a few
 * sample mails: `npm run screenshots`. Skipped unless SCREENSHOTS=1, so test runs never rewrite
 * the committed images.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, it } from 'vitest';
import {
  logInAsAdmin,
  useBrowserSuite,
  waitForContent,
  type BrowserTab,
} from '../helpers/browser-harness.js';

const OUT_DIR = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 740 };

describe.runIf(process.env['SCREENSHOTS'] === '1')('screenshots for the README', () => {
  const suite = useBrowserSuite({ env: { ANNOUNCEMENT: '' } });

  async function mailboxWithSamples(tab: BrowserTab): Promise<void> {
    const box = await suite.service.createAddress('demo');
    const send = suite.service.sendMail;
    await send({
      to: box.address,
      from: '"Acme Cloud" <no-reply@acme.example>',
      subject: 'Welcome to Acme Cloud',
      text: 'Thanks for signing up. Your workspace is ready.',
      html:
        '<div style="font-family:sans-serif;max-width:520px"><h2 style="color:#1d4ed8">Welcome aboard</h2>' +
        '<p>Thanks for signing up. Your workspace <b>demo-team</b> is ready.</p>' +
        '<p><a href="https://acme.example/start" style="display:inline-block;padding:8px 16px;' +
        'background:#1d4ed8;color:#fff;border-radius:6px;text-decoration:none">Open the dashboard</a></p></div>',
    });
    await send({
      to: box.address,
      from: '"GitHub" <noreply@github.example>',
      subject: 'Verify your new device',
      text: 'Verification code: 591 046',
    });
    await send({
      to: box.address,
      from: '"Example Shop" <account@shop.example>',
      subject: 'Your sign-in code',
      text: 'Your sign-in code is 482916. It expires in 10 minutes.',
      html:
        '<div style="font-family:sans-serif;max-width:520px;border:1px solid #ddd;border-radius:8px;padding:16px">' +
        '<h2 style="margin-top:0">Sign in to Example Shop</h2><p>Use this code to finish signing in:</p>' +
        '<p style="font-size:28px;letter-spacing:4px;font-weight:bold">482916</p>' +
        '<p style="color:#666">It expires in 10 minutes. If you did not ask for it, ignore this mail.</p></div>',
      attachments: [{ filename: 'receipt.txt', content: 'Order 1042\n' }],
    });
    // Through storage rather than /?jwt=…, which would show an "Opened …" notice.
    await tab.goto('/');
    await tab.page.evaluate(
      (saved) => localStorage.setItem('tmpmail.addresses', saved),
      JSON.stringify({
        items: [{ address: box.address, jwt: box.jwt }],
        current: box.address,
      }),
    );
    await tab.goto('/');
    await tab.page.getByTestId('mail-item').nth(2).waitFor();
  }

  async function openNewest(page: Page): Promise<void> {
    await page.getByTestId('mail-item').first().getByRole('link').click();
    await page.getByTestId('mail-frame').waitFor();
    // The frame's document is separate; wait until it has painted its content.
    const frame = await page.getByTestId('mail-frame').elementHandle();
    await (await frame?.contentFrame())?.waitForLoadState('load');
    await page.mouse.move(0, 0);
  }

  /** Gives `to` the addresses `from` holds, and opens its inbox. */
  async function copyAddresses(from: BrowserTab, to: BrowserTab): Promise<void> {
    const book = await from.page.evaluate(() => localStorage.getItem('tmpmail.addresses') ?? '');
    await to.goto('/');
    await to.page.evaluate((saved) => localStorage.setItem('tmpmail.addresses', saved), book);
    await to.goto('/');
  }

  async function shot(page: Page, name: string): Promise<void> {
    await waitForContent(page);
    await page.screenshot({ path: `${OUT_DIR}${name}.png`, animations: 'disabled' });
  }

  it('takes the inbox, phone, dark, account and admin screenshots', async () => {
    mkdirSync(OUT_DIR, { recursive: true });
    const desktop = await suite.openPage({ viewport: DESKTOP });
    await mailboxWithSamples(desktop);
    await openNewest(desktop.page);
    await shot(desktop.page, 'inbox');

    const phone = await suite.openPage({ viewport: PHONE, isMobile: true, deviceScaleFactor: 2 });
    await copyAddresses(desktop, phone);
    await phone.page.getByTestId('mail-item').nth(2).waitFor();
    await shot(phone.page, 'mobile-inbox');

    const dark = await suite.openPage({ viewport: DESKTOP, colorScheme: 'dark' });
    await copyAddresses(desktop, dark);
    await openNewest(dark.page);
    await shot(dark.page, 'dark-mode');

    await desktop.goto('/account');
    await desktop.page.getByTestId('account-page').waitFor();
    await shot(desktop.page, 'account');

    await desktop.goto('/admin');
    await desktop.page.getByTestId('admin-page').waitFor();
    await logInAsAdmin(desktop, suite.service.adminPassword);
    await shot(desktop.page, 'admin');
  });
});
