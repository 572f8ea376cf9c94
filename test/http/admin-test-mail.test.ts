/**
 * The reference's end-to-end test routes (§1.6 rows 54–55, decisions.md 10): present only with
 * E2E_TEST_MODE=true. seed_mail stores as given; receive_mail runs the real intake pipeline and
 * reports a rejection in its body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, buildTestApp, type TestApp } from '../helpers/build-test-app.js';
import {
  bearer,
  createAddress,
  expectText,
  json,
  simpleMail,
  type Created,
} from '../helpers/mailbox-client.js';
import { readEml } from '../fixtures/eml/fixtures.js';

interface MailRow {
  id: number;
  message_id: string | null;
  source: string | null;
  address: string;
  raw: string;
  metadata: string | null;
}

const text = (name: Parameters<typeof readEml>[0]) => new TextDecoder().decode(readEml(name));

describe('E2E test routes without E2E_TEST_MODE', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  it('answer 404 "Not available" (after the admin check)', async () => {
    for (const path of ['/admin/test/seed_mail', '/admin/test/receive_mail']) {
      const body = { address: 'a@example.com', from: 'x@y.example', to: 'a@example.com', raw: 'x' };
      await expectText(
        await app.request('POST', path, { body, headers: adminHeaders }),
        404,
        'Not available',
      );
      expect((await app.request('POST', path, { body })).status).toBe(401);
    }
  });
});

describe('E2E test routes with E2E_TEST_MODE=true', () => {
  let app: TestApp;
  let owner: Created;

  const post = (path: string, body: unknown) =>
    app.request('POST', `/admin/test/${path}`, { body, headers: adminHeaders });
  const inbox = async () => {
    const res = await app.request('GET', '/api/mails?limit=100&offset=0', {
      headers: bearer(owner.jwt),
    });
    return (await json<{ results: MailRow[] }>(res)).results;
  };

  beforeAll(async () => {
    app = await buildTestApp({
      env: {
        E2E_TEST_MODE: 'true',
        BLACK_LIST: 'spam.example',
        ENABLE_CHECK_JUNK_MAIL: 'true',
        JUNK_MAIL_CHECK_LIST: '["spf"]',
      },
    });
    owner = await createAddress(app, 'e2e');
  });
  afterAll(() => app.close());

  it('seed_mail stores the raw text for the address, as given', async () => {
    expect(
      await json(post('seed_mail', { address: owner.address, raw: simpleMail('s1') })),
    ).toEqual({ success: true });
    const [seeded] = await inbox();
    expect(seeded).toMatchObject({
      address: owner.address,
      source: owner.address,
      raw: simpleMail('s1'),
      metadata: null,
    });
    expect(seeded?.message_id).toMatch(/^<e2e-\d+@test>$/);

    await json(
      post('seed_mail', {
        address: owner.address.toUpperCase(),
        raw: text('spf-fail'),
        source: 'bulk@spam.example',
        message_id: '<given@id>',
      }),
    );
    // No intake rules: a blocked sender and a failing SPF are stored all the same.
    expect((await inbox())[0]).toMatchObject({
      address: owner.address,
      source: 'bulk@spam.example',
      message_id: '<given@id>',
      raw: text('spf-fail'),
    });
  });

  it('seed_mail wakes waiting clients like any stored mail', async () => {
    const events: number[] = [];
    const unsubscribe = app.notifier.subscribe(owner.address, (e) => events.push(e.id));
    await json(post('seed_mail', { address: owner.address, raw: simpleMail('s2') }));
    unsubscribe();
    expect(events).toEqual([(await inbox())[0]?.id]);
  });

  it('seed_mail validates its input with the reference texts', async () => {
    for (const body of [{}, { address: owner.address }, { raw: 'x' }, { address: '', raw: 'x' }])
      await expectText(await post('seed_mail', body), 400, 'address and raw are required');
    await expectText(
      await post('seed_mail', { address: owner.address, raw: 'x'.repeat(1_000_001) }),
      400,
      'raw content too large',
    );
    await expectText(
      await post('seed_mail', { address: owner.address, raw: 'x', message_id: 'm'.repeat(256) }),
      400,
      'message_id too long',
    );
    expect((await post('seed_mail', { address: 1, raw: 'x' })).status).toBe(400);
    expect((await post('seed_mail', '{not json')).status).toBe(400);
  });

  it('receive_mail runs the intake pipeline and stores the mail', async () => {
    const reply = await json(
      post('receive_mail', {
        from: 'noreply@service.example',
        to: owner.address,
        raw: text('verification-en'),
        ai_extract_result: { type: 'auth_code', result: 'ignored' },
      }),
    );
    expect(reply).toEqual({ success: true, replyCalled: false, forwardedTo: [] });
    const [stored] = await inbox();
    expect(stored).toMatchObject({
      address: owner.address,
      source: 'noreply@service.example',
      raw: text('verification-en'),
    });
    // The deterministic extraction ran, as it does for SMTP mail.
    expect(JSON.parse(stored?.metadata ?? 'null')).toMatchObject({
      ai_extract: { type: 'auth_code', result: '482913' },
    });
  });

  it('receive_mail reports rejections in the body, as the reference mock does', async () => {
    const before = (await inbox()).length;
    const cases: [Record<string, string>, string][] = [
      [{ from: 'bulk@spam.example', to: owner.address }, 'Reject from address'],
      [{ from: 'a@b.example', to: 'x@not-served.example' }, 'Recipient domain is not served here'],
    ];
    for (const [envelope, rejected] of cases) {
      expect(await json(post('receive_mail', { ...envelope, raw: simpleMail('r') }))).toEqual({
        success: false,
        replyCalled: false,
        forwardedTo: [],
        rejected,
      });
    }
    const junk = { from: 'a@b.example', to: owner.address, raw: text('spf-fail') };
    expect(await json(post('receive_mail', junk))).toMatchObject({
      success: false,
      rejected: 'Junk mail',
    });
    expect(await inbox()).toHaveLength(before);
  });

  it('receive_mail requires from, to and raw', async () => {
    for (const body of [
      {},
      { from: 'a@b.example', to: owner.address },
      { to: owner.address, raw: 'x' },
    ])
      await expectText(await post('receive_mail', body), 400, 'from, to and raw are required');
  });
});
