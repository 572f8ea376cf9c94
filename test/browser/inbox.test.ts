/**
 * The inbox in a real browser against the real service: creating and copying an address, mail
 * arriving live over SMTP, reading it (code chip, HTML/text, attachment, source), deleting mail,
 * clearing the inbox and deleting the address; logging back in; several addresses; language,
 * theme and the phone layout.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { useBrowserSuite, type BrowserTab } from '../helpers/browser-harness.js';

const suite = useBrowserSuite();
const DOMAIN = 'tmpmail.localhost';
const CLIPBOARD = ['clipboard-read', 'clipboard-write'];

async function createInUi(tab: BrowserTab, name: string): Promise<string> {
  const { page } = tab;
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  const address = `tmp${name}@${DOMAIN}`;
  await expect.poll(() => page.getByTestId('address-display').textContent()).toBe(address);
  return address;
}

const readClipboard = (tab: BrowserTab) => tab.page.evaluate(() => navigator.clipboard.readText());

/** Fails when the page was reloaded since markPage(): proves an update came without reload. */
async function markPage(tab: BrowserTab): Promise<() => Promise<boolean>> {
  await tab.page.evaluate(() => Object.assign(window, { tmpmailNotReloaded: true }));
  return () => tab.page.evaluate(() => 'tmpmailNotReloaded' in window);
}

/** Width of the page's content: more than the viewport means a horizontal scroll bar. */
const scrollWidth = (tab: BrowserTab) =>
  tab.page.evaluate(() => document.scrollingElement?.scrollWidth ?? 0);

