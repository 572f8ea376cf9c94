/**
 * The account page's mail list live in a real browser against the real service: mail sent over
 * SMTP to any bound address (one bound while the page is open too) appears at the top without
 * a refresh or a reload, marked unread; a list filtered to one address takes only that
 * address's mail; opening a mail marks it read.
 */
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBrowserSuite, type BrowserTab, type Mailbox } from '../helpers/browser-harness.js';

const suite = useBrowserSuite();

const digest = (password: string) => createHash('sha256').update(password).digest('hex');

async function api<T>(method: string, path: string, body?: unknown, headers = {}): Promise<T> {
  const res = await suite.service.api(method, path, { body, headers });
  const text = await res.text();
  expect(res.status, `${method} ${path}: ${text}`).toBe(200);
  return JSON.parse(text) as T;
}

async function bindByApi(userToken: string, mailbox: Mailbox): Promise<void> {
  await api('POST', '/user_api/bind_address', undefined, {
    'x-user-token': userToken,
    authorization: `Bearer ${mailbox.jwt}`,
  });
}

async function logInInUi(page: Page, email: string, password: string): Promise<void> {
  const form = page.getByTestId('account-login');
  await form.getByLabel('Email address').fill(email);
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Log in' }).click();
  await expect
    .poll(() => page.getByTestId('account-email').textContent())
    .toBe(`Logged in as ${email}`);
}

/** Fails when the page was reloaded since markPage(): proves an update came without reload. */
async function markPage(tab: BrowserTab): Promise<() => Promise<boolean>> {
  await tab.page.evaluate(() => Object.assign(window, { tmpmailNotReloaded: true }));
  return () => tab.page.evaluate(() => 'tmpmailNotReloaded' in window);
}

beforeAll(async () => {
  await api(
    'POST',
    '/admin/user_settings',
    { enable: true, maxAddressCount: 5 },
    { 'x-admin-auth': suite.service.adminPassword },
  );
});

describe('account mail list, live', () => {
  it('shows mail to a bound address at the top as it arrives, without refresh', async () => {
    const tab = await suite.openPage();
    const { page } = tab;
    const [email, password] = ['live@example.com', 'live-secret-1'];
    await api('POST', '/user_api/register', { email, password: digest(password) });
    const { jwt } = await api<{ jwt: string }>('POST', '/user_api/login', {
      email,
      password: digest(password),
    });
    const first = await suite.service.createAddress('livefirst');
    const second = await suite.service.createAddress('livesecond');
    await bindByApi(jwt, first);
    await bindByApi(jwt, second);
    await suite.service.sendMail({ to: first.address, subject: 'Already there', text: 'old' });

    await tab.goto('/account');
    await logInInUi(page, email, password);
    await page.getByTestId('account-tab-mails').click();
    const panel = page.getByTestId('account-mails');
    const rows = page.getByTestId('account-mail-item');
    const subjects = () => rows.locator('.mail-subject').allTextContents();
    await expect.poll(() => rows.count()).toBe(1);
    await expect.poll(() => panel.getByTestId('live-status').textContent()).toBe('Live');

    const notReloaded = await markPage(tab);
    await suite.service.sendMail({ to: second.address, subject: 'Arrived live', text: 'new' });
    await expect.poll(subjects).toEqual(['Arrived live', 'Already there']);
    const top = rows.first();
    expect(await top.getByTestId('account-mail-address').textContent()).toBe(
      `to ${second.address}`,
    );
    expect(await top.getByTestId('unread-mark').count()).toBe(1);
    expect(await panel.locator('h2').textContent()).toContain('(2)');

    // An address bound while the page is open joins the stream (within a database poll).
    const third = await suite.service.createAddress('livethird');
    await bindByApi(jwt, third);
    await suite.service.sendMail({ to: third.address, subject: 'Newly bound', text: 'hi' });
    await expect.poll(subjects).toEqual(['Newly bound', 'Arrived live', 'Already there']);

    // Filtered to one address, the list takes only that address's mail.
    await page.getByLabel('Address', { exact: true }).selectOption(first.address);
    await expect.poll(subjects).toEqual(['Already there']);
    await expect.poll(() => panel.getByTestId('live-status').textContent()).toBe('Live');
    await suite.service.sendMail({ to: second.address, subject: 'Not for this filter' });
    await suite.service.sendMail({ to: first.address, subject: 'For the filter', text: 'f' });
    await expect.poll(subjects).toEqual(['For the filter', 'Already there']);
    expect(await notReloaded()).toBe(true);

    // Opened, a mail is read: the mark is gone when the list shows again.
    await rows.first().getByRole('link').click();
    const view = page.getByTestId('account-mail-view');
    await expect.poll(() => view.getByTestId('mail-subject').textContent()).toBe('For the filter');
    await view.getByRole('button', { name: 'Back to the mail list' }).click();
    await expect.poll(subjects).toEqual(['For the filter', 'Already there']);
    expect(await rows.first().getByTestId('unread-mark').count()).toBe(0);
  });
});
