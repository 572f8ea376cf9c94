/**
 * The account page in a real browser against the real service: registering and logging in,
 * binding the browser's addresses and seeing their mail counts, reading and deleting mail
 * across them, opening a bound address in another browser, unbinding, transferring to another
 * user; passkeys through Chromium's virtual authenticator (a real WebAuthn ceremony); OAuth2
 * through a real local provider (oauth2-mock-server); the mail-verification form; and the
 * page in Chinese, dark, on a 375 px phone, by keyboard, with axe.
 */
import { createHash } from 'node:crypto';
import { OAuth2Server } from 'oauth2-mock-server';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, seriousA11yViolations } from '../helpers/browser-axe.js';
import { openTab, useBrowserSuite, type BrowserTab } from '../helpers/browser-harness.js';
import { standInMailVerify } from '../helpers/browser-mail-verify.js';

const suite = useBrowserSuite();

const digest = (password: string) => createHash('sha256').update(password).digest('hex');

async function api<T>(method: string, path: string, body?: unknown, headers = {}): Promise<T> {
  const res = await suite.service.api(method, path, { body, headers });
  const text = await res.text();
  expect(res.status, `${method} ${path}: ${text}`).toBe(200);
  return JSON.parse(text) as T;
}

const admin = () => ({ 'x-admin-auth': suite.service.adminPassword });

async function registerByApi(email: string, password: string): Promise<void> {
  await api('POST', '/user_api/register', { email, password: digest(password) });
}

async function loginByApi(email: string, password: string): Promise<string> {
  const body = { email, password: digest(password) };
  return (await api<{ jwt: string }>('POST', '/user_api/login', body)).jwt;
}

const signedInAs = (page: Page) => page.getByTestId('account-email').textContent();

async function registerInUi(page: Page, email: string, password: string): Promise<void> {
  const form = page.getByTestId('account-register');
  await form.getByLabel('Email address').fill(email);
  await form.getByLabel('Password', { exact: true }).fill(password);
  await form.getByLabel('Password again').fill(password);
  await form.getByRole('button', { name: 'Create account' }).click();
  await expect.poll(() => signedInAs(page)).toBe(`Logged in as ${email}`);
}

async function logInInUi(page: Page, email: string, password: string): Promise<void> {
  const form = page.getByTestId('account-login');
  await form.getByLabel('Email address').fill(email);
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Log in' }).click();
  await expect.poll(() => signedInAs(page)).toBe(`Logged in as ${email}`);
}

const boundItem = (page: Page, address: string) =>
  page.locator(`[data-testid="account-bound-item"][data-address="${address}"]`);

const storedUserToken = async (page: Page) =>
  JSON.parse((await page.evaluate(() => localStorage.getItem('tmpmail.userToken'))) ?? 'null') as
    string | null;

const scrollWidth = (page: Page) =>
  page.evaluate(() => document.scrollingElement?.scrollWidth ?? 0);

beforeAll(async () => {
  await api('POST', '/admin/user_settings', { enable: true, maxAddressCount: 5 }, admin());
});

