/**
 * Harness of the real-browser tests (test/browser/*.test.ts): the real service (startService,
 * HTTP and SMTP on free ports, a fresh SQLite file, the built UI from dist/web) driven by
 * Debian's Chromium through playwright-core.
 *
 * API, in a test file:
 *
 *   const suite = useBrowserSuite({ env: { PASSWORDS: '["x"]' } }); // one service + browser per file
 *   it('...', async () => {
 *     const tab = await suite.openPage({ viewport: { width: 375, height: 800 } });
 *     await tab.goto('/');                        // a path of the app, checked to answer 200
 *     const box = await suite.service.createAddress('alice');   // API shortcut: {address, jwt}
 *     await tab.openMailbox(box);                 // opens it in the UI through /?jwt=…
 *     await suite.service.sendMail({ to: box.address, subject: 'Hi', text: 'code 123456' });
 *     tab.allowProblem(/401/);                    // an expected console error or failed request
 *     const message = tab.expectDialog();         // accept the next confirm(); resolves its text
 *   });
 *
 * - `suite.service`: `url`, `smtpPort`, `adminPassword` (ADMIN_PASSWORDS), `api(method, path,
 *   {body, headers})` (fetch against the service, JSON in), `createAddress(name)`,
 *   `sendMail(nodemailer options)` and `sendRaw(to, eml)` over real SMTP.
 * - `suite.openPage(options)`: a new browser context (playwright BrowserContextOptions:
 *   viewport, colorScheme, permissions...) and page, closed after the test. Its `tab.problems`
 *   collects console errors, uncaught page errors, failed requests, HTTP >= 400 answers and
 *   unexpected dialogs; after each test the suite fails when one was not allowed with
 *   `allowProblem`.
 * - Every request to a host other than the service is answered by the harness, never by the
 *   network: it is recorded in `tab.remoteRequests` and aborted. Tests assert on that list.
 * - `logInAsAdmin(tab, suite.service.adminPassword)` on an open /admin page;
 *   `waitForContent(page)` until the main region shows no loading state.
 * - `suite.browser` for anything else; `BROWSER_LAUNCH_OPTIONS` for scripts outside vitest.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type LaunchOptions,
  type Page,
} from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, vi } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { startService, type RunningService } from '../../src/start-service.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BUILT_UI_DIR = join(REPO_ROOT, 'dist', 'web');
export const ADMIN_PASSWORD = 'browser-suite-admin-password';
const JWT_SECRET = 'browser-suite-jwt-secret-0123456789abcdef';
// A browser step (click, wait for an element, expect.poll) waits this long before failing:
// generous for a slow CI machine, short enough to leave the test's timeout for the report.
const STEP_TIMEOUT_MS = 10_000;

/** Debian's Chromium (scripts/ensure-chromium.sh installs it); CHROMIUM_PATH overrides it. */
export const BROWSER_LAUNCH_OPTIONS: LaunchOptions = {
  executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
  // No sandbox: CI containers run as root. The rest keeps Chromium from calling home, so the
  // remote-request checks see only what the page itself asked for.
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    // Belt and braces for the trap in openTab: no host but the service's ever resolves, so
    // even a request the interception missed cannot leave the machine.
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
    // Chromium puts each sandboxed frame (the mail view) in a process of its own, which
    // Playwright attaches to only after it has started: requests made before that (the
    // frame's images) skip both the route trap and the request event, so the remote-request
    // checks could miss a beacon. In the page's process every request is seen. The sandbox
    // attribute, which the tests rely on, is enforced either way.
    '--disable-features=IsolateSandboxedIframes',
  ],
};

export interface Mailbox {
  address: string;
  jwt: string;
}

export interface BrowserService {
  url: string;
  smtpPort: number;
  adminPassword: string;
  api(
    method: string,
    path: string,
    init?: { body?: unknown; headers?: Record<string, string> },
  ): Promise<Response>;
  createAddress(name: string): Promise<Mailbox>;
  sendMail(message: Mail.Options): Promise<SMTPTransport.SentMessageInfo>;
  sendRaw(to: string, eml: string | Buffer): Promise<SMTPTransport.SentMessageInfo>;
  stop(): Promise<void>;
}

/**
 * Starts the real service on free ports with its own data directory and a private copy of the
 * built UI (so a concurrent `npm run build:web` cannot swap files under a running test).
 */
