/**
 * `GET /api/mails/:id/html` and `GET /admin/mails/:id/html` (new): the stored mail rendered as a
 * safe document for the web UI's sandboxed iframe, over the hostile corpus, scoped to the
 * address credential, with the MAIL_HTML_* limits and the response headers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_FIXTURES, readHostileEml } from '../fixtures/hostile/fixtures.js';
import { readEml } from '../fixtures/eml/fixtures.js';
import { adminHeaders, buildTestApp, type TestApp } from '../helpers/build-test-app.js';
import {
  bearer,
  createAddress,
  deliverBytes,
  json,
  type Created,
} from '../helpers/mailbox-client.js';
import { DIALECTS } from '../helpers/test-stores.js';

interface MailHtml {
  html: string;
  remoteImages: number;
  truncated: boolean;
}

const encoder = new TextEncoder();

/** A multipart/related HTML mail with a 2 KiB PNG-typed inline part and a long body. */
function bigMailWithImage(): Uint8Array {
  const image = Buffer.alloc(2048, 7).toString('base64').replace(/.{76}/g, '$&\r\n');
  return encoder.encode(
    [
      'From: a@sender.example',
      'To: someone@example.com',
      'Subject: big',
      'MIME-Version: 1.0',
      'Content-Type: multipart/related; boundary="b"',
      '',
      '--b',
      'Content-Type: text/html; charset=utf-8',
      '',
      `<p><img src="cid:pic@x" alt="pic"></p><p>${'long text '.repeat(300)}</p><p>the end</p>`,
      '--b',
      'Content-Type: image/png',
      'Content-ID: <pic@x>',
      'Content-Transfer-Encoding: base64',
      '',
      image,
      '--b--',
      '',
    ].join('\r\n'),
  );
}

function expectSafeHeaders(res: Response): void {
  expect(res.headers.get('cache-control')).toBe('private, no-store');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
}