describe('account page', () => {
  it('registers, logs in, binds addresses, reads their mail, switches, unbinds, transfers', async () => {
    const tab = await suite.openPage();
    const { page } = tab;
    const first = await suite.service.createAddress('acctfirst');
    const second = await suite.service.createAddress('acctsecond');
    await suite.service.sendMail({
      to: first.address,
      subject: 'For the first',
      text: 'Hello first',
      html: '<p>Hello <b>first</b></p>',
    });
    await suite.service.sendMail({ to: second.address, subject: 'For the second', text: 'Hi' });
    await tab.openMailbox(second);
    await tab.openMailbox(first);

    await tab.goto('/account');
    await registerInUi(page, 'alice@example.com', 'alice-secret-1');
    expect(await storedUserToken(page)).toMatch(/^ey/);

    await page.getByRole('button', { name: 'Log out' }).click();
    expect(await storedUserToken(page)).toBeNull();
    tab.allowProblem(/\b400\b.*\/user_api\/login\b/);
    const login = page.getByTestId('account-login');
    await login.getByLabel('Email address').fill('alice@example.com');
    await login.getByLabel('Password').fill('not-the-password');
    await login.getByRole('button', { name: 'Log in' }).click();
    await expect
      .poll(() => login.getByRole('alert').textContent())
      .toBe('Invalid email or password');
    await logInInUi(page, 'alice@example.com', 'alice-secret-1');

    // Bind the open address, then switch the inbox to the other one and bind that too.
    const bind = page.getByTestId('account-bind');
    expect(await bind.getByTestId('account-bind-address').textContent()).toBe(first.address);
    await bind.getByRole('button', { name: 'Bind to my account' }).click();
    await expect.poll(() => boundItem(page, first.address).count()).toBe(1);
    expect(
      await boundItem(page, first.address).getByTestId('account-bound-mail-count').textContent(),
    ).toBe('Mail: 1');
    expect(await bind.getByTestId('account-bind-already').count()).toBe(1);

    await page.getByRole('link', { name: 'Inbox' }).click();
    await page.getByTestId('address-switch').selectOption(second.address);
    await expect.poll(() => page.getByTestId('address-display').textContent()).toBe(second.address);
    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByRole('button', { name: 'Bind to my account' }).click();
    await expect.poll(() => page.getByTestId('account-bound-item').count()).toBe(2);
    await expectAccessible(page, 'bound addresses');

    // Mail across both bound addresses, one of them, a mail opened, a mail deleted.
    await page.getByTestId('account-tab-mails').click();
    const rows = page.getByTestId('account-mail-item');
    await expect.poll(() => rows.count()).toBe(2);
    await expectAccessible(page, 'mail of bound addresses');
    expect(await page.getByTestId('account-mail-address').allTextContents()).toEqual([
      `to ${second.address}`,
      `to ${first.address}`,
    ]);
    await page.getByLabel('Address', { exact: true }).selectOption(second.address);
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.locator('.mail-subject').textContent()).toBe('For the second');
    await page.getByLabel('Address', { exact: true }).selectOption('');
    await expect.poll(() => rows.count()).toBe(2);

    await rows.filter({ hasText: 'For the first' }).getByRole('link').click();
    const view = page.getByTestId('account-mail-view');
    await expect.poll(() => view.getByTestId('mail-subject').textContent()).toBe('For the first');
    const frame = await view.getByTestId('mail-frame').elementHandle();
    await expect
      .poll(async () => (await frame?.contentFrame())?.locator('b').textContent())
      .toBe('first');
    expect(await view.getByTestId('mail-frame').getAttribute('sandbox')).toBe(
      'allow-popups allow-popups-to-escape-sandbox',
    );
    await view.getByRole('button', { name: 'Back to the mail list' }).click();
    await expect.poll(() => rows.count()).toBe(2);

    const deleted = tab.expectDialog();
    await rows
      .filter({ hasText: 'For the second' })
      .getByRole('button', { name: /Delete/ })
      .click();
    expect(await deleted).toBe('Delete this mail?');
    await expect.poll(() => rows.count()).toBe(1);
    const left = await api<{ count: number }>('GET', '/api/mails?limit=10&offset=0', undefined, {
      authorization: `Bearer ${second.jwt}`,
    });
    expect(left.count).toBe(0);

    // Another browser: log in and open a bound address it never held.
    const other = await suite.openPage();
    await other.goto('/account');
    await logInInUi(other.page, 'alice@example.com', 'alice-secret-1');
    await boundItem(other.page, first.address)
      .getByRole('button', { name: /Open inbox/ })
      .click();
    await expect
      .poll(() => other.page.getByTestId('address-display').textContent())
      .toBe(first.address);
    await expect.poll(() => other.page.getByTestId('mail-item').count()).toBe(1);
    // Leave the inbox (and its live stream) before the address moves away below.
    await other.goto('/account');

    // Unbind the second address.
    await page.getByTestId('account-tab-addresses').click();
    const unbound = tab.expectDialog();
    await boundItem(page, second.address)
      .getByRole('button', { name: /Unbind/ })
      .click();
    expect(await unbound).toContain(`Unbind ${second.address}`);
    await expect.poll(() => boundItem(page, second.address).count()).toBe(0);

    // Transfer the first: an unknown account is refused, a real one receives it with its mail.
    await registerByApi('bob@example.com', 'bob-secret-1');
    await boundItem(page, first.address)
      .getByRole('button', { name: /Transfer/ })
      .click();
    const dialog = page.getByTestId('account-transfer-dialog');
    tab.allowProblem(/\b400\b.*\/user_api\/transfer_address\b/);
    await dialog.getByLabel('Email of the receiving account').fill('nobody@example.com');
    await dialog.getByRole('button', { name: 'Transfer' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toBe('Target user not found');
    await dialog.getByLabel('Email of the receiving account').fill('bob@example.com');
    await dialog.getByRole('button', { name: 'Transfer' }).click();
    await expect.poll(() => boundItem(page, first.address).count()).toBe(0);
    expect(await dialog.count()).toBe(0);
    const book = await page.evaluate(() => localStorage.getItem('tmpmail.addresses'));
    expect(book).not.toContain(first.address);

    const bob = await loginByApi('bob@example.com', 'bob-secret-1');
    const bobs = await api<{ results: { name: string; mail_count: number }[] }>(
      'GET',
      '/user_api/bind_address',
      undefined,
      { 'x-user-token': bob },
    );
    expect(bobs.results.map((r) => [r.name, r.mail_count])).toEqual([[first.address, 1]]);
    // The longest walk of the suite (two browsers, about twenty steps): room on a slow machine.
  }, 90_000);
});

describe('passkeys', () => {
  const localTabs: BrowserTab[] = [];
  afterEach(async () => {
    const tabs = localTabs.splice(0);
    const problems = tabs.flatMap((tab) => tab.unexpectedProblems());
    await Promise.all(tabs.map((tab) => tab.context.close()));
    expect(problems, 'unexpected browser problems').toEqual([]);
  });

  /** WebAuthn needs a domain for its RP ID, not an IP address: the page runs on localhost. */
  async function openLocalhostTab(): Promise<BrowserTab> {
    const tab = await openTab(suite.browser, suite.service.url.replace('127.0.0.1', 'localhost'));
    localTabs.push(tab);
    return tab;
  }

  it('registers a passkey with a virtual authenticator, logs in with it, renames and deletes it', async () => {
    const tab = await openLocalhostTab();
    const { page } = tab;
    const cdp = await tab.context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
      },
    });
    await registerByApi('carol@example.com', 'carol-secret-1');
    await tab.goto('/account');
    await logInInUi(page, 'carol@example.com', 'carol-secret-1');

    await page.getByTestId('account-tab-passkeys').click();
    await page.getByText('No passkey yet.').waitFor();
    await page.getByLabel('Name of the new passkey').fill('Laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    const names = page.getByTestId('account-passkey-name');
    await expect.poll(() => names.allTextContents()).toEqual(['Laptop']);
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]?.isResidentCredential).toBe(true);
    expect(credentials[0]?.rpId).toBe('localhost');

    await page.getByRole('button', { name: 'Rename Laptop' }).click();
    await page.getByLabel('New name').fill('Work laptop');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => names.allTextContents()).toEqual(['Work laptop']);

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Log in with a passkey' }).click();
    await expect.poll(() => signedInAs(page)).toBe('Logged in as carol@example.com');
    const after = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(after.credentials[0]?.signCount).toBeGreaterThan(credentials[0]?.signCount ?? 0);

    await page.getByTestId('account-tab-passkeys').click();
    const removed = tab.expectDialog();
    await page.getByRole('button', { name: 'Delete Work laptop' }).click();
    expect(await removed).toContain('Work laptop');
    await page.getByText('No passkey yet.').waitFor();

    // The authenticator still offers the credential; the server no longer knows it.
    tab.allowProblem(/\b404\b.*\/user_api\/passkey\/authenticate_response\b/);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Log in with a passkey' }).click();
    const other = page.getByTestId('account-other-login');
    await expect.poll(() => other.getByRole('alert').textContent()).toBe('Passkey not found');
    expect(await storedUserToken(page)).toBeNull();
  });
});

