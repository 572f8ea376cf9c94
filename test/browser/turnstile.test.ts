/**
 * Cloudflare Turnstile in a real browser against the real service, whose TURNSTILE_VERIFY_URL
 * points at a siteverify stand-in started here (it passes each token it issued once). The
 * page's Turnstile script is a stand-in too, served for Cloudflare's URL by a route of the
 * browser context: its checkbox takes a fresh token from the stand-in. Covered: the page's
 * CSP, a token for every form whose endpoint checks one (as the server decides, with and
 * without ENABLE_GLOBAL_TURNSTILE_CHECK), submits held back until the check is done, a used
 * or refused token that makes the widget start over, one script per page, a script that fails
 * to load, and a site without Turnstile that never contacts Cloudflare.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Locator } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { useBrowserSuite, type BrowserSuite, type BrowserTab } from '../helpers/browser-harness.js';
import { standInMailVerify } from '../helpers/browser-mail-verify.js';

const SITE_KEY = 'test-turnstile-site-key';
const SECRET_KEY = 'test-turnstile-secret-key';
const SCRIPT_URL = 'https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit';
const CLOUDFLARE = 'https://challenges.cloudflare.com';
const SITE_PASSWORD = 'turnstile site';
const DOMAIN = 'tmpmail.localhost';
const REFUSED = 'Human verification check failed';

interface SiteverifyCall {
  secret: string;
  response: string;
  success: boolean;
}

/** Cloudflare's siteverify as the service calls it: form fields `secret` and `response`. */
async function startSiteverify() {
  const issued = new Set<string>();
  const calls: SiteverifyCall[] = [];
  let refuseNext = false;
  let last = '';
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      const secret = form.get('secret') ?? '';
      const response = form.get('response') ?? '';
      // A token passes once: it is forgotten whatever the answer.
      const known = issued.delete(response);
      const success = req.method === 'POST' && known && secret === SECRET_KEY && !refuseNext;
      refuseNext = false;
      calls.push({ secret, response, success });
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({ success, 'error-codes': success ? [] : ['invalid-input-response'] }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/turnstile/v0/siteverify`,
    calls,
    issue(): string {
      last = `token-${randomUUID()}`;
      issued.add(last);
      return last;
    },
    lastIssued: () => last,
    /** The next verification fails, as Cloudflare's would for a bad token. */
    refuseNext: () => void (refuseNext = true),
    /** The calls that verified `token`. */
    callsOf: (token: string) => calls.filter((call) => call.response === token),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const siteverify = await startSiteverify();
afterAll(() => siteverify.close());

const TURNSTILE_ENV = {
  CF_TURNSTILE_SITE_KEY: SITE_KEY,
  CF_TURNSTILE_SECRET_KEY: SECRET_KEY,
  TURNSTILE_VERIFY_URL: siteverify.url,
  ENABLE_ADDRESS_PASSWORD: 'true',
};

/**
 * window.turnstile with render/reset/remove/getResponse. Each widget is a button; a click
 * takes a token from the stand-in siteverify (fakeTurnstileIssue) and hands it to `callback`.
 * Every call is reported (fakeTurnstileEvent) so the test can see what the page asked for.
 */
const FAKE_TURNSTILE = `(() => {
  const widgets = new Map();
  let count = 0;
  const draw = (widget) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = widget.token ? 'Verified' : 'Verify you are human';
    button.disabled = Boolean(widget.token);
    button.onclick = async () => {
      widget.token = await window.fakeTurnstileIssue();
      draw(widget);
      widget.options.callback(widget.token);
    };
    widget.box.replaceChildren(button);
  };
  window.turnstile = {
    render(box, options) {
      const id = 'fake-' + ++count;
      widgets.set(id, { box, options, token: undefined });
      const { sitekey, theme, language } = options;
      void window.fakeTurnstileEvent({ kind: 'render', id, sitekey, theme, language });
      draw(widgets.get(id));
      return id;
    },
    reset(id) {
      const widget = widgets.get(id);
      void window.fakeTurnstileEvent({ kind: 'reset', id });
      if (widget) draw(Object.assign(widget, { token: undefined }));
    },
    remove(id) {
      void window.fakeTurnstileEvent({ kind: 'remove', id });
      widgets.get(id)?.box.replaceChildren();
      widgets.delete(id);
    },
    getResponse: (id) => widgets.get(id)?.token,
  };
})();`;

interface WidgetEvent {
  kind: 'render' | 'reset' | 'remove';
  id: string;
  sitekey?: string;
  theme?: string;
  language?: string;
}

interface TurnstileTab {
  tab: BrowserTab;
  /** Requests for Cloudflare's script, served or failed. */
  scriptLoads: number;
  events: WidgetEvent[];
}

/** A tab whose Turnstile script is the stand-in; the first `failLoads` loads fail. */
async function openTurnstileTab(suite: BrowserSuite, failLoads = 0): Promise<TurnstileTab> {
  const tab = await suite.openPage();
  const opened: TurnstileTab = { tab, scriptLoads: 0, events: [] };
  await tab.context.exposeFunction('fakeTurnstileIssue', () => siteverify.issue());
  await tab.context.exposeFunction('fakeTurnstileEvent', (event: WidgetEvent) => {
    opened.events.push(event);
  });
  // Added after the harness's trap, so this route answers the script first.
  await tab.context.route(
    (url) => url.href === SCRIPT_URL,
    async (route) => {
      opened.scriptLoads += 1;
      if (opened.scriptLoads <= failLoads) return route.abort('blockedbyclient');
      return route.fulfill({ contentType: 'text/javascript', body: FAKE_TURNSTILE });
    },
  );
  return opened;
}

/** Ticks the widget in `scope`; resolves with the token it received. */
async function passCheck(scope: Locator): Promise<string> {
  await scope.getByRole('button', { name: 'Verify you are human' }).click();
  await scope.getByRole('button', { name: 'Verified' }).waitFor();
  return siteverify.lastIssued();
}

/** The text that the button's aria-describedby points to, or null. */
async function descriptionOf(button: Locator): Promise<string | null> {
  const id = await button.getAttribute('aria-describedby');
  return id === null ? null : button.page().locator(`[id="${id}"]`).textContent();
}

/** The submit waits for the check, says why, and is free once the check is done. */
async function expectHeldBack(button: Locator): Promise<void> {
  expect(await button.isDisabled()).toBe(true);
  expect(await descriptionOf(button)).toBe('Complete the human check above to continue.');
}

const verifiedOnce = (token: string) =>
  expect(siteverify.callsOf(token)).toEqual([
    { secret: SECRET_KEY, response: token, success: true },
  ]);

describe('Turnstile on every login (ENABLE_GLOBAL_TURNSTILE_CHECK), behind a site password', () => {
  const suite = useBrowserSuite({
    env: {
      ...TURNSTILE_ENV,
      ENABLE_GLOBAL_TURNSTILE_CHECK: 'true',
      PASSWORDS: JSON.stringify([SITE_PASSWORD]),
    },
  });

  /** Passes the site password gate of the open page, with a token. */
  async function passGate(opened: TurnstileTab): Promise<void> {
    const gate = opened.tab.page.getByTestId('site-gate');
    await gate.getByLabel('Site password').fill(SITE_PASSWORD);
    const enter = gate.getByRole('button', { name: 'Enter' });
    await expectHeldBack(enter);
    const token = await passCheck(gate);
    await enter.click();
    await gate.waitFor({ state: 'detached' });
    verifiedOnce(token);
  }

  async function enterSite(opened: TurnstileTab, path: string): Promise<void> {
    await opened.tab.goto(path);
    await passGate(opened);
  }

  it('admits Turnstile in the CSP and spends one fresh token per address created', async () => {
    const opened = await openTurnstileTab(suite);
    const { page } = opened.tab;
    const response = await page.goto('/');
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain(`script-src 'self' ${CLOUDFLARE};`);
    expect(csp).toContain(`frame-src 'self' blob: about: ${CLOUDFLARE};`);
    await passGate(opened);

    const form = page.getByTestId('create-address-form');
    const create = form.getByRole('button', { name: 'Create', exact: true });
    await form.getByRole('textbox', { name: 'Name' }).fill('human1');
    await expectHeldBack(create);
    const first = await passCheck(form);
    expect(await create.isDisabled()).toBe(false);
    expect(await create.getAttribute('aria-describedby')).toBeNull();
    await create.click();
    const display = page.getByTestId('address-display');
    await expect.poll(() => display.textContent()).toBe(`tmphuman1@${DOMAIN}`);
    verifiedOnce(first);

    // A second address needs a token of its own; a refused one shows the server's error,
    // and the widget starts over.
    opened.tab.allowProblem(/400.*\/api\/new_address/);
    await page.getByRole('button', { name: 'New or another address' }).click();
    await form.getByRole('textbox', { name: 'Name' }).fill('human2');
    await expectHeldBack(create);
    siteverify.refuseNext();
    const refused = await passCheck(form);
    const resets = () => opened.events.filter((e) => e.kind === 'reset').length;
    const resetsBefore = resets();
    await create.click();
    await expect.poll(() => form.getByRole('alert').textContent()).toBe(REFUSED);
    await form.getByRole('button', { name: 'Verify you are human' }).waitFor();
    await expectHeldBack(create);
    expect(siteverify.callsOf(refused)).toEqual([
      { secret: SECRET_KEY, response: refused, success: false },
    ]);
    expect(resets()).toBe(resetsBefore + 1);

    const second = await passCheck(form);
    expect(second).not.toBe(refused);
    await create.click();
    await expect.poll(() => display.textContent()).toBe(`tmphuman2@${DOMAIN}`);
    verifiedOnce(second);
    // The gate's widget and the create form's went away with them; one script served all.
    expect(opened.events.filter((e) => e.kind === 'remove').length).toBeGreaterThanOrEqual(2);
    expect(opened.scriptLoads).toBe(1);
  });

  it('sends a token with the address-password login and the admin login', async () => {
    const created = await suite.service.api('POST', '/api/new_address', {
      body: { name: 'pwlogin', cf_token: siteverify.issue() },
    });
    const box = (await created.json()) as { address: string; password: string };
    const opened = await openTurnstileTab(suite);
    const { page } = opened.tab;
    await enterSite(opened, '/');

    await page.getByRole('button', { name: 'With a password' }).click();
    const login = page.getByTestId('login-form');
    await login.getByLabel('Email address').fill(box.address);
    await login.getByLabel('Password').fill(box.password);
    const open = login.getByRole('button', { name: 'Open inbox' });
    await expectHeldBack(open);
    const token = await passCheck(login);
    await open.click();
    await expect.poll(() => page.getByTestId('address-display').textContent()).toBe(box.address);
    verifiedOnce(token);

    await opened.tab.goto('/admin');
    const adminForm = page.getByTestId('admin-password-form');
    await adminForm.getByLabel('Admin password').fill(suite.service.adminPassword);
    const signIn = adminForm.getByRole('button', { name: 'Sign in' });
    await expectHeldBack(signIn);
    const adminToken = await passCheck(adminForm);
    await signIn.click();
    await page.getByTestId('admin-console').waitFor();
    verifiedOnce(adminToken);
  });

  it('draws the account page widgets from one script, in the app language and theme, and registers and logs in with a token each', async () => {
    const enabled = await suite.service.api('POST', '/admin/user_settings', {
      body: { enable: true },
      headers: { 'x-admin-auth': suite.service.adminPassword },
    });
    expect(enabled.status).toBe(200);
    const opened = await openTurnstileTab(suite);
    const { page } = opened.tab;
    await enterSite(opened, '/account');
    const register = page.getByTestId('account-register');
    const login = page.getByTestId('account-login');
    await register.getByTestId('turnstile').waitFor();
    await login.getByTestId('turnstile').waitFor();
    const renders = () => opened.events.filter((e) => e.kind === 'render');
    const expected = { kind: 'render', sitekey: SITE_KEY, theme: 'auto', language: 'en' };
    expect(renders().slice(-2)).toEqual([
      { ...expected, id: expect.any(String) },
      { ...expected, id: expect.any(String) },
    ]);
    expect(opened.scriptLoads).toBe(1);

    // A widget cannot change language or theme: the page draws new ones.
    await page.getByTestId('lang-select').selectOption('zh');
    await expect.poll(() => renders().at(-1)?.language).toBe('zh-cn');
    await page.getByTestId('lang-select').selectOption('en');
    await page.getByTestId('theme-toggle').click();
    await expect.poll(() => renders().at(-1)?.theme).toBe('light');
    expect(renders().at(-1)?.language).toBe('en');

    await register.getByLabel('Email address').fill('human@example.com');
    await register.getByLabel('Password', { exact: true }).fill('human-secret');
    await register.getByLabel('Password again').fill('human-secreT');
    const createAccount = register.getByRole('button', { name: 'Create account' });
    await expectHeldBack(createAccount);
    const registered = await passCheck(register);
    // A typo is caught before the token is spent: the same token still serves.
    await createAccount.click();
    await expect
      .poll(() => register.getByRole('alert').textContent())
      .toBe('The two passwords differ.');
    expect(siteverify.callsOf(registered)).toEqual([]);
    expect(await createAccount.isDisabled()).toBe(false);
    await register.getByLabel('Password again').fill('human-secret');
    await createAccount.click();
    await page.getByText('Account created: log in with it').waitFor();
    verifiedOnce(registered);

    await login.getByLabel('Email address').fill('human@example.com');
    await login.getByLabel('Password').fill('human-secret');
    const logIn = login.getByRole('button', { name: 'Log in' });
    await expectHeldBack(logIn);
    const loggedIn = await passCheck(login);
    await logIn.click();
    await expect
      .poll(() => page.getByTestId('account-email').textContent())
      .toBe('Logged in as human@example.com');
    verifiedOnce(loggedIn);
  });
});

describe('Turnstile without the global check', () => {
  const suite = useBrowserSuite({ env: TURNSTILE_ENV });

  it('says when the script fails to load and tries again; logins need no token', async () => {
    const opened = await openTurnstileTab(suite, 1);
    const { page } = opened.tab;
    await opened.tab.goto('/');
    const form = page.getByTestId('create-address-form');
    const create = form.getByRole('button', { name: 'Create', exact: true });
    const failure = form.getByRole('alert');
    await expect.poll(() => failure.textContent()).toContain('could not load');
    expect(await create.isDisabled()).toBe(true);
    expect(await descriptionOf(create)).toContain('could not load');
    await form.getByRole('button', { name: 'Try again' }).click();
    await passCheck(form);
    expect(opened.scriptLoads).toBe(2);
    expect(await create.isDisabled()).toBe(false);

    await page.getByRole('button', { name: 'With a password' }).click();
    const login = page.getByTestId('login-form');
    expect(await login.getByTestId('turnstile').count()).toBe(0);
    expect(await login.getByRole('button', { name: 'Open inbox' }).isDisabled()).toBe(false);

    await opened.tab.goto('/admin');
    await page.getByTestId('admin-password-form').waitFor();
    expect(await page.getByTestId('turnstile').count()).toBe(0);
  });

  it('guards the code request with a token when the site verifies e-mail addresses', async () => {
    const opened = await openTurnstileTab(suite);
    const { page } = opened.tab;
    const sent = await standInMailVerify(page);
    await opened.tab.goto('/account');
    expect(await page.getByTestId('account-login').getByTestId('turnstile').count()).toBe(0);
    const register = page.getByTestId('account-register');
    await register.getByLabel('Email address').fill('code@example.com');
    const sendCode = register.getByRole('button', { name: 'Send code' });
    await expectHeldBack(sendCode);
    // With a code, the registration itself is not checked.
    expect(await register.getByRole('button', { name: 'Create account' }).isDisabled()).toBe(false);
    const token = await passCheck(register);
    await sendCode.click();
    await page.getByText('A code was sent to code@example.com.', { exact: false }).waitFor();
    expect(sent).toEqual([{ email: 'code@example.com', cf_token: token }]);
    await register.getByRole('button', { name: 'Verify you are human' }).waitFor();
    await expectHeldBack(sendCode);
  });
});

describe('a site without Turnstile', () => {
  const suite = useBrowserSuite();

  it('keeps Cloudflare out of the CSP and never asks for its script', async () => {
    const opened = await suite.openPage();
    const { page } = opened;
    const response = await page.goto('/');
    expect(response?.headers()['content-security-policy']).not.toContain('cloudflare');
    await page.getByRole('textbox', { name: 'Name' }).fill('plain');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('address-display').textContent())
      .toBe(`tmpplain@${DOMAIN}`);
    for (const path of ['/account', '/admin']) {
      await opened.goto(path);
      await page
        .getByRole('button', { name: /Log in|Sign in/ })
        .first()
        .waitFor();
      expect(await page.getByTestId('turnstile').count(), path).toBe(0);
    }
    expect(opened.remoteRequests.filter((url) => url.includes('cloudflare'))).toEqual([]);
  });
});
