/**
 * Where the inbox meets the account and the admin console, in a real browser: a signed-in user
 * creates addresses as themselves (their role's domain and prefix, past
 * DISABLE_ANONYMOUS_USER_CREATE_EMAIL) and binds the new one in a click; the notice on a mail
 * too long to show in full, in the inbox and in the admin console (one frame component); the
 * phone header on one line, labelled and reachable by keyboard.
 */
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, seriousA11yViolations } from '../helpers/browser-axe.js';
import { logInAsAdmin, useBrowserSuite, waitForContent } from '../helpers/browser-harness.js';

const suite = useBrowserSuite({
  env: {
    ENABLE_USER_CREATE_EMAIL: 'true',
    DISABLE_ANONYMOUS_USER_CREATE_EMAIL: 'true',
    DOMAINS: JSON.stringify(['tmpmail.localhost', 'vip.localhost']),
    DEFAULT_DOMAINS: JSON.stringify(['tmpmail.localhost']),
    USER_ROLES: JSON.stringify([{ role: 'vip', domains: ['vip.localhost'], prefix: 'v' }]),
    // The smallest allowed: a short test mail is already "too long to show in full".
    MAIL_HTML_MAX_BYTES: '1024',
  },
});

const digest = (password: string) => createHash('sha256').update(password).digest('hex');

async function api<T>(method: string, path: string, body?: unknown, headers = {}): Promise<T> {
  const res = await suite.service.api(method, path, { body, headers });
  const text = await res.text();
  expect(res.status, `${method} ${path}: ${text}`).toBe(200);
  return JSON.parse(text) as T;
}

const admin = () => ({ 'x-admin-auth': suite.service.adminPassword });

/** A registered user with the `vip` role; resolves with their user token. */
async function vipUser(email: string): Promise<string> {
  await api('POST', '/admin/user_settings', { enable: true, maxAddressCount: 5 }, admin());
  const password = digest('vip-secret-1');
  await api('POST', '/user_api/register', { email, password });
  const { jwt } = await api<{ jwt: string }>('POST', '/user_api/login', { email, password });
  const me = await api<{ user_id: number }>('GET', '/user_api/settings', undefined, {
    'x-user-token': jwt,
  });
  await api('POST', '/admin/user_roles', { user_id: me.user_id, role_text: 'vip' }, admin());
  return jwt;
}

const domainOptions = (page: Page) =>
  page
    .getByLabel('Domain')
    .evaluate((select: HTMLSelectElement) => Array.from(select.options, (option) => option.value));

describe('the inbox with a signed-in user', () => {
  it('creates with the role’s domain and prefix, then binds the address in one click', async () => {
    const token = await vipUser('vera@example.com');
    const tab = await suite.openPage({ permissions: ['clipboard-read', 'clipboard-write'] });
    const { page } = tab;
    await tab.goto('/');
    await page.getByText('Log in to your account to create addresses.').waitFor();

    await page.evaluate(
      (jwt) => localStorage.setItem('tmpmail.userToken', JSON.stringify(jwt)),
      token,
    );
    await page.reload();
    await expect.poll(() => domainOptions(page)).toEqual(['vip.localhost']);
    expect(await page.getByTestId('address-prefix').textContent()).toBe('v');
    await page.getByRole('textbox', { name: 'Name' }).fill('vera');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('address-display').textContent())
      .toBe('vvera@vip.localhost');

    const offer = page.getByTestId('bind-offer');
    await offer.waitFor();
    await expectAccessible(page, 'inbox with the bind offer');
    // While the copy button says "Copied", its accessible name must say so too (WCAG 2.5.3).
    await page.getByRole('button', { name: 'Copy the address' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await offer.getByRole('button', { name: 'Bind to my account' }).click();
    await offer.waitFor({ state: 'detached' });
    const bound = await api<{ results: { name: string }[] }>(
      'GET',
      '/user_api/bind_address',
      undefined,
      { 'x-user-token': token },
    );
    expect(bound.results.map((row) => row.name)).toEqual(['vvera@vip.localhost']);
  });
});

describe('a mail too long to show in full', () => {
  it('says so above the frame, in the inbox and in the admin console', async () => {
    const box = await api<{ jwt: string; address: string }>(
      'POST',
      '/admin/new_address',
      { name: 'longmail', domain: 'tmpmail.localhost' },
      admin(),
    );
    const paragraph = `<p>${'A sentence of a long newsletter. '.repeat(20)}</p>`;
    await suite.service.sendMail({
      to: box.address,
      subject: 'Long newsletter',
      html: paragraph.repeat(8),
    });
    const notice =
      'This mail is long: only its beginning is shown. Download the .eml for all of it.';

    const tab = await suite.openPage();
    const { page } = tab;
    await tab.openMailbox(box);
    await page.getByTestId('mail-item').locator('a.mail-link').click();
    await page.getByTestId('mail-frame').waitFor();
    expect(await page.getByTestId('mail-html-truncated').textContent()).toBe(notice);

    await tab.goto(`/admin?tab=mails&address=${encodeURIComponent(box.address)}`);
    await page.getByTestId('admin-page').waitFor();
    await logInAsAdmin(tab, suite.service.adminPassword);
    await page.getByTestId('admin-mail-item').first().getByRole('link').click();
    const view = page.getByTestId('admin-mail-view');
    await view.getByTestId('mail-frame').waitFor();
    expect(await view.getByTestId('mail-html-truncated').textContent()).toBe(notice);
  });
});

describe('the phone header', () => {
  it.each(['en-US', 'zh-CN'])(
    'stays on one line, labelled and reachable by keyboard (%s)',
    async (locale) => {
      const tab = await suite.openPage({
        viewport: { width: 375, height: 740 },
        isMobile: true,
        locale,
      });
      const { page } = tab;
      await tab.goto('/');
      await waitForContent(page);
      // One line: every part of the header is centred on the same horizontal line.
      const middles = await page.locator('.app-header > *').evaluateAll((items) =>
        items.map((item) => {
          const box = item.getBoundingClientRect();
          return box.top + box.height / 2;
        }),
      );
      expect(
        Math.max(...middles) - Math.min(...middles),
        `middles: ${middles.join(', ')}`,
      ).toBeLessThan(2);
      const [inbox, account] = locale === 'zh-CN' ? ['收件箱', '账户'] : ['Inbox', 'Account'];
      const nav = page.getByRole('navigation');
      expect(await nav.getByRole('link', { name: inbox, exact: true }).isVisible()).toBe(true);
      const accountLink = nav.getByRole('link', { name: account, exact: true });
      expect(await accountLink.isVisible()).toBe(true);

      // Tab from the top of the page until the account link has the focus, then follow it.
      for (let i = 0; i < 6; i++) {
        await page.keyboard.press('Tab');
        if (await accountLink.evaluate((link) => link === document.activeElement)) break;
      }
      await page.keyboard.press('Enter');
      await expect.poll(() => new URL(page.url()).pathname).toBe('/account');
      await expectAccessible(page, `account page, phone header (${locale})`);
    },
  );
});
