/**
 * The user's live mail stream `GET /user_api/mails/events` over a real socket: one `mail` event
 * per new mail of any address bound to the user, woken by the notifier; never another user's
 * mail; the bound addresses followed while the stream is open (bind, unbind, transfer); resume
 * after Last-Event-ID; the user token in its header only; the end of the stream when the user
 * is deleted; the node's LIVE_CONNECTIONS_MAX shared with the address streams.
 *
 * Two apps per dialect: `quiet` reads the database every 600 s only, and a stream's round
 * lasts 60 s, both beyond the test's timeout (30 s): an event there at all can only come from
 * a wake-up, with no timing to measure on a busy machine. `polling` reads it every second, the
 * way an address bound meanwhile (or a deleted user) is noticed.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { adminHeaders, buildTestApp, listen, type TestApp } from '../helpers/build-test-app.js';
import {
  bearer,
  createAddress,
  deliver,
  expectText,
  json,
  simpleMail,
  sseReader,
  type Created,
} from '../helpers/mailbox-client.js';
import { DIALECTS } from '../helpers/test-stores.js';
import { newUser, ok, send, setUserSettings, userHeaders } from '../helpers/user-client.js';

type User = Awaited<ReturnType<typeof newUser>> & { email: string };

const USER_401 = 'Your token has expired, please login again';

interface Served {
  app: TestApp;
  url: string;
  close(): Promise<void>;
}

async function serveApp(dialect: (typeof DIALECTS)[number], env: Record<string, string>) {
  const app = await buildTestApp({ dialect, env });
  await setUserSettings(app);
  const server = await listen(app);
  return {
    app,
    url: server.url,
    close: async () => {
      await server.close();
      await app.close();
    },
  };
}

/** A world of one app: users, addresses and the stream, each name unique. */
function worldOf(served: () => Served) {
  let n = 0;
  const app = () => served().app;
  return {
    async user(name: string): Promise<User> {
      const email = `${name}${++n}@users.example`;
      return { ...(await newUser(app(), email)), email };
    },
    address: (name: string) => createAddress(app(), `${name}${++n}`),
    async bound(user: User, name: string): Promise<Created> {
      const box = await createAddress(app(), `${name}${++n}`);
      await ok(
        send(app(), 'POST', '/user_api/bind_address', {
          headers: { ...user.headers, ...bearer(box.jwt) },
        }),
      );
      return box;
    },
    subscribed: (count: number) =>
      vi.waitFor(() => expect(app().notifier.size()).toBe(count), { timeout: 5000, interval: 5 }),
    async latestId(): Promise<number> {
      const page = await json<{ results: { id: number }[] }>(
        app().request('GET', '/admin/mails?limit=1&offset=0', { headers: adminHeaders }),
      );
      return page.results[0]?.id ?? 0;
    },
    async open(headers: Record<string, string>, query = '') {
      const abort = new AbortController();
      const res = await fetch(`${served().url}/user_api/mails/events${query}`, {
        headers,
        signal: abort.signal,
      });
      return { res, abort, events: () => sseReader(res.body as ReadableStream<Uint8Array>) };
    },
  };
}

const summaryOf = (data: string) => JSON.parse(data) as Record<string, unknown>;

