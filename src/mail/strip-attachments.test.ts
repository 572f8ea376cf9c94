import { describe, expect, it } from 'vitest';
import { readEml } from '../../test/fixtures/eml/fixtures.js';
import { parseMessage } from './parse-message.js';
import {
  FALLBACK_SUBJECT,
  STRIP_THRESHOLD_BYTES,
  shouldStripAttachments,
  stripAttachments,
} from './strip-attachments.js';

const envelope = { from: 'bounce@mailer.example', to: 'tmp1@tmpmail.test' };

describe('shouldStripAttachments', () => {
  it('strips everything with removeAll, large mail with removeExceedSize (2 MiB inclusive)', () => {
    expect(STRIP_THRESHOLD_BYTES).toBe(2 * 1024 * 1024);
    const none = { removeAll: false, removeExceedSize: false };
    expect(shouldStripAttachments(50 * 1024 * 1024, none)).toBe(false);
    expect(shouldStripAttachments(1, { ...none, removeAll: true })).toBe(true);
    const exceed = { removeAll: false, removeExceedSize: true };
    expect(shouldStripAttachments(STRIP_THRESHOLD_BYTES - 1, exceed)).toBe(false);
    expect(shouldStripAttachments(STRIP_THRESHOLD_BYTES, exceed)).toBe(true);
  });
});

describe('stripAttachments', () => {
  it('keeps headers, text and HTML, and drops every attachment', async () => {
    const original = await parseMessage(readEml('attachments'));
    const raw = await stripAttachments(original, envelope);
    const stripped = await parseMessage(raw);
    expect(stripped.attachments).toEqual([]);
    expect(stripped.subject).toBe('Quarterly report');
    expect(stripped.sender).toBe('Zhang, Wei <wei@example.cn>');
    expect(stripped.to).toEqual([{ name: '', address: 'tmp1@tmpmail.test' }]);
    expect(stripped.messageId).toBe('<a1b2c3.report@example.cn>');
    expect(stripped.date).toBe('2024-05-17T02:00:00.000Z');
    expect(stripped.text).toBe(original.text);
    expect(raw).toContain('X-Tmpmail-Attachments-Removed: 4\r\n');
    expect(raw).not.toContain('JVBERi0'); // the base64 of "%PDF-"
  });

  it('keeps a multipart/alternative body and non-ASCII headers', async () => {
    const original = await parseMessage(readEml('multipart-alternative'));
    const stripped = await parseMessage(await stripAttachments(original, envelope));
    expect(stripped.subject).toBe('Your weekly report 📈');
    expect(stripped.sender).toBe('José García <jose@example.org>');
    expect(stripped.text).toBe(original.text);
    expect(stripped.html).toContain('<b>12</b>');
  });

  it('removes inline images and keeps the HTML that referenced them', async () => {
    const original = await parseMessage(readEml('inline-image'));
    const stripped = await parseMessage(await stripAttachments(original, envelope));
    expect(stripped.attachments).toEqual([]);
    expect(stripped.html).toContain('cid:logo.png@newsletter.example');
  });

  it('falls back to the envelope and the reference subject when headers are missing', async () => {
    const original = await parseMessage(readEml('missing-headers'));
    const raw = await stripAttachments({ ...original, to: [] }, envelope);
    const stripped = await parseMessage(raw);
    expect(stripped.subject).toBe(FALLBACK_SUBJECT);
    expect(stripped.sender).toBe('<bounce@mailer.example>');
    expect(stripped.to).toEqual([{ name: '', address: 'tmp1@tmpmail.test' }]);
    expect(stripped.text).toBe(original.text);
    expect(stripped.messageId).toMatch(/^<.+@.+>$/); // generated, as with the reference
  });

  it('shrinks a large message to its text', async () => {
    const { generateLargeMessage } = await import('../../test/fixtures/eml/generate-large.js');
    const large = generateLargeMessage(3 * 1024 * 1024);
    expect(
      shouldStripAttachments(large.raw.byteLength, { removeAll: false, removeExceedSize: true }),
    ).toBe(true);
    const raw = await stripAttachments(await parseMessage(large.raw), envelope);
    expect(raw.length).toBeLessThan(2_000);
    expect((await parseMessage(raw)).text).toBe(large.text);
  });
});
