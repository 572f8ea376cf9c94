/**
 * A mail whose layout lives in a `<style>` sheet, shown in the real UI: its class rules,
 * `:nth-child` rules and `@media` rules for phones and dark mode apply in the frame, while the
 * parts of the document that stay ours (the hidden head, the truncation notice) win over a
 * sheet that tries to hide or restyle them.
 */
import type { Frame, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readEml } from '../fixtures/eml/fixtures.js';
import { useBrowserSuite, type BrowserTab } from '../helpers/browser-harness.js';

// Small enough that the hiding mail below is cut, so our notice is in its frame.
const suite = useBrowserSuite({ env: { MAIL_HTML_MAX_BYTES: '4096' } });

/** Opens the only mail of a new mailbox holding `eml`; returns the mail frame's document. */
async function openMail(tab: BrowserTab, name: string, eml: Buffer): Promise<Frame> {
  const box = await suite.service.createAddress(name);
  await suite.service.sendRaw(box.address, eml);
  await tab.openMailbox(box);
  const row = page(tab).getByTestId('mail-item');
  await expect.poll(() => row.count()).toBe(1);
  await row.locator('a.mail-link').click();
  const handle = await page(tab).getByTestId('mail-frame').elementHandle();
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error('the mail frame has no document');
  await frame.waitForLoadState('load');
  return frame;
}

const page = (tab: BrowserTab): Page => tab.page;

/** Computed style values of the first element matching each selector. */
function computed(frame: Frame, probes: Record<string, [string, string]>) {
  return frame.evaluate((entries) => {
    const out: Record<string, string> = {};
    for (const [key, [selector, property]] of Object.entries(entries)) {
      const element = document.querySelector(selector);
      out[key] = element ? getComputedStyle(element).getPropertyValue(property) : 'missing';
    }
    return { values: out, width: innerWidth };
  }, probes);
}

const NEWSLETTER_PROBES: Record<string, [string, string]> = {
  button: ['a.button', 'background-color'],
  buttonText: ['a.button', 'color'],
  header: ['.header', 'background-color'],
  code: ['.code', 'font-size'],
  codeBorder: ['.code', 'border-top-style'],
  zebra: ['table.items tr:nth-child(2) td', 'background-color'],
  plain: ['table.items tr:nth-child(1) td', 'background-color'],
  body: ['body', 'background-color'],
  content: ['.content', 'color'],
};

describe('a mail styled by its style sheet', () => {
  it('applies its class rules in a wide frame', async () => {
    const tab = await suite.openPage({ viewport: { width: 1600, height: 1000 } });
    const frame = await openMail(tab, 'styledwide', Buffer.from(readEml('styled-newsletter')));
    const { values, width } = await computed(frame, NEWSLETTER_PROBES);
    expect(width).toBeGreaterThan(620);
    expect(values).toEqual({
      button: 'rgb(228, 87, 46)',
      buttonText: 'rgb(255, 255, 255)',
      header: 'rgb(31, 58, 147)',
      code: '28px',
      codeBorder: 'dashed',
      zebra: 'rgb(249, 250, 251)',
      plain: 'rgba(0, 0, 0, 0)',
      body: 'rgb(238, 241, 245)',
      content: 'rgb(43, 47, 54)',
    });
    expect(tab.remoteRequests).toEqual([]);
  });

  it('applies its @media rules on a phone in dark mode', async () => {
    const tab = await suite.openPage({
      viewport: { width: 375, height: 800 },
      colorScheme: 'dark',
    });
    const frame = await openMail(tab, 'styledphone', Buffer.from(readEml('styled-newsletter')));
    const { values, width } = await computed(frame, NEWSLETTER_PROBES);
    expect(width).toBeLessThanOrEqual(620);
    expect(values.code).toBe('22px');
    expect(values.content).toBe('rgb(229, 231, 235)');
    expect(values.button).toBe('rgb(228, 87, 46)');
  });

  it('cannot hide the head or our truncation notice, whatever its sheet says', async () => {
    const tab = await suite.openPage();
    const hiding =
      '*{display:none !important;color:#fff !important;background:#fff !important;' +
      'opacity:0 !important;visibility:hidden !important;font-size:0 !important}' +
      'html body p:first-child{display:none !important}' +
      '@media screen{p{display:none !important}}';
    const eml = [
      'From: sender@news.example',
      'Subject: hiding sheet',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      `<html><head><style>${hiding}</style></head><body>`,
      ...Array.from(
        { length: 200 },
        (_, i) => `<p class="p${i}">Paragraph ${i} of a long mail.</p>`,
      ),
      '</body></html>',
      '',
    ].join('\r\n');
    const frame = await openMail(tab, 'styledhiding', Buffer.from(eml));
    const found = await frame.evaluate(() => {
      const notice = document.querySelector('[data-tmpmail-notice]');
      const style = notice ? getComputedStyle(notice) : undefined;
      const box = notice?.getBoundingClientRect();
      return {
        head: getComputedStyle(document.head).display,
        body: getComputedStyle(document.body).display,
        notice: style && {
          display: style.display,
          visibility: style.visibility,
          opacity: style.opacity,
          color: style.color,
          background: style.backgroundColor,
          visible: (box?.height ?? 0) > 0,
          onTop: notice === document.elementFromPoint((box?.x ?? 0) + 4, (box?.y ?? 0) + 4),
        },
        // The mail's own paragraphs are hidden as its sheet asks.
        paragraph: getComputedStyle(document.querySelector('p.p1') as Element).display,
      };
    });
    expect(found).toEqual({
      head: 'none',
      body: 'block',
      notice: {
        display: 'block',
        visibility: 'visible',
        opacity: '1',
        color: 'rgb(102, 77, 3)',
        background: 'rgb(255, 243, 205)',
        visible: true,
        onTop: true,
      },
      paragraph: 'none',
    });
  });
});
