/**
 * Downloads of stored mail (new endpoints): the exact raw message, attachments by position and
 * inline parts by Content-ID. Downloads never run in our origin: attachments are opaque bytes
 * with a safe file name, and only raster images are ever shown inline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/mail/parse-message.js';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.js';
import {
  bearer,
  createAddress,
  deliverBytes,
  expectText,
  type Created,
} from '../helpers/mailbox-client.js';
import { DIALECTS } from '../helpers/test-stores.js';
import { readEml } from '../fixtures/eml/fixtures.js';

const CSP = "default-src 'none'; sandbox";
const encoder = new TextEncoder();

/** A message whose parts try to get rendered or written outside the download folder. */
const HOSTILE = [
  'From: Mallory <mallory@evil.example>',
  'To: someone@example.com',
  'Subject: open me',
  'Message-ID: <hostile@evil.example>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'see attached',
  '--b1',
  'Content-Type: text/plain',
  'Content-Disposition: attachment; filename="../../etc/passwd"',
  '',
  'root:x:0:0:root:/root:/bin/sh',
  '--b1',
  'Content-Type: text/html; name="page.html"',
  'Content-Disposition: attachment; filename="page.html"',
  '',
  '<script>alert(document.cookie)</script>',
  '--b1',
  'Content-Type: image/svg+xml; name="logo.svg"',
  'Content-Disposition: inline; filename="logo.svg"',
  'Content-ID: <svg@evil.example>',
  '',
  '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
  '--b1--',
  '',
].join('\r\n');

function expectDownload(res: Response, type: string, disposition: string): void {
  expect(res.status).toBe(200);
  expect({
    type: res.headers.get('content-type'),
    disposition: res.headers.get('content-disposition'),
    nosniff: res.headers.get('x-content-type-options'),
    csp: res.headers.get('content-security-policy'),
  }).toEqual({ type, disposition, nosniff: 'nosniff', csp: CSP });
}

