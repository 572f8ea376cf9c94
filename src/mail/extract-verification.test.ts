import { describe, expect, it } from 'vitest';
import { readEml } from '../../test/fixtures/eml/fixtures.js';
import { MAX_SCAN_CHARS, extractVerification } from './extract-verification.js';
import { parseMessage } from './parse-message.js';
import type { ParsedMessage } from './parsed-message.js';

function message(fields: Partial<ParsedMessage>): ParsedMessage {
  return {
    messageId: null, subject: '', from: null, sender: '', to: [], date: null, text: '', html: '',
    attachments: [], headers: [], ...fields,
  }; // prettier-ignore
}

describe('extractVerification on fixtures', () => {
  it('finds the English code', async () => {
    expect(extractVerification(await parseMessage(readEml('verification-en')))).toEqual({
      type: 'auth_code',
      result: '482913',
      result_text: 'verification code',
    });
  });

  it('finds the Chinese code, not the hotline', async () => {
    expect(extractVerification(await parseMessage(readEml('verification-zh')))).toEqual({
      type: 'auth_code',
      result: '730615',
      result_text: '验证码',
    });
  });

  it('finds the magic link of an HTML-only mail, with the anchor text as label', async () => {
    expect(extractVerification(await parseMessage(readEml('magic-link')))).toEqual({
      type: 'auth_link',
      result:
        'https://app.example.com/auth/magic-link?token=eyJhbGciOi.abc123&redirect=%2Fdashboard',
      result_text: 'Sign in to Example',
    });
  });

  it('returns null for mail without codes or useful links', async () => {
    for (const name of [
      'plain-text',
      'html-only',
      'gbk',
      'attachments',
      'multipart-alternative',
    ] as const) {
      expect(extractVerification(await parseMessage(readEml(name)))).toBeNull();
    }
  });
});

describe('extractVerification', () => {
  it('prefers a code over links, and reads HTML only when there is no text part', () => {
    const html = '<p>Your code: <b>111111</b></p><a href="https://x.test/verify">Verify</a>';
    expect(extractVerification(message({ html }))?.result).toBe('111111');
    expect(extractVerification(message({ text: 'Hello', html }))).toEqual({
      type: 'auth_link',
      result: 'https://x.test/verify',
      result_text: 'Verify',
    });
  });

  it('ranks auth links over service links over unsubscribe links', () => {
    const text = [
      'Unsubscribe: https://x.test/unsubscribe?u=1',
      'PR: https://github.com/o/r/pull/1',
      'Confirm: https://x.test/confirm?t=2',
    ].join('\n');
    expect(extractVerification(message({ text }))?.type).toBe('auth_link');
    expect(extractVerification(message({ text: text.split('\n').slice(0, 2).join('\n') }))).toEqual(
      {
        type: 'service_link',
        result: 'https://github.com/o/r/pull/1',
        result_text: 'Service link',
      },
    );
  });

  it('falls back to List-Unsubscribe', () => {
    const headers = [
      { key: 'list-unsubscribe', value: '<mailto:u@x.test>, <https://x.test/unsub?id=9>' },
    ];
    expect(extractVerification(message({ text: 'News of the week', headers }))).toEqual({
      type: 'subscription_link',
      result: 'https://x.test/unsub?id=9',
      result_text: 'Unsubscribe',
    });
  });

  it('returns null for an empty message', () => {
    expect(extractVerification(message({}))).toBeNull();
  });

  it('scans only the first MAX_SCAN_CHARS of the text, quickly', () => {
    const filler = 'lorem ipsum dolor sit amet '.repeat(1_000_000); // ~27 MB
    const started = performance.now();
    expect(extractVerification(message({ text: `${filler}Your code: 123456` }))).toBeNull();
    expect(extractVerification(message({ text: `Your code: 123456 ${filler}` }))?.result).toBe(
      '123456',
    );
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(MAX_SCAN_CHARS).toBe(100 * 1024);
  });

  it('converts at most a bounded slice of huge HTML', () => {
    const html = `<p>Your code: 654321</p>${'<div><a href="https://x.test/p">x</a></div>'.repeat(200_000)}`;
    const started = performance.now();
    expect(extractVerification(message({ html }))?.result).toBe('654321');
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
