/**
 * A live stream outlives the request that opened it, so the credential is checked again before
 * every batch it writes: an address stream ends when its address is deleted (and never carries
 * mail of a later address of the same name, which may be someone else's) or its token expires
 * (ADDRESS_JWT_TTL_SECONDS), and a user stream ends when its user token expires, by the app clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, buildTestApp, listen, type TestApp } from '../helpers/build-test-app.js';
import {
  bearer,
  createAddress,
  deliver,
  json,
  manualClock,
  simpleMail,
  sseReader,
} from '../helpers/mailbox-client.js';
import { DIALECTS } from '../helpers/test-stores.js';
import { newUser, ok, send, setUserSettings } from '../helpers/user-client.js';

const DAY_MS = 86_400_000;

describe.each(DIALECTS)('live streams re-check their credential on %s', (dialect) => {
  const clock = manualClock('2030-01-01T00:00:00Z');
  let app: TestApp;
  let server: { url: string; close(): Promise<void> };

  const open = async (path: string, headers: Record<string, string>) => {
    const abort = new AbortController();
    const res = await fetch(`${server.url}${path}`, { headers, signal: abort.signal });
    expect(res.status).toBe(200);
    return { abort, events: sseReader(res.body as ReadableStream<Uint8Array>) };
  };
  const latestId = async () => {
    const page = await json<{ results: { id: number }[] }>(
      app.request('GET', '/admin/mails?limit=1&offset=0', { headers: adminHeaders }),
    );
    return page.results[0]?.id ?? 0;
  };

  beforeAll(async () => {
    app = await buildTestApp({ dialect, clock, env: { ADDRESS_JWT_TTL_SECONDS: '3600' } });
    await setUserSettings(app);
    server = await listen(app);
  });
  afterAll(async () => {
    await server.close();
    await app.close();
  });

  it('ends an address stream when the address is deleted; a new address of that name gets nothing', async () => {
    const first = await createAddress(app, 'reused');
    const stream = await open(`/api/mails/events?after_id=${await latestId()}`, bearer(first.jwt));
    const [before] = await deliver(app, first.address, simpleMail('for the first owner'));
    expect((await stream.events.next(1)).map((e) => e.id)).toEqual([String(before)]);

    await ok(send(app, 'DELETE', `/admin/delete_address/${first.address_id}`));
    const second = await createAddress(app, 'reused');
    expect(second.address).toBe(first.address);
    expect(second.address_id).not.toBe(first.address_id);
    await deliver(app, second.address, simpleMail('for the second owner'));
    // Woken by the new owner's mail, the old stream checks its address and ends, empty-handed.
    await expect(stream.events.next(1)).rejects.toThrow('stream ended after 0 of 1 events');
    stream.abort.abort();
  });

  it('answers a long-poll whose address was deleted and made again meanwhile with 401, not the new mail', async () => {
    const first = await createAddress(app, 'pollreused');
    const waiting = fetch(`${server.url}/api/mails/wait?after_id=${await latestId()}&timeout=20`, {
      headers: bearer(first.jwt),
    });
    await expect.poll(() => app.notifier.size()).toBe(1);
    await ok(send(app, 'DELETE', `/admin/delete_address/${first.address_id}`));
    const second = await createAddress(app, 'pollreused');
    await deliver(app, second.address, simpleMail('for the second owner'));
    const res = await waiting;
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain('second owner');
  });

  it('ends an address stream when its token expires by the app clock', async () => {
    const box = await createAddress(app, 'shortlived');
    const stream = await open(`/api/mails/events?after_id=${await latestId()}`, bearer(box.jwt));
    const [live] = await deliver(app, box.address, simpleMail('while valid'));
    expect((await stream.events.next(1)).map((e) => e.id)).toEqual([String(live)]);
    clock.advance(3600_000);
    await deliver(app, box.address, simpleMail('after expiry'));
    await expect(stream.events.next(1)).rejects.toThrow('stream ended after 0 of 1 events');
    stream.abort.abort();
  });

  it('ends a user stream when its user token expires by the app clock', async () => {
    const user = await newUser(app, `expiring-${dialect}@users.example`);
    const box = await createAddress(app, 'userbound');
    await ok(
      send(app, 'POST', '/user_api/bind_address', {
        headers: { ...user.headers, ...bearer(box.jwt) },
      }),
    );
    const stream = await open(`/user_api/mails/events?after_id=${await latestId()}`, user.headers);
    const [live] = await deliver(app, box.address, simpleMail('while valid'));
    expect((await stream.events.next(1)).map((e) => e.id)).toEqual([String(live)]);
    clock.advance(30 * DAY_MS);
    await deliver(app, box.address, simpleMail('after expiry'));
    await expect(stream.events.next(1)).rejects.toThrow('stream ended after 0 of 1 events');
    stream.abort.abort();
  });
});