describe.each(DIALECTS)('mail downloads on %s', (dialect) => {
  let app: TestApp;
  let owner: Created;
  let other: Created;
  const ids = { attachments: 0, inline: 0, hostile: 0, eightBit: 0 };

  const download = (path: string, who: Created = owner) =>
    app.request('GET', path, { headers: bearer(who.jwt) });
  const bytesOf = async (res: Response) => new Uint8Array(await res.arrayBuffer());

  beforeAll(async () => {
    app = await buildTestApp({ dialect });
    owner = await createAddress(app, 'owner');
    other = await createAddress(app, 'other');
    ids.attachments = await deliverBytes(app, owner.address, readEml('attachments'));
    ids.inline = await deliverBytes(app, owner.address, readEml('inline-image'));
    ids.hostile = await deliverBytes(app, owner.address, encoder.encode(HOSTILE));
    ids.eightBit = await deliverBytes(app, owner.address, readEml('raw-8bit-headers'));
  });
  afterAll(() => app.close());

  it('returns the exact raw bytes as message/rfc822, UTF-8 or not', async () => {
    for (const [id, fixture] of [
      [ids.attachments, 'attachments'],
      [ids.eightBit, 'raw-8bit-headers'],
    ] as const) {
      const res = await download(`/api/mails/${id}/raw`);
      expectDownload(
        res,
        'message/rfc822',
        `attachment; filename="mail-${id}.eml"; filename*=UTF-8''mail-${id}.eml`,
      );
      expect(Buffer.from(await bytesOf(res)).equals(Buffer.from(readEml(fixture)))).toBe(true);
    }
  });

  it('serves an attachment as opaque bytes with a safe RFC 6266 file name', async () => {
    const expected = (await parseMessage(readEml('attachments'))).attachments;
    const res = await download(`/api/mails/${ids.attachments}/attachments/0`);
    expectDownload(
      res,
      'application/octet-stream',
      'attachment; filename="attachment.pdf"; filename*=UTF-8\'\'%E5%AD%A3%E5%BA%A6%E6%8A%A5%E5%91%8A.pdf',
    );
    const body = await bytesOf(res);
    expect(new TextDecoder().decode(body.subarray(0, 8))).toBe('%PDF-1.4');
    expect(Buffer.from(body).equals(Buffer.from(expected[0]?.content ?? []))).toBe(true);
    const csv = await download(`/api/mails/${ids.attachments}/attachments/1`);
    expect(csv.headers.get('content-disposition')).toBe(
      'attachment; filename="_ Q2.csv"; filename*=UTF-8\'\'%E6%95%B0%E6%8D%AE%E6%98%8E%E7%BB%86%20Q2.csv',
    );
    expect(await csv.text()).toBe('name,amount\nalice,10\nbob,20\n');
    const nameless = await download(`/api/mails/${ids.attachments}/attachments/3`);
    expectDownload(
      nameless,
      'application/octet-stream',
      'attachment; filename="attachment"; filename*=UTF-8\'\'attachment',
    );
    expect([...(await bytesOf(nameless))]).toEqual([0, 1, 2, 3]);
  });

  it('strips path parts from a hostile file name', async () => {
    const res = await download(`/api/mails/${ids.hostile}/attachments/0`);
    expectDownload(
      res,
      'application/octet-stream',
      'attachment; filename="passwd"; filename*=UTF-8\'\'passwd',
    );
    expect(await res.text()).toBe('root:x:0:0:root:/root:/bin/sh');
  });

  it('shows only raster images inline, never HTML or SVG', async () => {
    const png = await download(`/api/mails/${ids.inline}/attachments/0?inline=1`);
    expectDownload(png, 'image/png', 'inline; filename="logo.png"; filename*=UTF-8\'\'logo.png');
    expect([...(await bytesOf(png)).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const asFile = await download(`/api/mails/${ids.inline}/attachments/0`);
    expectDownload(
      asFile,
      'application/octet-stream',
      'attachment; filename="logo.png"; filename*=UTF-8\'\'logo.png',
    );
    for (const [index, name] of [
      [1, 'page.html'],
      [2, 'logo.svg'],
    ] as const) {
      const res = await download(`/api/mails/${ids.hostile}/attachments/${index}?inline=1`);
      expectDownload(
        res,
        'application/octet-stream',
        `attachment; filename="${name}"; filename*=UTF-8''${name}`,
      );
      await res.arrayBuffer();
    }
  });

  it('serves an inline part by its Content-ID, with the same rules', async () => {
    for (const cid of [
      'logo.png@newsletter.example',
      encodeURIComponent('<logo.png@newsletter.example>'),
    ]) {
      const res = await download(`/api/mails/${ids.inline}/cid/${cid}`);
      expectDownload(res, 'image/png', 'inline; filename="logo.png"; filename*=UTF-8\'\'logo.png');
      await res.arrayBuffer();
    }
    const svg = await download(
      `/api/mails/${ids.hostile}/cid/${encodeURIComponent('svg@evil.example')}`,
    );
    expectDownload(
      svg,
      'application/octet-stream',
      'attachment; filename="logo.svg"; filename*=UTF-8\'\'logo.svg',
    );
    await svg.arrayBuffer();
    await expectText(
      await download(`/api/mails/${ids.inline}/cid/nothing@here`),
      404,
      'Mail not found',
    );
  });

  it('answers 404 for a missing attachment or mail, 400 for a bad index', async () => {
    await expectText(
      await download(`/api/mails/${ids.attachments}/attachments/4`),
      404,
      'Mail not found',
    );
    await expectText(await download(`/api/mails/999999/attachments/0`), 404, 'Mail not found');
    await expectText(await download('/api/mails/999999/raw'), 404, 'Mail not found');
    for (const index of ['x', '-1', '1e0', '0x1']) {
      const res = await download(`/api/mails/${ids.attachments}/attachments/${index}`);
      expect(res.status).toBe(400);
      await res.arrayBuffer();
    }
  });

  it('downloads nothing of another address’s mail', async () => {
    for (const path of [
      `/api/mails/${ids.attachments}/raw`,
      `/api/mails/${ids.attachments}/attachments/0`,
      `/api/mails/${ids.inline}/cid/logo.png@newsletter.example`,
    ]) {
      await expectText(await download(path, other), 404, 'Mail not found');
      await expectText(await app.request('GET', path), 401, 'Invalid address credential');
    }
  });
});