describe.each(DIALECTS)('user live mail on %s', (dialect) => {
  let quiet: Served;
  let polling: Served;
  const q = worldOf(() => quiet);
  const p = worldOf(() => polling);

  beforeAll(async () => {
    quiet = await serveApp(dialect, { LIVE_DB_POLL_SECONDS: '600' });
    polling = await serveApp(dialect, { LIVE_DB_POLL_SECONDS: '1' });
  });
  afterAll(async () => {
    await quiet?.close();
    await polling?.close();
  });

  it('streams mail of every bound address at once, and never another user’s', async () => {
    const [alice, bob] = [await q.user('alice'), await q.user('bob')];
    const [a1, a2, b1] = [
      await q.bound(alice, 'a'),
      await q.bound(alice, 'a'),
      await q.bound(bob, 'b'),
    ];
    const loose = await q.address('loose');
    const after = `?after_id=${await q.latestId()}`;
    const mine = await q.open(alice.headers, after);
    const theirs = await q.open(bob.headers, after);
    expect(mine.res.status).toBe(200);
    expect(mine.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const [aliceEvents, bobEvents] = [mine.events(), theirs.events()];
    // One subscription per stream, however many addresses it follows.
    await q.subscribed(2);
    // Others' mail first: a leak would be the first event.
    const [forBob] = await deliver(quiet.app, b1.address, simpleMail('not hers'));
    await deliver(quiet.app, loose.address, simpleMail('nobody’s'));
    const ids: number[] = [];
    for (const [box, subject] of [
      [a1, 'one'],
      [a2, 'two'],
      [a1, 'three'],
    ] as const) {
      ids.push(...(await deliver(quiet.app, box.address, simpleMail(subject))));
      // On the quiet app, only a wake-up delivers it within the test's timeout.
      const [event] = await aliceEvents.next(1);
      expect([event?.event, event?.id]).toEqual(['mail', String(ids.at(-1))]);
      const summary = summaryOf(event?.data ?? '{}');
      expect([summary['subject'], summary['address']]).toEqual([subject, box.address]);
      expect(summary).not.toHaveProperty('raw');
      expect(summary).toMatchObject({ source: 'alice@sender.example' });
    }
    // Bob's next event after his first mail is his second: none of Alice's came between.
    const [forBobAgain] = await deliver(quiet.app, b1.address, simpleMail('his again'));
    expect((await bobEvents.next(2)).map((e) => e.id)).toEqual([
      String(forBob),
      String(forBobAgain),
    ]);
    mine.abort.abort();
    theirs.abort.abort();
    await q.subscribed(0);
  });

  it('resumes after Last-Event-ID or after_id', async () => {
    const alice = await q.user('alice');
    const [a1, a2] = [await q.bound(alice, 'r'), await q.bound(alice, 'r')];
    const ids: number[] = [];
    for (const box of [a1, a2, a1])
      ids.push(...(await deliver(quiet.app, box.address, simpleMail('r'))));
    for (const [query, headers] of [
      ['', { 'last-event-id': String(ids[0]) }],
      [`?after_id=${ids[0]}`, {}],
      ['?after_id=0', { 'last-event-id': String(ids[0]) }],
    ] as const) {
      const stream = await q.open({ ...alice.headers, ...headers }, query);
      expect((await stream.events().next(2)).map((e) => e.id)).toEqual(ids.slice(1).map(String));
      stream.abort.abort();
      await q.subscribed(0);
    }
    await expectText(
      (await q.open({ ...alice.headers, 'last-event-id': 'abc' })).res,
      400,
      'Invalid input: after_id must be a non-negative integer',
    );
  });

  it('stops streaming an address once it is unbound', async () => {
    const alice = await q.user('alice');
    const [kept, dropped] = [await q.bound(alice, 'k'), await q.bound(alice, 'd')];
    const stream = await q.open(alice.headers, `?after_id=${await q.latestId()}`);
    const events = stream.events();
    await q.subscribed(1);
    await ok(
      send(quiet.app, 'POST', '/user_api/unbind_address', {
        headers: alice.headers,
        body: { address_id: dropped.address_id },
      }),
    );
    await deliver(quiet.app, dropped.address, simpleMail('after unbinding'));
    const [id] = await deliver(quiet.app, kept.address, simpleMail('still bound'));
    expect((await events.next(1))[0]?.id).toBe(String(id));
    stream.abort.abort();
    await q.subscribed(0);
  });

  it('refuses a missing, forged or address credential with 401, and a deleted user', async () => {
    const alice = await q.user('alice');
    const box = await q.bound(alice, 'x');
    const refused: Record<string, string>[] = [
      {},
      userHeaders('not-a-jwt'),
      userHeaders(box.jwt),
      { authorization: `Bearer ${alice.jwt}` },
    ];
    for (const headers of refused) {
      await expectText((await q.open(headers)).res, 401, USER_401);
    }
    await expectText((await q.open({}, `?token=${alice.jwt}`)).res, 401, USER_401);
    await ok(send(quiet.app, 'DELETE', `/admin/users/${alice.id}`));
    await expectText((await q.open(alice.headers)).res, 400, 'User not found');
    expect(quiet.app.notifier.size()).toBe(0);
  });

  it('takes in an address bound while the stream is open', async () => {
    const alice = await p.user('alice');
    await p.bound(alice, 'first');
    const stream = await p.open(alice.headers, `?after_id=${await p.latestId()}`);
    const events = stream.events();
    await p.subscribed(1);
    const later = await p.bound(alice, 'later');
    const [first] = await deliver(polling.app, later.address, simpleMail('to the new one'));
    // Within a database poll (1 s here) at the latest.
    expect((await events.next(1))[0]?.id).toBe(String(first));
    stream.abort.abort();
    await p.subscribed(0);
  });

  it('is woken by an address bound while it is open, once a round has read the bindings', async () => {
    const alice = await q.user('alice');
    const first = await q.bound(alice, 'first');
    const stream = await q.open(alice.headers, `?after_id=${await q.latestId()}`);
    const events = stream.events();
    await q.subscribed(1);
    const later = await q.bound(alice, 'later');
    // A mail to an address it already follows wakes it; that round reads the bindings again.
    const [woke] = await deliver(quiet.app, first.address, simpleMail('wake up'));
    expect((await events.next(1))[0]?.id).toBe(String(woke));
    // From then on the new address wakes it too (the database is read every 600 s only).
    const [second] = await deliver(quiet.app, later.address, simpleMail('again'));
    expect((await events.next(1))[0]?.id).toBe(String(second));
    stream.abort.abort();
    await q.subscribed(0);
  });

  it('hands a transferred address over to the new owner’s stream', async () => {
    const [alice, bob] = [await p.user('alice'), await p.user('bob')];
    const [moving, staying] = [await p.bound(alice, 'm'), await p.bound(alice, 's')];
    const after = `?after_id=${await p.latestId()}`;
    const [mine, theirs] = [await p.open(alice.headers, after), await p.open(bob.headers, after)];
    const [aliceEvents, bobEvents] = [mine.events(), theirs.events()];
    await p.subscribed(2);
    await ok(
      send(polling.app, 'POST', '/user_api/transfer_address', {
        headers: alice.headers,
        body: { address_id: moving.address_id, target_user_email: bob.email },
      }),
    );
    const [moved] = await deliver(polling.app, moving.address, simpleMail('now bob’s'));
    const [kept] = await deliver(polling.app, staying.address, simpleMail('still alice’s'));
    expect((await aliceEvents.next(1))[0]?.id).toBe(String(kept));
    expect((await bobEvents.next(1))[0]?.id).toBe(String(moved));
    mine.abort.abort();
    theirs.abort.abort();
    await p.subscribed(0);
  });

  it('ends the stream (and its subscription) within a poll once the user is deleted', async () => {
    const alice = await p.user('alice');
    await p.bound(alice, 'gone');
    const stream = await p.open(alice.headers, `?after_id=${await p.latestId()}`);
    const events = stream.events();
    await p.subscribed(1);
    await ok(send(polling.app, 'DELETE', `/admin/users/${alice.id}`));
    await expect(events.next(1)).rejects.toThrow('stream ended after 0 of 1 events');
    await p.subscribed(0);
  });

  it('streams nothing more to a deleted user, even when woken by their old address', async () => {
    const alice = await q.user('alice');
    const box = await q.bound(alice, 'gone');
    const stream = await q.open(alice.headers, `?after_id=${await q.latestId()}`);
    const events = stream.events();
    await q.subscribed(1);
    await ok(send(quiet.app, 'DELETE', `/admin/users/${alice.id}`));
    await deliver(quiet.app, box.address, simpleMail('after the user went'));
    await expect(events.next(1)).rejects.toThrow('stream ended after 0 of 1 events');
    await q.subscribed(0);
  });
});

describe('user live mail and LIVE_CONNECTIONS_MAX', () => {
  it('counts a user stream once, and refuses past the maximum like the address stream', async () => {
    const served = await serveApp('sqlite', { LIVE_CONNECTIONS_MAX: '2' });
    const w = worldOf(() => served);
    try {
      const alice = await w.user('alice');
      const boxes = [
        await w.bound(alice, 'c'),
        await w.bound(alice, 'c'),
        await w.bound(alice, 'c'),
      ];
      const first = await w.open(alice.headers);
      expect(first.res.status).toBe(200);
      await w.subscribed(1);
      const addressAbort = new AbortController();
      const address = await fetch(`${served.url}/api/mails/events`, {
        headers: bearer(boxes[0]?.jwt ?? ''),
        signal: addressAbort.signal,
      });
      expect(address.status).toBe(200);
      await w.subscribed(2);
      const full = 'Too many open waits on this server, please retry shortly';
      await expectText((await w.open(alice.headers)).res, 503, full);
      await expectText(
        await fetch(`${served.url}/api/mails/events`, { headers: bearer(boxes[1]?.jwt ?? '') }),
        503,
        full,
      );
      first.abort.abort();
      await w.subscribed(1);
      const again = await w.open(alice.headers);
      expect(again.res.status).toBe(200);
      again.abort.abort();
      addressAbort.abort();
      await w.subscribed(0);
    } finally {
      await served.close();
    }
  });
});