describe('OAuth2 login', () => {
  let provider: OAuth2Server;
  let providerUrl: string;

  beforeAll(async () => {
    provider = new OAuth2Server();
    await provider.issuer.keys.generate('RS256');
    await provider.start(0, '127.0.0.1');
    providerUrl = provider.issuer.url!;
    provider.service.on('beforeUserinfo', (response) => {
      response.body = { sub: 'dave', email: 'Dave@OAuth.example' };
    });
    const entry = (name: string, clientID: string, callbackPath: string) => ({
      name,
      clientID,
      clientSecret: `${clientID}-secret`,
      authorizationURL: `${providerUrl}/authorize`,
      accessTokenURL: `${providerUrl}/token`,
      accessTokenFormat: 'json',
      userInfoURL: `${providerUrl}/userinfo`,
      redirectURL: `${suite.service.url}${callbackPath}`,
      userEmailKey: 'email',
      scope: 'openid email',
      icon: '<svg viewBox="0 0 10 10"><circle cx="5" cy="5" r="5"/></svg>',
    });
    await api(
      'POST',
      '/admin/user_oauth2_settings',
      [
        entry('Mock ID', 'mock-client', '/account/oauth2/callback'),
        entry('Legacy ID', 'legacy-client', '/user/oauth2/callback'),
      ],
      admin(),
    );
  });
  afterAll(async () => {
    await provider.stop();
  });

  /** Lets the page reach the provider (the harness blocks every other host). */
  async function allowProvider(tab: BrowserTab): Promise<void> {
    await tab.page.route(`${providerUrl}/**`, (route) => route.continue());
  }

  it('logs in through the provider and back to /account/oauth2/callback', async () => {
    const tab = await suite.openPage();
    const { page } = tab;
    await allowProvider(tab);
    await tab.goto('/account');
    const button = page.getByRole('button', { name: 'Log in with Mock ID' });
    expect(await button.locator('img').getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    await button.click();
    await expect.poll(() => signedInAs(page)).toBe('Logged in as dave@oauth.example');
    const url = new URL(page.url());
    expect(url.pathname + url.search).toBe('/account');
    expect(await page.evaluate(() => sessionStorage.getItem('tmpmail.oauth2'))).toBeNull();
  });

  it("accepts the reference UI's callback path too", async () => {
    const tab = await suite.openPage();
    await allowProvider(tab);
    await tab.goto('/account');
    await tab.page.getByRole('button', { name: 'Log in with Legacy ID' }).click();
    await expect.poll(() => signedInAs(tab.page)).toBe('Logged in as dave@oauth.example');
  });

  it('refuses a callback whose state this tab did not start', async () => {
    const tab = await suite.openPage();
    const requests: string[] = [];
    tab.page.on('request', (request) => requests.push(request.url()));
    await tab.goto('/account/oauth2/callback?code=stolen-code&state=forged');
    const error = tab.page.getByTestId('account-oauth2-error');
    await expect.poll(() => error.textContent()).toContain('did not start in this browser tab');
    expect(requests.filter((url) => url.includes('/user_api/oauth2/callback'))).toEqual([]);
    expect(new URL(tab.page.url()).search).toBe('');
    expect(await storedUserToken(tab.page)).toBeNull();
  });
});

describe('mail verification form', () => {
  it('asks for a code, sends it with the registration', async () => {
    const tab = await suite.openPage();
    const { page } = tab;
    const sent = await standInMailVerify(page);
    const registered: unknown[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/user_api/register')) registered.push(request.postDataJSON());
    });

    await tab.goto('/account');
    const form = page.getByTestId('account-register');
    await form.getByLabel('Email address').fill('erin@example.com');
    await form.getByRole('button', { name: 'Send code' }).click();
    await page
      .getByText('A code was sent to erin@example.com. It is valid for 5 minutes.')
      .waitFor();
    expect(sent).toEqual([{ email: 'erin@example.com' }]);
    await form.getByLabel('Password', { exact: true }).fill('erin-secret-1');
    await form.getByLabel('Password again').fill('erin-secret-2');
    await form.getByLabel('Verification code').fill('123456');
    await form.getByRole('button', { name: 'Create account' }).click();
    await expect
      .poll(() => form.getByRole('alert').textContent())
      .toBe('The two passwords differ.');
    expect(registered).toEqual([]);
    await form.getByLabel('Password again').fill('erin-secret-1');
    await form.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => signedInAs(page)).toBe('Logged in as erin@example.com');
    expect(registered).toEqual([
      { email: 'erin@example.com', password: digest('erin-secret-1'), code: '123456' },
    ]);
  });
});