describe('inbox in the browser', () => {
  it('creates an address, receives mail live, reads it, and deletes mail and address', async () => {
    const tab = await suite.openPage({ permissions: CLIPBOARD });
    const { page } = tab;
    await tab.goto('/');
    const address = await createInUi(tab, 'alice');

    await page.getByRole('button', { name: 'Copy the address' }).click();
    await expect.poll(() => readClipboard(tab)).toBe(address);

    const notReloaded = await markPage(tab);
    await suite.service.sendMail({
      to: address,
      subject: 'Your verification code',
      text: 'Your verification code is 482916. It expires in 10 minutes.',
      html: '<p>Your verification code is <b>482916</b>.</p><p>It expires in 10 minutes.</p>',
      attachments: [{ filename: 'notes.txt', content: 'attached notes\n' }],
    });
    const row = page.getByTestId('mail-item');
    await expect.poll(() => row.count()).toBe(1);
    expect(await notReloaded()).toBe(true);
    expect(await row.getByTestId('unread-mark').count()).toBe(1);
    expect(await row.getByTestId('code-chip-value').textContent()).toBe('482916');
    await expect.poll(() => page.title()).toBe('(1) Temp Mail');

    await row.getByRole('link').click();
    const view = page.getByTestId('mail-view');
    await expect
      .poll(() => view.getByTestId('mail-subject').textContent())
      .toBe('Your verification code');
    expect(new URL(page.url()).pathname).toMatch(/^\/mail\/\d+$/);
    await expect.poll(() => row.getByTestId('unread-mark').count()).toBe(0);
    await expect.poll(() => page.title()).toBe('Temp Mail');

    await view.getByTestId('code-chip').click();
    await expect.poll(() => readClipboard(tab)).toBe('482916');

    // HTML first, in the sandboxed frame; then the text part.
    const html = page.getByRole('button', { name: 'HTML', exact: true });
    const text = page.getByRole('button', { name: 'Text', exact: true });
    expect(await html.getAttribute('aria-pressed')).toBe('true');
    const frame = await view.getByTestId('mail-frame').elementHandle();
    await expect
      .poll(async () => (await frame?.contentFrame())?.locator('b').textContent())
      .toBe('482916');
    await text.click();
    await expect.poll(() => text.getAttribute('aria-pressed')).toBe('true');
    expect(await view.getByTestId('mail-text').textContent()).toContain('is 482916. It expires');
    expect(await view.getByTestId('mail-frame').count()).toBe(0);
    await html.click();
    await view.getByTestId('mail-frame').waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      view.getByRole('button', { name: 'Download notes.txt' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('notes.txt');
    expect(await readFile(await download.path(), 'utf8')).toBe('attached notes\n');

    await view.getByRole('button', { name: 'Source', exact: true }).click();
    const source = view.getByTestId('mail-source');
    await expect.poll(() => source.textContent()).toContain('Subject: Your verification code');
    expect(await source.textContent()).toContain(`To: ${address}`);
    const [eml] = await Promise.all([
      page.waitForEvent('download'),
      view.getByRole('button', { name: 'Download .eml' }).click(),
    ]);
    expect(await readFile(await eml.path(), 'utf8')).toContain('Subject: Your verification code');

    const confirmDelete = tab.expectDialog();
    await view.getByRole('button', { name: 'Delete', exact: true }).click();
    expect(await confirmDelete).toBe('Delete this mail?');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/');
    await expect.poll(() => row.count()).toBe(0);

    // Two more, then clear them all at once.
    await suite.service.sendMail({ to: address, subject: 'one', text: 'first' });
    await suite.service.sendMail({ to: address, subject: 'two', text: 'second' });
    await expect.poll(() => row.count()).toBe(2);
    const confirmClear = tab.expectDialog();
    await page.getByRole('button', { name: 'Clear inbox' }).click();
    expect(await confirmClear).toBe(`Delete every mail of ${address}?`);
    await expect.poll(() => row.count()).toBe(0);
    await page.reload();
    await expect.poll(() => page.getByText('No mail yet.').count()).toBe(1);
    expect(await row.count()).toBe(0);

    const jwt = await page.evaluate(
      () =>
        (
          JSON.parse(localStorage.getItem('tmpmail.addresses') ?? '{}') as {
            items?: { jwt: string }[];
          }
        ).items?.[0]?.jwt,
    );
    const confirmRemove = tab.expectDialog();
    await page.getByRole('button', { name: 'Delete address' }).click();
    expect(await confirmRemove).toContain(`Delete ${address} and all its mail`);
    await expect.poll(() => page.getByText('You have no address yet.').count()).toBe(1);
    expect(await page.getByTestId('address-display').count()).toBe(0);
    const after = await suite.service.api('GET', '/api/mails?limit=10&offset=0', {
      headers: { authorization: `Bearer ${jwt}` },
    });
    expect(after.status).toBe(401);
  });

  it('logs back in with a pasted credential and with /?jwt=…, which leaves the URL', async () => {
    const box = await suite.service.createAddress('bob');
    const pasted = await suite.openPage();
    await pasted.goto('/');
    await pasted.page.getByRole('textbox', { name: 'Credential' }).fill(box.jwt);
    await pasted.page.getByRole('button', { name: 'Open inbox' }).click();
    await expect
      .poll(() => pasted.page.getByTestId('address-display').textContent())
      .toBe(box.address);

    const linked = await suite.openPage();
    await linked.goto('/account');
    await linked.goto(`/?jwt=${encodeURIComponent(box.jwt)}`);
    await expect
      .poll(() => linked.page.getByTestId('address-display').textContent())
      .toBe(box.address);
    expect(linked.page.url()).toBe(`${suite.service.url}/`);
    // The history entry itself was rewritten: back and forward again never shows the credential.
    await linked.page.goBack();
    expect(linked.page.url()).toBe(`${suite.service.url}/account`);
    await linked.page.goForward();
    expect(linked.page.url()).toBe(`${suite.service.url}/`);
    await expect
      .poll(() => linked.page.getByTestId('address-display').textContent())
      .toBe(box.address);
  });

  it('holds several addresses and switches between their inboxes', async () => {
    const tab = await suite.openPage();
    const { page } = tab;
    // Every list the inbox asks for leaves the raw messages out.
    const lists: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/mails') lists.push(url.searchParams.get('raw') ?? 'absent');
    });
    await tab.goto('/');
    const first = await createInUi(tab, 'carol');
    await page.getByRole('button', { name: 'New or another address' }).click();
    const second = await createInUi(tab, 'dave');
    await suite.service.sendMail({ to: first, subject: 'for carol', text: 'c' });
    await suite.service.sendMail({ to: second, subject: 'for dave', text: 'd' });

    const subjects = () => page.getByTestId('mail-item').locator('.mail-subject').allTextContents();
    await expect.poll(subjects).toEqual(['for dave']);
    const switcher = page.getByRole('combobox', { name: 'Switch address' });
    await switcher.selectOption(first);
    await expect.poll(() => page.getByTestId('address-display').textContent()).toBe(first);
    await expect.poll(subjects).toEqual(['for carol']);
    await page.reload();
    await expect.poll(() => page.getByTestId('address-display').textContent()).toBe(first);
    await expect.poll(subjects).toEqual(['for carol']);
    await switcher.selectOption(second);
    await expect.poll(subjects).toEqual(['for dave']);
    expect(lists.length).toBeGreaterThanOrEqual(3);
    expect(new Set(lists)).toEqual(new Set(['false']));
  });

  it('switches to Chinese and remembers it after a reload', async () => {
    const tab = await suite.openPage();
    const { page } = tab;
    await tab.goto('/');
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh');
    await expect.poll(() => page.getByRole('heading', { name: '新建地址' }).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { name: '新建地址' }).count()).toBe(1);
    expect(await page.getByRole('combobox', { name: '语言' }).inputValue()).toBe('zh');
  });

  it('toggles the dark theme, which colours the page and is remembered', async () => {
    const tab = await suite.openPage();
    const { page } = tab;
    await tab.goto('/');
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await background();
    const toggle = page.getByTestId('theme-toggle');
    // system → light → dark: at most two clicks.
    for (let i = 0; i < 3 && !(await toggle.getAttribute('aria-label'))?.includes(': dark.'); i++) {
      await toggle.click();
    }
    await expect
      .poll(() => page.evaluate(() => document.documentElement.dataset['theme']))
      .toBe('dark');
    const dark = await background();
    expect(dark).not.toBe(light);
    expect(luminance(dark)).toBeLessThan(luminance(light));
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
    expect(await background()).toBe(dark);
  });

  it('fits a 375 px wide phone screen without horizontal scrolling', async () => {
    const tab = await suite.openPage({ viewport: { width: 375, height: 740 }, isMobile: true });
    const { page } = tab;
    await tab.goto('/');
    expect(await scrollWidth(tab)).toBeLessThanOrEqual(375);
    const address = await createInUi(tab, 'erin');
    expect(await scrollWidth(tab)).toBeLessThanOrEqual(375);
    await suite.service.sendMail({
      to: address,
      subject: 'A rather long subject line that must wrap on a phone instead of scrolling sideways',
      text: `Your code is 731904. ${'averyveryverylongwordwithoutanybreaks'.repeat(4)}`,
      html: `<p>Your code is <b>731904</b>.</p><p>${'averyveryverylongwordwithoutanybreaks'.repeat(4)}</p><table width="900"><tr><td>a wide table</td></tr></table>`,
      attachments: [
        { filename: 'a-long-attachment-file-name-for-the-phone-layout.txt', content: 'x' },
      ],
    });
    await expect.poll(() => page.getByTestId('mail-item').count()).toBe(1);
    expect(await scrollWidth(tab)).toBeLessThanOrEqual(375);
    await page.getByTestId('mail-item').getByRole('link').click();
    await expect.poll(() => page.getByTestId('mail-view').count()).toBe(1);
    await expect.poll(() => page.getByTestId('mail-frame').count()).toBe(1);
    expect(await scrollWidth(tab)).toBeLessThanOrEqual(375);
    await page.getByRole('button', { name: 'Text', exact: true }).click();
    expect(await scrollWidth(tab)).toBeLessThanOrEqual(375);
  });
});

/** Relative luminance of a CSS rgb()/rgba() colour, enough to tell dark from light. */
function luminance(color: string): number {
  const [r = 0, g = 0, b = 0] = (color.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
