import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, buildTestApp, type TestApp } from '../helpers/build-test-app.js';

// HTTP ingest takes messages up to the SMTP size limit, not the (smaller) API body limit.
describe('POST /admin/inbound_mails size limit', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({
      env: { MAX_REQUEST_BODY_BYTES: '65536', SMTP_MAX_MESSAGE_BYTES: '300000' },
    });
  });
  afterAll(() => app.close());

  const message = (bodyBytes: number) =>
    `From: a@sender.org\r\nTo: x@example.com\r\nSubject: big\r\n\r\n${'a'.repeat(bodyBytes)}\r\n`;

  it('accepts a raw message larger than the API body limit but within the SMTP limit', async () => {
    const res = await app.request(
      'POST',
      '/admin/inbound_mails?from=a@sender.org&to=x@example.com',
      {
        body: message(200_000),
        headers: { ...adminHeaders, 'content-type': 'message/rfc822' },
      },
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ success: true });
  });

  it('refuses a raw message over the SMTP limit with 413', async () => {
    const res = await app.request(
      'POST',
      '/admin/inbound_mails?from=a@sender.org&to=x@example.com',
      {
        body: message(310_000),
        headers: { ...adminHeaders, 'content-type': 'message/rfc822' },
      },
    );
    expect(res.status).toBe(413);
  });

  it('keeps the API body limit on other routes', async () => {
    const res = await app.request('POST', '/admin/new_address', {
      body: { name: 'a'.repeat(70_000) },
      headers: adminHeaders,
    });
    expect(res.status).toBe(413);
  });
});

describe('live connection limit', () => {
  it('answers 503 when the node already holds LIVE_CONNECTIONS_MAX waits', async () => {
    const app = await buildTestApp({ env: { LIVE_CONNECTIONS_MAX: '1' } });
    try {
      const created = (await (
        await app.request('POST', '/admin/new_address', {
          body: { name: 'waiter' },
          headers: adminHeaders,
        })
      ).json()) as { jwt: string };
      const headers = { authorization: `Bearer ${created.jwt}` };
      const controller = new AbortController();
      const first = app.http.request('/api/mails/wait?after_id=0&timeout=30', {
        headers,
        signal: controller.signal,
      });
      await expect.poll(() => app.notifier.size()).toBe(1);
      const second = await app.request('GET', '/api/mails/wait?after_id=0&timeout=1', { headers });
      expect(second.status).toBe(503);
      controller.abort();
      await Promise.resolve(first).catch(() => undefined);
      await expect.poll(() => app.notifier.size()).toBe(0);
    } finally {
      await app.close();
    }
  });
});