describe.each(DIALECTS)('mail HTML on %s', (dialect) => {
  let app: TestApp;
  let owner: Created;
  let other: Created;
  const ids = new Map<string, number>();
  const id = (name: string) => ids.get(name) as number;

  const get = (path: string, headers: Record<string, string> = bearer(owner.jwt)) =>
    app.request('GET', path, { headers });

  beforeAll(async () => {
    app = await buildTestApp({ dialect });
    owner = await createAddress(app, 'owner');
    other = await createAddress(app, 'other');
    for (const fixture of HOSTILE_FIXTURES) {
      ids.set(fixture.name, await deliverBytes(app, owner.address, readHostileEml(fixture.name)));
    }
  });
  afterAll(() => app.close());

  it('renders every hostile fixture safely, with its text and remote image count', async () => {
    for (const fixture of HOSTILE_FIXTURES) {
      const res = await get(`/api/mails/${id(fixture.name)}/html`);
      expectSafeHeaders(res);
      const body = await json<MailHtml>(res);
      expect(Object.keys(body).sort()).toEqual(['html', 'remoteImages', 'truncated']);
      expect(body.html).toMatch(/^<!DOCTYPE html><html><head><meta charset="utf-8">/);
      expect(body.html).toContain(fixture.visibleText);
      expect(body.remoteImages, fixture.name).toBe(fixture.remoteImages);
      // Only the document's own <style> elements may appear, in its head (ours, then the
      // mail's filtered sheet if it kept anything); none of the mail's active elements do.
      const active = body.html.match(/<(script|iframe|object|embed|form|svg|math|style|link)\b/gi);
      expect(active, fixture.name).toEqual(
        active?.length === 2 ? ['<style', '<style'] : ['<style'],
      );
      expect(body.html.split('</head>')[1], fixture.name).not.toContain('<style');
      expect(body.html, fixture.name).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
    }
  });

  it('loads remote images only with ?remote_images=1', async () => {
    const path = `/api/mails/${id('tracking-pixel')}/html`;
    const blocked = await json<MailHtml>(get(path));
    expect(blocked.html).not.toContain('tracker.example');
    expect(blocked.html).toContain('img-src data:;');
    const allowed = await json<MailHtml>(get(`${path}?remote_images=1`));
    expect(blocked.remoteImages).toBe(3);
    expect(allowed.remoteImages).toBe(0);
    expect(allowed.html).toContain('src="https://tracker.example/open.gif?id=12345&amp;user=tmp1"');
    expect(allowed.html).toContain('img-src data: https: http:;');
    expect((await get(`${path}?remote_images=yes`)).status).toBe(400);
  });

  it('inlines cid: images from the stored message', async () => {
    const { html } = await json<MailHtml>(get(`/api/mails/${id('cid-inline-image')}/html`));
    expect(html.match(/src="data:image\/png;base64,iVBORw0KGgo/g)).toHaveLength(2);
  });

  it("answers 404 to another address's credential and 401 without one", async () => {
    const path = `/api/mails/${id('script-tag')}/html`;
    expect((await get(path, bearer(other.jwt))).status).toBe(404);
    expect((await get(path, {})).status).toBe(401);
    expect((await get(path, bearer('not-a-token'))).status).toBe(401);
    expect((await get('/api/mails/999999/html')).status).toBe(404);
    expect((await get('/api/mails/abc/html')).status).toBe(400);
  });

  it('serves the same document to the admin, for any mail, and only to the admin', async () => {
    const mailId = id('css-beacon');
    const asOwner = await json<MailHtml>(get(`/api/mails/${mailId}/html`));
    const res = await get(`/admin/mails/${mailId}/html`, adminHeaders);
    expectSafeHeaders(res);
    expect(await json<MailHtml>(res)).toEqual(asOwner);
    const allowed = await json<MailHtml>(
      get(`/admin/mails/${mailId}/html?remote_images=1`, adminHeaders),
    );
    expect(allowed.html).toContain('url(https://tracker.example/css-beacon-1.png)');
    expect((await get(`/admin/mails/${mailId}/html`, bearer(owner.jwt))).status).toBe(401);
    expect((await get('/admin/mails/999999/html', adminHeaders)).status).toBe(404);
    expect((await get('/admin/mails/0/html', adminHeaders)).status).toBe(400);
  });
});

describe.each(DIALECTS)('mail HTML limits and stored bytes on %s', (dialect) => {
  let app: TestApp;
  let owner: Created;

  beforeAll(async () => {
    app = await buildTestApp({
      dialect,
      env: {
        MAIL_HTML_MAX_BYTES: '2048',
        MAIL_HTML_INLINE_IMAGE_MAX_BYTES: '1024',
        // gzip keeps the exact bytes, which the admin route must render from, not row.raw
        ENABLE_MAIL_GZIP: 'true',
      },
    });
    owner = await createAddress(app, 'limits');
  });
  afterAll(() => app.close());

  it('cuts the part at MAIL_HTML_MAX_BYTES and skips images over the inline limit', async () => {
    const mailId = await deliverBytes(app, owner.address, bigMailWithImage());
    const body = await json<MailHtml>(
      app.request('GET', `/api/mails/${mailId}/html`, { headers: bearer(owner.jwt) }),
    );
    expect(body.truncated).toBe(true);
    expect(body.html).toContain('data-tmpmail-notice="truncated"');
    expect(body.html).not.toContain('the end');
    expect(body.html).toContain('<img alt="pic" />');
  });

  it('renders a non-UTF-8 mail from its exact stored bytes on both routes', async () => {
    const mailId = await deliverBytes(app, owner.address, readEml('windows-1251'));
    for (const [path, headers] of [
      [`/api/mails/${mailId}/html`, bearer(owner.jwt)],
      [`/admin/mails/${mailId}/html`, adminHeaders],
    ] as const) {
      const { html } = await json<MailHtml>(app.request('GET', path, { headers }));
      expect(html).toContain('<pre>Здравствуйте!\n\nВаш заказ №4521 отправлен.\n</pre>');
    }
  });
});
