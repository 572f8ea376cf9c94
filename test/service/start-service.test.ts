/**
 * The real service as `npm start` runs it (startService): HTTP and SMTP on free ports, a
 * fresh SQLite file, then a clean stop while a long-poll is still open.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { startService } from '../../src/start-service.js';

describe('startService', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tmpmail-service-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves HTTP and SMTP, generates a JWT secret once, and stops cleanly with a wait open', async () => {
    const loaded = loadConfig({
      env: {
        PORT: '0',
        SMTP_PORT: '0',
        DATABASE_URL: join(dir, 'tmpmail.sqlite'),
        DATA_DIR: dir,
        LOG_LEVEL: 'silent',
        CLEANUP_INTERVAL_SECONDS: '0',
      },
    });
    const service = await startService(loaded);
    expect(service.smtpPort).toBeGreaterThan(0);

    const health = await fetch(`${service.url}/health_check`);
    expect(await health.text()).toBe('OK');
    const created = (await (
      await fetch(`${service.url}/api/new_address`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'svc' }),
      })
    ).json()) as { jwt: string; address: string };
    expect(created.address).toBe('tmpsvc@tmpmail.localhost');
    const auth = { authorization: `Bearer ${created.jwt}` };

    // A long-poll waiting before the mail arrives is answered by the SMTP delivery.
    const waiting = fetch(`${service.url}/api/mails/wait?after_id=0&timeout=30`, { headers: auth });
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: service.smtpPort ?? 0,
      ignoreTLS: true,
    });
    const sent = await transport.sendMail({
      from: 'sender@example.org',
      to: created.address,
      subject: 'hello',
      text: 'Your code is 123456',
    });
    expect(sent.response).toMatch(/^250/);
    const woken = (await (await waiting).json()) as { results: { subject: string }[] };
    expect(woken.results.map((m) => m.subject)).toEqual(['hello']);

    // Stop while a live stream is open (its headers arrived, so it is really open): it is cut
    // after the grace period at the latest, and stop() still resolves.
    const stream = await fetch(`${service.url}/api/mails/events?after_id=1&token=${created.jwt}`);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const drained = stream.text().catch(() => '');
    const started = Date.now();
    await service.stop();
    expect(Date.now() - started).toBeLessThan(8000);
    await drained;

    // The generated secret was kept: a second start accepts the first start's credential.
    const again = await startService(loaded);
    try {
      const res = await fetch(`${again.url}/api/settings`, { headers: auth });
      expect(res.status).toBe(200);
    } finally {
      await again.stop();
    }
  });
});