export async function startBrowserService(
  env: Record<string, string> = {},
): Promise<BrowserService> {
  if (!existsSync(join(BUILT_UI_DIR, 'index.html'))) {
    throw new Error(
      `The web UI is not built (${BUILT_UI_DIR}/index.html is missing): run npm run build:web`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'tmpmail-browser-'));
  cpSync(BUILT_UI_DIR, join(dir, 'web'), { recursive: true });
  const loaded = loadConfig({
    env: {
      HOST: '127.0.0.1',
      PORT: '0',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: '0',
      DATABASE_URL: join(dir, 'tmpmail.sqlite'),
      DATA_DIR: dir,
      WEB_DIR: join(dir, 'web'),
      LOG_LEVEL: 'silent',
      CLEANUP_INTERVAL_SECONDS: '0',
      JWT_SECRET,
      ADMIN_PASSWORDS: JSON.stringify([ADMIN_PASSWORD]),
      // Tests create many addresses from one IP within a minute.
      RATE_LIMIT_PER_MINUTE: '0',
      ...env,
    },
  });
  const running: RunningService = await startService(loaded).catch((error: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  const smtpPort = running.smtpPort ?? 0;
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: smtpPort,
    ignoreTLS: true,
  });
  const sitePassword = loaded.config.PASSWORDS[0];

  const api: BrowserService['api'] = (method, path, init = {}) =>
    fetch(`${running.url}${path}`, {
      method,
      headers: {
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(sitePassword ? { 'x-custom-auth': sitePassword } : {}),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });

  return {
    url: running.url,
    smtpPort,
    adminPassword: ADMIN_PASSWORD,
    api,
    async createAddress(name) {
      const res = await api('POST', '/api/new_address', { body: { name } });
      if (!res.ok) throw new Error(`new_address ${name}: ${res.status} ${await res.text()}`);
      return (await res.json()) as Mailbox;
    },
    sendMail: (message) => transport.sendMail({ from: 'sender@example.org', ...message }),
    sendRaw: (to, eml) =>
      transport.sendMail({ envelope: { from: 'sender@example.org', to: [to] }, raw: eml }),
    async stop() {
      transport.close();
      await running.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface BrowserTab {
  context: BrowserContext;
  page: Page;
  /** Console errors, page errors, failed requests, HTTP errors, unexpected dialogs. */
  problems: string[];
  /** URLs of requests to any host but the service's (each was aborted, never sent). */
  remoteRequests: string[];
  /** Marks problems matching `pattern` as expected in this test. */
  allowProblem(pattern: RegExp): void;
  /** Problems not allowed with allowProblem. */
  unexpectedProblems(): string[];
  /** Accepts the next dialog (confirm); resolves with its message. Others are problems. */
  expectDialog(): Promise<string>;
  /** Opens a path of the app and checks that it answered 200. */
  goto(path: string): Promise<void>;
  /** Opens an address in the UI through `/?jwt=…` and waits until it is shown. */
  openMailbox(mailbox: Mailbox): Promise<void>;
}

function isServiceUrl(url: URL, service: URL): boolean {
  return url.host === service.host || !/^(https?|wss?):$/.test(url.protocol);
}

/** A new context and page with problem collection and the remote-request trap. */
export async function openTab(
  browser: Browser,
  serviceUrl: string,
  options: BrowserContextOptions = {},
): Promise<BrowserTab> {
  const service = new URL(serviceUrl);
  const context = await browser.newContext({
    baseURL: serviceUrl,
    locale: 'en-US',
    timezoneId: 'UTC',
    colorScheme: 'light',
    ...options,
  });
  // Fail a stuck step with its locator well inside the test's own timeout.
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  const page = await context.newPage();
  const problems: string[] = [];
  const remoteRequests: string[] = [];
  const allowed: RegExp[] = [];
  const dialogWaiters: ((message: string) => void)[] = [];

  const recordRemote = (url: string) => {
    if (!remoteRequests.includes(url)) remoteRequests.push(url);
  };
  await context.route(
    (url) => !isServiceUrl(url, service),
    async (route) => {
      recordRemote(route.request().url());
      await route.abort('blockedbyclient');
    },
  );
  // A second record, in case a request ever reaches the network without the route above
  // (see IsolateSandboxedIframes in the launch options).
  context.on('request', (request) => {
    if (!isServiceUrl(new URL(request.url()), service)) recordRemote(request.url());
  });
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    // The trap above causes these; tests check remoteRequests instead.
    if (text.includes('ERR_BLOCKED_BY_CLIENT')) return;
    const source = message.location().url;
    if (text.includes('ERR_NAME_NOT_RESOLVED') && source && !isServiceUrl(new URL(source), service))
      return;
    problems.push(`console error: ${text} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? 'failed';
    // Navigations and closing pages cancel open requests (the live mail stream): not an error.
    // Remote requests fail by design (the trap); tests check remoteRequests.
    if (reason === 'net::ERR_ABORTED' || !isServiceUrl(new URL(request.url()), service)) return;
    problems.push(`request failed: ${request.method()} ${request.url()} ${reason}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) {
      problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
    }
  });
  page.on('dialog', (dialog) => {
    const waiter = dialogWaiters.shift();
    if (waiter) {
      waiter(dialog.message());
      void dialog.accept();
    } else {
      problems.push(`unexpected dialog (${dialog.type()}): ${dialog.message()}`);
      void dialog.dismiss();
    }
  });

  const tab: BrowserTab = {
    context,
    page,
    problems,
    remoteRequests,
    allowProblem: (pattern) => void allowed.push(pattern),
    unexpectedProblems: () => problems.filter((p) => !allowed.some((re) => re.test(p))),
    expectDialog: () => new Promise((resolve) => dialogWaiters.push(resolve)),
    async goto(path) {
      const response = await page.goto(path);
      expect(response?.status(), `GET ${path}`).toBe(200);
    },
    async openMailbox(mailbox) {
      await tab.goto(`/?jwt=${encodeURIComponent(mailbox.jwt)}`);
      await expect
        .poll(() => page.getByTestId('address-display').textContent())
        .toBe(mailbox.address);
    },
  };
  return tab;
}

/**
 * Waits until the page's main region shows no loading state (its data and lazy chunks have
 * arrived): no busy region and no "Loading…" text. Locators, not waitForFunction, which
 * evaluates a string in the page and so needs the 'unsafe-eval' the app's CSP forbids.
 */
export async function waitForContent(page: Page): Promise<void> {
  await page.locator('main [aria-busy="true"]').first().waitFor({ state: 'detached' });
  await page.locator('main').getByText('Loading…').first().waitFor({ state: 'detached' });
}

/**
 * Logs in on /admin (already open) with the admin password: fills the page's password field
 * (found by its label) and submits. Resolves false when the page shows no password field.
 */
export async function logInAsAdmin(tab: BrowserTab, password: string): Promise<boolean> {
  const field = tab.page.getByTestId('admin-page').getByLabel(/password/i);
  if ((await field.count()) === 0) return false;
  await field.fill(password);
  await field.press('Enter');
  await field.waitFor({ state: 'detached' });
  return true;
}

export interface BrowserSuite {
  readonly service: BrowserService;
  readonly browser: Browser;
  /** A fresh context and page, closed (and its problems checked) after the test. */
  openPage(options?: BrowserContextOptions): Promise<BrowserTab>;
}

/** Closes the tabs and fails when one of them saw a problem its test did not allow. */
async function closeTabs(tabs: BrowserTab[]): Promise<void> {
  const problems = tabs.flatMap((tab) => tab.unexpectedProblems());
  await Promise.all(tabs.map((tab) => tab.context.close()));
  expect(problems, 'unexpected browser problems').toEqual([]);
}

/**
 * One service and one Chromium for the calling test file; each openPage() is a fresh context,
 * closed after its test, whose unexpected problems fail that test.
 */
export function useBrowserSuite(options: { env?: Record<string, string> } = {}): BrowserSuite {
  let service: BrowserService | undefined;
  let browser: Browser | undefined;
  let tabs: BrowserTab[] = [];
  vi.setConfig({ expect: { poll: { timeout: STEP_TIMEOUT_MS, interval: 50 } } });

  beforeAll(async () => {
    // Both start at once; whichever started is stopped by afterAll even when the other failed.
    const [started, launched] = await Promise.allSettled([
      startBrowserService(options.env),
      chromium.launch(BROWSER_LAUNCH_OPTIONS),
    ]);
    if (started.status === 'fulfilled') service = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    if (started.status === 'rejected') throw started.reason;
    if (launched.status === 'rejected') throw launched.reason;
  });
  afterEach(async () => {
    const open = tabs;
    tabs = [];
    await closeTabs(open);
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the browser suite is not started (beforeAll)');
    return value;
  };
  return {
    get service() {
      return started(service);
    },
    get browser() {
      return started(browser);
    },
    async openPage(contextOptions) {
      const tab = await openTab(started(browser), started(service).url, contextOptions);
      tabs.push(tab);
      return tab;
    },
  };
}