describe('account page for everyone', () => {
  it('works by keyboard in Chinese, dark, on a 375 px phone, without axe violations', async () => {
    const tab = await suite.openPage({
      viewport: { width: 375, height: 740 },
      isMobile: true,
      colorScheme: 'dark',
      locale: 'zh-CN',
    });
    const { page } = tab;
    const found: string[] = [];
    const check = async (where: string) => {
      for (const line of await seriousA11yViolations(page)) found.push(`${where}: ${line}`);
      expect(await scrollWidth(page), `width at ${where}`).toBeLessThanOrEqual(375);
    };
    await registerByApi('frank@example.com', 'frank-secret-1');
    const box = await suite.service.createAddress('acctfrank');
    await suite.service.sendMail({
      to: box.address,
      subject: 'Phone mail',
      text: 'Your code is 123456',
      html: '<p>Your code is <b>123456</b></p>',
    });
    await tab.openMailbox(box);

    await tab.goto('/account');
    await page.getByRole('heading', { name: '注册账户' }).waitFor();
    await check('sign-in');

    // Keyboard only: Tab to the e-mail field, type, Tab to the password, Enter.
    for (let i = 0; i < 30; i++) {
      if (await page.evaluate(() => document.activeElement?.id === 'account-login-email')) break;
      await page.keyboard.press('Tab');
    }
    await page.keyboard.type('frank@example.com');
    await page.keyboard.press('Tab');
    await page.keyboard.type('frank-secret-1');
    await page.keyboard.press('Enter');
    await expect.poll(() => signedInAs(page)).toBe('已登录：frank@example.com');
    const bindButton = page.getByRole('button', { name: '绑定到我的账户' });
    await bindButton.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => boundItem(page, box.address).count()).toBe(1);
    expect(
      await boundItem(page, box.address).getByTestId('account-bound-mail-count').textContent(),
    ).toBe('邮件：1');
    await check('addresses');

    await boundItem(page, box.address).getByRole('button', { name: /转移/ }).click();
    await page.getByTestId('account-transfer-dialog').waitFor();
    await check('transfer dialog');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('account-transfer-dialog').count()).toBe(0);

    await page.getByTestId('account-tab-mails').click();
    await page.getByTestId('account-mail-item').waitFor();
    await check('mails');
    await page.getByTestId('account-mail-item').getByRole('link').click();
    await page.getByTestId('mail-frame').waitFor();
    await check('mail view');

    await page.getByTestId('account-tab-passkeys').click();
    await page.getByRole('button', { name: '添加通行密钥' }).waitFor();
    await check('passkeys');

    expect(found, 'axe').toEqual([]);
  });
});
