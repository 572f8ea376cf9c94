/**
 * Address creation through `POST /api/new_address` and `POST /admin/new_address` (reference §2,
 * decisions.md), plus the admin address routes and address passwords. The main path runs on
 * every dialect; the rules run on SQLite (the storage suite covers PostgreSQL).
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { sign } from 'hono/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminHeaders,
  buildTestApp,
  listen,
  TEST_JWT_SECRET,
  type TestApp,
} from '../helpers/build-test-app.js';
import { DIALECTS } from '../helpers/test-stores.js';

interface Created {
  jwt: string;
  address: string;
  password: string | null;
  address_id: number;
}

interface ListedAddress {
  id: number;
  name: string;
  source_meta: string | null;
  created_at: string;
  updated_at: string;
  mail_count: number;
  send_count: number;
}

interface Reply {
  status: number;
  text: string;
}

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const FAILED = 'Failed to create address: ';

/** Builds an app with `env` (PREFIX pinned to "tmp" unless given), runs `fn`, closes it. */
async function withApp(env: Record<string, string>, fn: (app: TestApp) => Promise<void>) {
  const app = await buildTestApp({ env: { PREFIX: 'tmp', ...env } });
  try {
    await fn(app);
  } finally {
    await app.close();
  }
}

async function send(
  app: TestApp,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const admin = path.startsWith('/admin') ? adminHeaders : {};
  const res = await app.request(method, path, { body, headers: { ...admin, ...headers } });
  return { status: res.status, text: await res.text() };
}

async function ok<T>(reply: Promise<Reply>): Promise<T> {
  const { status, text } = await reply;
  expect(status, text).toBe(200);
  return JSON.parse(text) as T;
}

const createApi = (app: TestApp, body: object = {}, headers: Record<string, string> = {}) =>
  ok<Created>(send(app, 'POST', '/api/new_address', body, headers));
const createAdmin = (app: TestApp, body: object) =>
  ok<Created>(send(app, 'POST', '/admin/new_address', body));
const refuseApi = (app: TestApp, body: object = {}, headers: Record<string, string> = {}) =>
  send(app, 'POST', '/api/new_address', body, headers);
const refuseAdmin = (app: TestApp, body: object) => send(app, 'POST', '/admin/new_address', body);

const bearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` });

function decodeJwt(jwt: string): { header: unknown; payload: Record<string, unknown> } {
  const [header, payload] = jwt.split('.');
  const decode = (part: string | undefined) =>
    JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  return { header: decode(header), payload: decode(payload) };
}

async function listAddresses(app: TestApp, query = ''): Promise<ListedAddress[]> {
  const page = await ok<{ results: ListedAddress[]; count: number }>(
    send(app, 'GET', `/admin/address?limit=100&offset=0${query}`),
  );
  return page.results;
}

async function setAccountSettings(app: TestApp, fields: Record<string, unknown>): Promise<Reply> {
  return send(app, 'POST', '/admin/account_settings', {
    blockList: [],
    sendBlockList: [],
    verifiedAddressList: [],
    ...fields,
  });
}

interface SubdomainStatus {
  envConfigured: boolean;
  envEnabled: boolean;
  storedEnabled?: boolean;
  effectiveEnabled: boolean;
}

const getAccountSettings = (app: TestApp) =>
  ok<{
    blockList: string[];
    addressCreationSettings: Record<string, unknown>;
    addressCreationSubdomainMatchStatus: SubdomainStatus;
  }>(send(app, 'GET', '/admin/account_settings'));

let userCounter = 0;

/** Inserts a user (with an optional role and bound addresses) straight into the SQLite file. */
function seedUser(app: TestApp, options: { role?: string; boundAddresses?: number } = {}): number {
  const db = new Database(app.databaseUrl);
  try {
    userCounter += 1;
    const id = Number(
      db
        .prepare('insert into users (user_email, password) values (?, ?)')
        .run(`user${userCounter}@users.example`, sha256Hex('pw')).lastInsertRowid,
    );
    if (options.role !== undefined) {
      db.prepare('insert into user_roles (user_id, role_text) values (?, ?)').run(id, options.role);
    }
    for (let i = 0; i < (options.boundAddresses ?? 0); i++) {
      db.prepare('insert into users_address (user_id, address_id) values (?, ?)').run(
        id,
        id * 1000 + i,
      );
    }
    return id;
  } finally {
    db.close();
  }
}

function boundAddressCount(app: TestApp, userId: number): number {
  const db = new Database(app.databaseUrl, { readonly: true });
  try {
    const row = db
      .prepare('select count(*) as n from users_address where user_id = ?')
      .get(userId) as { n: number };
    return row.n;
  } finally {
    db.close();
  }
}

async function userToken(userId: number, expiresIn = 3600): Promise<Record<string, string>> {
  const token = await sign(
    {
      user_email: `user${userId}@users.example`,
      user_id: userId,
      exp: Math.floor(Date.now() / 1000) + expiresIn,
    },
    TEST_JWT_SECRET,
    'HS256',
  );
  return { 'x-user-token': token };
}

const localPart = (address: string) => address.slice(0, address.indexOf('@'));
const domainOf = (address: string) => address.slice(address.indexOf('@') + 1);

describe.each(DIALECTS)('address creation on %s', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({ dialect, env: { PREFIX: 'tmp' } });
  });
  afterAll(() => app.close());

  it('POST /api/new_address answers {jwt, address, password, address_id}', async () => {
    const created = await createApi(app, { name: 'Alice', domain: 'example.com' });
    expect(Object.keys(created).sort()).toEqual(['address', 'address_id', 'jwt', 'password']);
    // decisions.md 1: lower-cased, not stripped ("lice"); PREFIX always applies on /api.
    expect(created.address).toBe('tmpalice@example.com');
    expect(created.password).toBeNull();
    expect(Number.isSafeInteger(created.address_id) && created.address_id > 0).toBe(true);

    const { header, payload } = decodeJwt(created.jwt);
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toStrictEqual({ address: created.address, address_id: created.address_id });

    const settings = await ok<unknown>(
      send(app, 'GET', '/api/settings', undefined, bearer(created.jwt)),
    );
    expect(settings).toEqual({ address: created.address, send_balance: 0 });
  });

  it('POST /admin/new_address answers the same shape, with source_meta "admin"', async () => {
    const created = await createAdmin(app, { name: 'bob', domain: 'test.org' });
    expect(Object.keys(created).sort()).toEqual(['address', 'address_id', 'jwt', 'password']);
    expect(created.address).toBe('bob@test.org');
    expect(created.password).toBeNull();
    expect(decodeJwt(created.jwt).payload).toStrictEqual({
      address: 'bob@test.org',
      address_id: created.address_id,
    });
    const [row] = await listAddresses(app, '&query=bob@test.org');
    expect(row?.source_meta).toBe('admin');
  });

  it('refuses an existing address on both routes, in English and Chinese', async () => {
    await createApi(app, { name: 'dup', domain: 'example.com' });
    expect(await refuseApi(app, { name: 'dup', domain: 'example.com' })).toEqual({
      status: 400,
      text: `${FAILED}Address already exists`,
    });
    expect(await refuseAdmin(app, { name: 'tmpdup', domain: 'example.com' })).toEqual({
      status: 400,
      text: `${FAILED}Address already exists`,
    });
    expect(
      await refuseApi(app, { name: 'dup', domain: 'example.com' }, { 'x-lang': 'zh' }),
    ).toEqual({ status: 400, text: '创建邮箱地址失败: 邮箱地址已存在' });
  });

  it('never reuses the id of a deleted address', async () => {
    const first = await createAdmin(app, { name: 'again', domain: 'example.com' });
    await ok(send(app, 'DELETE', `/admin/delete_address/${first.address_id}`));
    const second = await createAdmin(app, { name: 'again', domain: 'example.com' });
    expect(second.address).toBe(first.address);
    expect(second.address_id).toBeGreaterThan(first.address_id);
  });
});

describe('prefix', () => {
  it('applies PREFIX (trimmed, lower-cased) on /api always, on admin only with enablePrefix', async () => {
    await withApp({ PREFIX: ' TMP ' }, async (app) => {
      expect((await createApi(app, { name: 'a1', domain: 'example.com' })).address).toBe(
        'tmpa1@example.com',
      );
      expect(
        (await createApi(app, { name: 'a2', domain: 'example.com', enablePrefix: false })).address,
      ).toBe('tmpa2@example.com');
      expect((await createAdmin(app, { name: 'a3', domain: 'example.com' })).address).toBe(
        'a3@example.com',
      );
      expect(
        (await createAdmin(app, { name: 'a4', domain: 'example.com', enablePrefix: true })).address,
      ).toBe('tmpa4@example.com');
      expect(
        (await createAdmin(app, { name: 'a5', domain: 'example.com', enablePrefix: 'true' }))
          .address,
      ).toBe('tmpa5@example.com');
    });
  });

  it('gives no prefix when PREFIX is empty', async () => {
    await withApp({ PREFIX: '' }, async (app) => {
      expect((await createApi(app, { name: 'plain', domain: 'example.com' })).address).toBe(
        'plain@example.com',
      );
    });
  });

  it('checks length and the check pattern on the name without the prefix', async () => {
    await withApp(
      { PREFIX: 'tmp1', MAX_ADDRESS_LEN: '5', ADDRESS_CHECK_REGEX: '^[a-z]+$' },
      async (app) => {
        expect((await createApi(app, { name: 'abcde', domain: 'example.com' })).address).toBe(
          'tmp1abcde@example.com',
        );
      },
    );
  });
});

describe('user roles on /api/new_address', () => {
  const roles = JSON.stringify([
    { role: 'vip', domains: ['VIP.example.net'], prefix: ' VIP ' },
    { role: 'bare', prefix: '' },
    { role: 'inherit', prefix: null, domains: [] },
  ]);
  const env = {
    DOMAINS: '["example.com","test.org"]',
    DEFAULT_DOMAINS: '["example.com"]',
    USER_ROLES: roles,
  };

  it("uses the role's prefix and domains (not cross-checked against DOMAINS)", async () => {
    await withApp(env, async (app) => {
      const vip = await userToken(seedUser(app, { role: 'vip' }));
      expect((await createApi(app, { name: 'x' }, vip)).address).toBe('vipx@vip.example.net');
      expect((await createApi(app, { name: 'y', domain: 'vip.example.net' }, vip)).address).toBe(
        'vipy@vip.example.net',
      );
      expect(await refuseApi(app, { name: 'z', domain: 'example.com' }, vip)).toEqual({
        status: 400,
        text: `${FAILED}Invalid domain`,
      });
    });
  });

  it('an empty role prefix means none; a null prefix and empty domains mean the defaults', async () => {
    await withApp(env, async (app) => {
      const bare = await userToken(seedUser(app, { role: 'bare' }));
      expect((await createApi(app, { name: 'b1' }, bare)).address).toBe('b1@example.com');
      expect((await refuseApi(app, { name: 'b2', domain: 'test.org' }, bare)).text).toBe(
        `${FAILED}Invalid domain`,
      );
      const inherit = await userToken(seedUser(app, { role: 'inherit' }));
      expect((await createApi(app, { name: 'i1' }, inherit)).address).toBe('tmpi1@example.com');
    });
  });

  it('ignores unknown roles, users without a role, and invalid tokens', async () => {
    await withApp(env, async (app) => {
      const unknown = await userToken(seedUser(app, { role: 'ghost' }));
      expect((await createApi(app, { name: 'u1' }, unknown)).address).toBe('tmpu1@example.com');
      const noRole = await userToken(seedUser(app));
      expect((await createApi(app, { name: 'u2' }, noRole)).address).toBe('tmpu2@example.com');
      const garbage = { 'x-user-token': 'not-a-token' };
      expect((await createApi(app, { name: 'u3' }, garbage)).address).toBe('tmpu3@example.com');
    });
  });

  it('gives role prefixes never on admin creation', async () => {
    await withApp(env, async (app) => {
      const vip = await userToken(seedUser(app, { role: 'vip' }));
      const created = await ok<Created>(
        send(app, 'POST', '/admin/new_address', { name: 'adm', domain: 'test.org' }, vip),
      );
      expect(created.address).toBe('adm@test.org');
    });
  });
});

describe('domain choice', () => {
  it('limits /api to DEFAULT_DOMAINS while admin may use every DOMAINS entry', async () => {
    await withApp(
      { DOMAINS: '["example.com","test.org"]', DEFAULT_DOMAINS: '["example.com"]' },
      async (app) => {
        expect(await refuseApi(app, { name: 'a', domain: 'test.org' })).toEqual({
          status: 400,
          text: `${FAILED}Invalid domain`,
        });
        expect((await createAdmin(app, { name: 'a', domain: 'test.org' })).address).toBe(
          'a@test.org',
        );
        for (let i = 0; i < 10; i++) {
          expect(domainOf((await createApi(app)).address)).toBe('example.com');
        }
      },
    );
  });

  it('falls back to DOMAINS when DEFAULT_DOMAINS is empty', async () => {
    await withApp({ DOMAINS: '["example.com","test.org"]', DEFAULT_DOMAINS: '[]' }, async (app) => {
      expect((await createApi(app, { name: 'a', domain: 'test.org' })).address).toBe(
        'tmpa@test.org',
      );
    });
  });

  it('trims and lower-cases the requested domain; a blank one means "choose"', async () => {
    await withApp({ CREATE_ADDRESS_DEFAULT_DOMAIN_FIRST: 'true' }, async (app) => {
      expect((await createApi(app, { name: 'a', domain: ' Test.ORG ' })).address).toBe(
        'tmpa@test.org',
      );
      expect((await createApi(app, { name: 'b', domain: '  ' })).address).toBe('tmpb@example.com');
    });
  });

  it('takes the first allowed domain with CREATE_ADDRESS_DEFAULT_DOMAIN_FIRST', async () => {
    await withApp(
      {
        DOMAINS: '["first.com","second.com","third.com"]',
        CREATE_ADDRESS_DEFAULT_DOMAIN_FIRST: 'true',
      },
      async (app) => {
        for (let i = 0; i < 15; i++) {
          expect(domainOf((await createApi(app)).address)).toBe('first.com');
        }
        expect(domainOf((await createAdmin(app, { name: 'adm' })).address)).toBe('first.com');
      },
    );
  });

  it('picks a random allowed domain when none is given', async () => {
    await withApp({ DOMAINS: '["first.com","second.com"]' }, async (app) => {
      const seen = new Set<string>();
      for (let i = 0; i < 40; i++) seen.add(domainOf((await createApi(app)).address));
      expect([...seen].sort()).toEqual(['first.com', 'second.com']);
    });
  });
});

describe('names', () => {
  it('generates a random [a-z0-9] name when the name is missing, empty or blank', async () => {
    await withApp({}, async (app) => {
      for (const body of [{}, { name: '' }, { name: '   ' }, { name: null }]) {
        expect(localPart((await createApi(app, body)).address)).toMatch(/^tmp[a-z0-9]{12}$/);
      }
    });
  });

  it('sizes random names to MIN/MAX_ADDRESS_LEN', async () => {
    await withApp({ MIN_ADDRESS_LEN: '20', MAX_ADDRESS_LEN: '25' }, async (app) => {
      expect(localPart((await createApi(app)).address)).toMatch(/^tmp[a-z0-9]{20}$/);
    });
    await withApp({ MAX_ADDRESS_LEN: '5' }, async (app) => {
      expect(localPart((await createApi(app)).address)).toMatch(/^tmp[a-z0-9]{5}$/);
    });
  });

  it('ignores the requested name with DISABLE_CUSTOM_ADDRESS_NAME (on /api only)', async () => {
    await withApp({ DISABLE_CUSTOM_ADDRESS_NAME: 'true' }, async (app) => {
      const created = await createApi(app, { name: 'alice', domain: 'example.com' });
      expect(localPart(created.address)).toMatch(/^tmp[a-z0-9]{12}$/);
      expect(created.address).not.toBe('tmpalice@example.com');
      expect((await createAdmin(app, { name: 'alice', domain: 'example.com' })).address).toBe(
        'alice@example.com',
      );
    });
  });

  it('applies ADDRESS_REGEX on both routes', async () => {
    await withApp({}, async (app) => {
      expect((await createApi(app, { name: 'j.o-h_n', domain: 'example.com' })).address).toBe(
        'tmpjohn@example.com',
      );
      expect((await createAdmin(app, { name: 'Ma.Ry', domain: 'example.com' })).address).toBe(
        'mary@example.com',
      );
    });
    await withApp({ ADDRESS_REGEX: '[^a-z0-9.]' }, async (app) => {
      expect((await createApi(app, { name: 'John.Doe', domain: 'example.com' })).address).toBe(
        'tmpjohn.doe@example.com',
      );
      // The final local part must still be a valid unquoted one.
      expect(await refuseApi(app, { name: 'a..b', domain: 'example.com' })).toEqual({
        status: 400,
        text: `${FAILED}Name contains characters that are not allowed in an e-mail address`,
      });
    });
  });

  it('enforces MIN/MAX_ADDRESS_LEN on /api and fixed 1–30 on admin', async () => {
    await withApp({ MIN_ADDRESS_LEN: '3', MAX_ADDRESS_LEN: '6' }, async (app) => {
      expect(await refuseApi(app, { name: 'ab', domain: 'example.com' })).toEqual({
        status: 400,
        text: `${FAILED}Name is too short (min 3)`,
      });
      expect(await refuseApi(app, { name: 'abcdefg', domain: 'example.com' })).toEqual({
        status: 400,
        text: `${FAILED}Name is too long (max 6)`,
      });
      await createApi(app, { name: 'abc', domain: 'example.com' });
      await createApi(app, { name: 'abcdef', domain: 'example.com' });
      // Measured after normalization: "a-b-c" is "abc".
      await createApi(app, { name: 'x-y-z', domain: 'example.com' });
      expect(
        await refuseApi(app, { name: 'ab', domain: 'example.com' }, { 'x-lang': 'zh' }),
      ).toEqual({ status: 400, text: '创建邮箱地址失败: 名称太短 (min 3)' });

      await createAdmin(app, { name: 'ab', domain: 'example.com' });
      await createAdmin(app, { name: 'a'.repeat(30), domain: 'example.com' });
      expect(await refuseAdmin(app, { name: 'b'.repeat(31), domain: 'example.com' })).toEqual({
        status: 400,
        text: `${FAILED}Name is too long (max 30)`,
      });
      expect(await refuseAdmin(app, { name: '---', domain: 'example.com' })).toEqual({
        status: 400,
        text: `${FAILED}Name is too short (min 1)`,
      });
    });
    await withApp({}, async (app) => {
      expect((await refuseApi(app, { name: 'c'.repeat(31), domain: 'example.com' })).text).toBe(
        `${FAILED}Name is too long (max 30)`,
      );
    });
  });

  it('applies ADDRESS_CHECK_REGEX to the normalized name on /api only', async () => {
    await withApp({ ADDRESS_CHECK_REGEX: '^[a-z]+$' }, async (app) => {
      expect(await refuseApi(app, { name: 'abc1', domain: 'example.com' })).toEqual({
        status: 400,
        text: `${FAILED}Name not match regex: /^[a-z]+$/`,
      });
      expect((await createApi(app, { name: 'a-b', domain: 'example.com' })).address).toBe(
        'tmpab@example.com',
      );
      expect((await createAdmin(app, { name: 'abc1', domain: 'example.com' })).address).toBe(
        'abc1@example.com',
      );
    });
  });

  it('requires a name on admin creation', async () => {
    await withApp({}, async (app) => {
      for (const body of [{}, { name: '' }, { name: null }, { domain: 'example.com' }]) {
        expect(await refuseAdmin(app, body)).toEqual({
          status: 400,
          text: 'Required field is missing',
        });
      }
    });
  });
});

describe('block list', () => {
  it('is stored trimmed without empty entries', async () => {
    await withApp({}, async (app) => {
      expect(
        (await setAccountSettings(app, { blockList: [' admin ', '', '  ', 'a.b'] })).status,
      ).toBe(200);
      expect((await getAccountSettings(app)).blockList).toEqual(['admin', 'a.b']);
    });
  });

  it('checks the raw name first (no "Failed to create address" text), then the normalized one', async () => {
    await withApp({}, async (app) => {
      await setAccountSettings(app, { blockList: ['admin', 'a.b', 'BOSS'] });
      expect(await refuseApi(app, { name: 'myadmin1', domain: 'example.com' })).toEqual({
        status: 400,
        text: 'Name[myadmin1]is blocked',
      });
      // "xa.by" contains "a.b" only before normalization strips the dot.
      expect(await refuseApi(app, { name: 'xa.by', domain: 'example.com' })).toEqual({
        status: 400,
        text: 'Name[xa.by]is blocked',
      });
      // "ad-min" only becomes "admin" after normalization.
      expect(await refuseApi(app, { name: 'ad-min', domain: 'example.com' })).toEqual({
        status: 400,
        text: `${FAILED}Name[admin]is blocked`,
      });
      // Entries and names compare case-insensitively.
      expect((await refuseApi(app, { name: 'theboss', domain: 'example.com' })).text).toBe(
        'Name[theboss]is blocked',
      );
      expect((await refuseApi(app, { name: 'MyAdmin', domain: 'example.com' })).text).toMatch(
        /^Name\[myadmin\]is blocked$/i,
      );
      await createApi(app, { name: 'alice', domain: 'example.com' });
    });
  });

  it('also applies to random names', async () => {
    await withApp({}, async (app) => {
      await setAccountSettings(app, { blockList: [...'abcdefghijklmnopqrstuvwxyz0123456789'] });
      const reply = await refuseApi(app, { domain: 'example.com' });
      expect(reply.status).toBe(400);
      // Checked as the request's own text, like a typed name (reference §2.6 step 5).
      expect(reply.text).toMatch(/^Name\[[a-z0-9]{12}\]is blocked$/);
    });
  });

  it('is skipped on admin creation', async () => {
    await withApp({}, async (app) => {
      await setAccountSettings(app, { blockList: ['admin'] });
      expect((await createAdmin(app, { name: 'admin', domain: 'example.com' })).address).toBe(
        'admin@example.com',
      );
    });
  });
});

describe('subdomain matching', () => {
  const sub = (app: TestApp, name: string, domain: string) => refuseApi(app, { name, domain });

  it('is off by default and follows the admin three-state switch', async () => {
    await withApp({}, async (app) => {
      let settings = await getAccountSettings(app);
      expect(settings.addressCreationSettings).toEqual({});
      expect(settings.addressCreationSubdomainMatchStatus).toStrictEqual({
        envConfigured: false,
        envEnabled: false,
        effectiveEnabled: false,
      });
      expect(await sub(app, 'a', 'team.example.com')).toEqual({
        status: 400,
        text: `${FAILED}Invalid domain`,
      });

      expect(
        (await setAccountSettings(app, { addressCreationSettings: { enableSubdomainMatch: true } }))
          .status,
      ).toBe(200);
      settings = await getAccountSettings(app);
      expect(settings.addressCreationSettings).toEqual({ enableSubdomainMatch: true });
      expect(settings.addressCreationSubdomainMatchStatus).toStrictEqual({
        envConfigured: false,
        envEnabled: false,
        storedEnabled: true,
        effectiveEnabled: true,
      });
      expect((await createApi(app, { name: 'a', domain: 'team.example.com' })).address).toBe(
        'tmpa@team.example.com',
      );
      expect((await createApi(app, { name: 'b', domain: 'dev.team.example.com' })).address).toBe(
        'tmpb@dev.team.example.com',
      );
      expect((await createAdmin(app, { name: 'c', domain: 'x.test.org' })).address).toBe(
        'c@x.test.org',
      );

      // Omitting the field leaves the stored choice alone.
      await setAccountSettings(app, {});
      expect(
        (await getAccountSettings(app)).addressCreationSubdomainMatchStatus.effectiveEnabled,
      ).toBe(true);

      await setAccountSettings(app, { addressCreationSettings: { enableSubdomainMatch: false } });
      expect((await getAccountSettings(app)).addressCreationSubdomainMatchStatus).toStrictEqual({
        envConfigured: false,
        envEnabled: false,
        storedEnabled: false,
        effectiveEnabled: false,
      });
      expect((await sub(app, 'd', 'team.example.com')).text).toBe(`${FAILED}Invalid domain`);

      await setAccountSettings(app, { addressCreationSettings: { enableSubdomainMatch: null } });
      settings = await getAccountSettings(app);
      expect(settings.addressCreationSettings).toEqual({});
      expect(settings.addressCreationSubdomainMatchStatus).not.toHaveProperty('storedEnabled');
    });
  });

  it('refuses a non-boolean switch value with 400 before writing anything', async () => {
    await withApp({}, async (app) => {
      const reply = await setAccountSettings(app, {
        blockList: ['zzz'],
        addressCreationSettings: { enableSubdomainMatch: 'yes' },
      });
      expect(reply.status).toBe(400);
      expect(reply.text).toMatch(/^Invalid input/);
      expect((await getAccountSettings(app)).blockList).toEqual([]);
      expect((await setAccountSettings(app, { addressCreationSettings: 'on' })).status).toBe(400);
    });
  });

  it('refuses look-alike, invalid and over-long domains even when on', async () => {
    await withApp({ ENABLE_CREATE_ADDRESS_SUBDOMAIN_MATCH: 'true' }, async (app) => {
      const tooLong = `${Array.from({ length: 4 }, () => 'a'.repeat(63)).join('.')}.example.com`;
      for (const domain of [
        'badexample.com',
        'x.badexample.com',
        'bad_label.example.com',
        '-x.example.com',
        'x-.example.com',
        'a..example.com',
        `${'a'.repeat(64)}.example.com`,
        tooLong,
        'example.com.evil.org',
      ]) {
        expect(await sub(app, 'a', domain), domain).toEqual({
          status: 400,
          text: `${FAILED}Invalid domain`,
        });
      }
    });
  });

  it('follows env true unless the admin forces it off', async () => {
    await withApp({ ENABLE_CREATE_ADDRESS_SUBDOMAIN_MATCH: 'true' }, async (app) => {
      expect((await getAccountSettings(app)).addressCreationSubdomainMatchStatus).toStrictEqual({
        envConfigured: true,
        envEnabled: true,
        effectiveEnabled: true,
      });
      await createApi(app, { name: 'a', domain: 'team.example.com' });
      await setAccountSettings(app, { addressCreationSettings: { enableSubdomainMatch: false } });
      expect((await sub(app, 'b', 'team.example.com')).text).toBe(`${FAILED}Invalid domain`);
    });
  });

  it.each(['false', 'TRUE', '1'])(
    'treats env %s as a kill switch the admin cannot override',
    async (value) => {
      await withApp({ ENABLE_CREATE_ADDRESS_SUBDOMAIN_MATCH: value }, async (app) => {
        await setAccountSettings(app, { addressCreationSettings: { enableSubdomainMatch: true } });
        expect((await getAccountSettings(app)).addressCreationSubdomainMatchStatus).toStrictEqual({
          envConfigured: true,
          envEnabled: false,
          storedEnabled: true,
          effectiveEnabled: false,
        });
        expect((await sub(app, 'a', 'team.example.com')).text).toBe(`${FAILED}Invalid domain`);
        expect((await refuseAdmin(app, { name: 'a', domain: 'team.example.com' })).text).toBe(
          `${FAILED}Invalid domain`,
        );
      });
    },
  );

  it('treats an empty env value as not configured', async () => {
    await withApp({ ENABLE_CREATE_ADDRESS_SUBDOMAIN_MATCH: '' }, async (app) => {
      await setAccountSettings(app, { addressCreationSettings: { enableSubdomainMatch: true } });
      expect(
        (await getAccountSettings(app)).addressCreationSubdomainMatchStatus.envConfigured,
      ).toBe(false);
      await createApi(app, { name: 'a', domain: 'team.example.com' });
    });
  });
});

describe('random subdomains', () => {
  const env = { RANDOM_SUBDOMAIN_DOMAINS: '["test.org"]' };

  it('prepends RANDOM_SUBDOMAIN_LENGTH random characters for true and "true"', async () => {
    await withApp({ ...env, RANDOM_SUBDOMAIN_LENGTH: '5' }, async (app) => {
      for (const flag of [true, 'true']) {
        const created = await createApi(app, {
          name: 'x',
          domain: 'test.org',
          enableRandomSubdomain: flag,
        });
        expect(created.address).toMatch(/^tmpx@[a-z0-9]{5}\.test\.org$/);
      }
      expect(
        (await createAdmin(app, { name: 'y', domain: 'test.org', enableRandomSubdomain: true }))
          .address,
      ).toMatch(/^y@[a-z0-9]{5}\.test\.org$/);
      const plain = await createApi(app, {
        name: 'z',
        domain: 'test.org',
        enableRandomSubdomain: 'false',
      });
      expect(plain.address).toBe('tmpz@test.org');
    });
    await withApp(env, async (app) => {
      const created = await createApi(app, {
        name: 'x',
        domain: 'test.org',
        enableRandomSubdomain: true,
      });
      expect(created.address).toMatch(/^tmpx@[a-z0-9]{8}\.test\.org$/);
    });
  });

  it('is refused for other domains', async () => {
    await withApp(env, async (app) => {
      const body = { name: 'x', domain: 'example.com', enableRandomSubdomain: true };
      const text = `${FAILED}Random subdomain is not enabled for this domain`;
      expect(await refuseApi(app, body)).toEqual({ status: 400, text });
      expect(await refuseAdmin(app, body)).toEqual({ status: 400, text });
      // Only the base itself, not a subdomain of it.
      expect((await refuseApi(app, { ...body, domain: 'abc.test.org' })).text).toBe(text);
    });
  });

  it('accepts a manual subdomain of such a base even when subdomain matching is off', async () => {
    await withApp(env, async (app) => {
      expect((await createApi(app, { name: 'm', domain: 'abc.test.org' })).address).toBe(
        'tmpm@abc.test.org',
      );
      expect((await refuseApi(app, { name: 'm', domain: 'abc.example.com' })).text).toBe(
        `${FAILED}Invalid domain`,
      );
    });
  });
});

describe('creation gates on /api/new_address', () => {
  it('ENABLE_USER_CREATE_EMAIL=false refuses /api but not admin', async () => {
    await withApp({ ENABLE_USER_CREATE_EMAIL: 'false' }, async (app) => {
      expect(await refuseApi(app, { name: 'a' })).toEqual({
        status: 403,
        text: 'New address is disabled, please contact the administrator',
      });
      expect(await refuseApi(app, { name: 'a' }, { 'x-lang': 'zh' })).toEqual({
        status: 403,
        text: '新建邮箱地址已禁用, 请联系管理员',
      });
      await createAdmin(app, { name: 'a' });
    });
  });

  it('DISABLE_ANONYMOUS_USER_CREATE_EMAIL requires a valid user token', async () => {
    await withApp({ DISABLE_ANONYMOUS_USER_CREATE_EMAIL: 'true' }, async (app) => {
      const anonymous = {
        status: 403,
        text: 'New address for anonymous user is disabled, please contact the administrator',
      };
      expect(await refuseApi(app, { name: 'a' })).toEqual(anonymous);
      const userId = seedUser(app);
      expect(await refuseApi(app, { name: 'a' }, await userToken(userId, -60))).toEqual(anonymous);
      expect(await refuseApi(app, { name: 'a' }, { 'x-user-token': 'garbage' })).toEqual(anonymous);
      expect((await createApi(app, { name: 'a' }, await userToken(userId))).address).toMatch(
        /^tmpa@/,
      );
    });
  });

  it('checks the anonymous gate before the creation switch', async () => {
    await withApp(
      { DISABLE_ANONYMOUS_USER_CREATE_EMAIL: 'true', ENABLE_USER_CREATE_EMAIL: 'false' },
      async (app) => {
        expect((await refuseApi(app, { name: 'a' })).text).toBe(
          'New address for anonymous user is disabled, please contact the administrator',
        );
        expect((await refuseApi(app, { name: 'a' }, await userToken(seedUser(app)))).text).toBe(
          'New address is disabled, please contact the administrator',
        );
      },
    );
  });

  it('limits logged-in users to user_settings.maxAddressCount bound addresses', async () => {
    await withApp({ DISABLE_ANONYMOUS_USER_CREATE_EMAIL: 'true' }, async (app) => {
      const now = '2024-01-01 00:00:00';
      await app.store.settings.set('user_settings', { maxAddressCount: 2 }, now);
      const full = await userToken(seedUser(app, { boundAddresses: 2 }));
      expect(await refuseApi(app, { name: 'a' }, full)).toEqual({
        status: 400,
        text: 'Max address count reached',
      });

      // New addresses are not bound to the user, so the count does not grow by creating.
      const oneLeftId = seedUser(app, { boundAddresses: 1 });
      const oneLeft = await userToken(oneLeftId);
      for (const name of ['b', 'c', 'd']) await createApi(app, { name }, oneLeft);
      expect(boundAddressCount(app, oneLeftId)).toBe(1);

      await app.store.settings.set('user_settings', { maxAddressCount: 0 }, now);
      await createApi(app, { name: 'e' }, full);
    });
  });

  it('defaults maxAddressCount to 5, and checks it only when anonymous creation is off', async () => {
    await withApp({ DISABLE_ANONYMOUS_USER_CREATE_EMAIL: 'true' }, async (app) => {
      await createApi(app, { name: 'a' }, await userToken(seedUser(app, { boundAddresses: 4 })));
      expect(
        (await refuseApi(app, { name: 'b' }, await userToken(seedUser(app, { boundAddresses: 5 }))))
          .text,
      ).toBe('Max address count reached');
    });
    await withApp({}, async (app) => {
      await createApi(app, { name: 'a' }, await userToken(seedUser(app, { boundAddresses: 9 })));
    });
  });
});

describe('source_meta', () => {
  it('records the socket peer on /api over a real server, ignoring untrusted forwarding headers', async () => {
    await withApp({}, async (app) => {
      const server = await listen(app);
      try {
        const res = await fetch(`${server.url}/api/new_address`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9' },
          body: JSON.stringify({ name: 'net', domain: 'example.com' }),
        });
        expect(res.status).toBe(200);
      } finally {
        await server.close();
      }
      await createAdmin(app, { name: 'adm', domain: 'example.com' });
      await createApi(app, { name: 'inproc', domain: 'example.com' });
      const byName = new Map((await listAddresses(app)).map((r) => [r.name, r.source_meta]));
      expect(byName.get('tmpnet@example.com')).toBe('127.0.0.1');
      expect(byName.get('adm@example.com')).toBe('admin');
      // In-process requests have no socket; the reference's fallback text is used.
      expect(byName.get('tmpinproc@example.com')).toBe('web:unknown');
    });
  });

  it('takes CF-Connecting-IP from a trusted proxy', async () => {
    await withApp({ TRUSTED_PROXIES: '["loopback"]' }, async (app) => {
      const server = await listen(app);
      try {
        const res = await fetch(`${server.url}/api/new_address`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'cf-connecting-ip': '203.0.113.7' },
          body: JSON.stringify({ name: 'proxied', domain: 'example.com' }),
        });
        expect(res.status).toBe(200);
      } finally {
        await server.close();
      }
      const [row] = await listAddresses(app, '&query=proxied');
      expect(row?.source_meta).toBe('203.0.113.7');
    });
  });
});

describe('admin address list, delete and credential', () => {
  let app: TestApp;
  const ids = new Map<string, number>();
  beforeAll(async () => {
    app = await buildTestApp({ env: { PREFIX: 'tmp' } });
    for (const name of ['carol', 'alice', 'bob', 'dave', 'malice']) {
      ids.set(name, (await createAdmin(app, { name, domain: 'example.com' })).address_id);
    }
  });
  afterAll(() => app.close());

  it.each([
    ['', 'Invalid limit'],
    ['?offset=0', 'Invalid limit'],
    ['?limit=0&offset=0', 'Invalid limit'],
    ['?limit=101&offset=0', 'Invalid limit'],
    ['?limit=abc&offset=0', 'Invalid limit'],
    ['?limit=-5&offset=0', 'Invalid limit'],
    ['?limit=10', 'Invalid offset'],
    ['?limit=10&offset=-1', 'Invalid offset'],
    ['?limit=10&offset=x', 'Invalid offset'],
  ])('GET /admin/address%s → 400 %s', async (query, text) => {
    expect(await send(app, 'GET', `/admin/address${query}`)).toEqual({ status: 400, text });
  });

  it('lists newest first with the reference columns and no password', async () => {
    const page = await ok<{ results: ListedAddress[]; count: number }>(
      send(app, 'GET', '/admin/address?limit=100&offset=0'),
    );
    expect(page.count).toBe(5);
    expect(page.results.map((r) => localPart(r.name))).toEqual([
      'malice',
      'dave',
      'bob',
      'alice',
      'carol',
    ]);
    expect(Object.keys(page.results[0] ?? {}).sort()).toEqual([
      'created_at',
      'id',
      'mail_count',
      'name',
      'send_count',
      'source_meta',
      'updated_at',
    ]);
    expect(page.results[0]).toMatchObject({ mail_count: 0, send_count: 0, source_meta: 'admin' });
  });

  it('pages with limit/offset and counts only on the first page', async () => {
    const second = await ok<{ results: ListedAddress[]; count: number }>(
      send(app, 'GET', '/admin/address?limit=2&offset=2'),
    );
    expect(second.results.map((r) => localPart(r.name))).toEqual(['bob', 'alice']);
    expect(second.count).toBe(0);
  });

  it('filters by a case-insensitive substring of the name', async () => {
    const names = async (q: string) =>
      (await listAddresses(app, `&query=${encodeURIComponent(q)}`)).map((r) => localPart(r.name));
    expect(await names('alice')).toEqual(['malice', 'alice']);
    expect(await names('ALI')).toEqual(['malice', 'alice']);
    expect(await names('%')).toEqual([]);
    expect(await names('_')).toEqual([]);
  });

  it('sorts by sort_by, descending unless sort_order=ascend', async () => {
    const order = async (q: string) => (await listAddresses(app, q)).map((r) => localPart(r.name));
    expect(await order('&sort_by=name&sort_order=ascend')).toEqual([
      'alice',
      'bob',
      'carol',
      'dave',
      'malice',
    ]);
    expect(await order('&sort_by=name')).toEqual(['malice', 'dave', 'carol', 'bob', 'alice']);
    expect(await order('&sort_by=name&sort_order=asc')).toEqual([
      'malice',
      'dave',
      'carol',
      'bob',
      'alice',
    ]);
    expect(await order('&sort_by=id&sort_order=ascend')).toEqual([
      'carol',
      'alice',
      'bob',
      'dave',
      'malice',
    ]);
    expect(await order('&sort_by=password&sort_order=ascend')).toEqual([
      'carol',
      'alice',
      'bob',
      'dave',
      'malice',
    ]);
  });

  it('GET /admin/show_password/:id gives a JWT with a string address_id that works on /api', async () => {
    const id = ids.get('bob') as number;
    const { jwt } = await ok<{ jwt: string }>(send(app, 'GET', `/admin/show_password/${id}`));
    expect(decodeJwt(jwt).payload).toStrictEqual({
      address: 'bob@example.com',
      address_id: String(id),
    });
    expect(await ok(send(app, 'GET', '/api/settings', undefined, bearer(jwt)))).toEqual({
      address: 'bob@example.com',
      send_balance: 0,
    });
  });

  it('DELETE /admin/delete_address/:id removes the address and voids its credential', async () => {
    const created = await createAdmin(app, { name: 'gone', domain: 'example.com' });
    expect(await ok(send(app, 'DELETE', `/admin/delete_address/${created.address_id}`))).toEqual({
      success: true,
    });
    expect(await listAddresses(app, '&query=gone')).toEqual([]);
    expect(await send(app, 'GET', '/api/settings', undefined, bearer(created.jwt))).toEqual({
      status: 401,
      text: 'Invalid address credential',
    });
    // A later address of the same name does not revive the old credential (decisions.md 2).
    await createAdmin(app, { name: 'gone', domain: 'example.com' });
    expect((await send(app, 'GET', '/api/settings', undefined, bearer(created.jwt))).status).toBe(
      401,
    );
    expect((await send(app, 'DELETE', '/admin/delete_address/abc')).status).toBe(400);
  });
});

describe('address passwords', () => {
  const login = (app: TestApp, email: string, password: string) =>
    send(app, 'POST', '/api/address_login', { email, password });

  it('are off by default: null password, login/change/reset refused with 403', async () => {
    await withApp({}, async (app) => {
      const created = await createApi(app, { name: 'nopw', domain: 'example.com' });
      expect(created.password).toBeNull();
      expect((await app.store.addresses.findById(created.address_id))?.password).toBeNull();
      expect(await login(app, created.address, sha256Hex('x'))).toEqual({
        status: 403,
        text: 'Password login is disabled',
      });
      expect(
        await send(
          app,
          'POST',
          '/api/address_change_password',
          { new_password: sha256Hex('x') },
          bearer(created.jwt),
        ),
      ).toEqual({ status: 403, text: 'Password change is disabled' });
      expect(
        await send(app, 'POST', `/admin/address/${created.address_id}/reset_password`, {
          password: sha256Hex('x'),
        }),
      ).toEqual({ status: 403, text: 'Password change is disabled' });
    });
  });

  describe('with ENABLE_ADDRESS_PASSWORD', () => {
    let app: TestApp;
    let created: Created;
    beforeAll(async () => {
      app = await buildTestApp({ env: { PREFIX: 'tmp', ENABLE_ADDRESS_PASSWORD: 'true' } });
      created = await createApi(app, { name: 'pw', domain: 'example.com' });
    });
    afterAll(() => app.close());

    it('returns an 8-character [a-z0-9] password once, on both routes', async () => {
      expect(created.password).toMatch(/^[a-z0-9]{8}$/);
      expect((await createAdmin(app, { name: 'pwadmin', domain: 'test.org' })).password).toMatch(
        /^[a-z0-9]{8}$/,
      );
    });

    it('stores a salted scrypt hash, not the SHA-256 hex the client sends', async () => {
      const stored = (await app.store.addresses.findById(created.address_id))?.password ?? '';
      expect(stored).toMatch(/^scrypt\$/);
      expect(stored).not.toContain(sha256Hex(created.password ?? ''));
      expect(stored).not.toContain(created.password ?? '');
      // Two addresses with the same password get different hashes (salted).
      const other = await createApi(app, { name: 'pw2', domain: 'example.com' });
      const otherStored = (await app.store.addresses.findById(other.address_id))?.password;
      expect(otherStored).not.toBe(stored);
    });

    it('POST /api/address_login takes the SHA-256 hex of the password', async () => {
      const reply = await ok<{ jwt: string; address: string }>(
        login(app, created.address, sha256Hex(created.password ?? '')),
      );
      expect(reply.address).toBe(created.address);
      expect(decodeJwt(reply.jwt).payload).toStrictEqual({
        address: created.address,
        address_id: created.address_id,
      });
      expect(await ok(send(app, 'GET', '/api/settings', undefined, bearer(reply.jwt)))).toEqual({
        address: created.address,
        send_balance: 0,
      });
    });

    it('refuses wrong passwords, unknown addresses and missing fields', async () => {
      const wrong = { status: 401, text: 'Invalid email or password' };
      expect(await login(app, created.address, sha256Hex('nope'))).toEqual(wrong);
      // The plaintext is not what clients send; only its digest logs in.
      expect(await login(app, created.address, created.password ?? '')).toEqual(wrong);
      expect(await login(app, 'nobody@example.com', sha256Hex('x'))).toEqual({
        status: 404,
        text: 'Address not found',
      });
      const required = { status: 400, text: 'Email and password are required' };
      expect(await login(app, created.address, '')).toEqual(required);
      expect(await send(app, 'POST', '/api/address_login', {})).toEqual(required);
    });

    it('POST /api/address_change_password sets a new password (stored hashed)', async () => {
      const own = await createApi(app, { name: 'changer', domain: 'example.com' });
      const change = (newPassword?: string) =>
        send(
          app,
          'POST',
          '/api/address_change_password',
          newPassword === undefined ? {} : { new_password: newPassword },
          bearer(own.jwt),
        );
      expect(await change()).toEqual({ status: 400, text: 'New password is required' });
      expect(await ok(change(sha256Hex('n3w-secret')))).toEqual({ success: true });
      expect((await login(app, own.address, sha256Hex(own.password ?? ''))).status).toBe(401);
      expect((await login(app, own.address, sha256Hex('n3w-secret'))).status).toBe(200);
      const stored = (await app.store.addresses.findById(own.address_id))?.password ?? '';
      expect(stored).toMatch(/^scrypt\$/);
      expect(stored).not.toContain(sha256Hex('n3w-secret'));
      expect(
        (await send(app, 'POST', '/api/address_change_password', { new_password: 'x' })).status,
      ).toBe(401);
    });

    it('POST /admin/address/:id/reset_password sets a new password', async () => {
      const own = await createApi(app, { name: 'resetme', domain: 'example.com' });
      const reset = `/admin/address/${own.address_id}/reset_password`;
      expect(await send(app, 'POST', reset, {})).toEqual({
        status: 400,
        text: 'New password is required',
      });
      expect(await ok(send(app, 'POST', reset, { password: sha256Hex('by-admin') }))).toEqual({
        success: true,
      });
      expect((await login(app, own.address, sha256Hex(own.password ?? ''))).status).toBe(401);
      expect((await login(app, own.address, sha256Hex('by-admin'))).status).toBe(200);
      expect((await app.store.addresses.findById(own.address_id))?.password ?? '').not.toContain(
        sha256Hex('by-admin'),
      );
    });
  });
});

describe('POST /admin/addresses/batch', () => {
  interface BatchReply {
    results: Created[];
    errors: { name: string; code: string; error: string }[];
  }
  const batch = (app: TestApp, body: object) => send(app, 'POST', '/admin/addresses/batch', body);

  it('creates the named addresses and reports each failing name', async () => {
    await withApp({ ADDRESS_BATCH_MAX: '10' }, async (app) => {
      await createAdmin(app, { name: 'taken', domain: 'example.com' });
      const reply = await ok<BatchReply>(
        batch(app, {
          names: ['one', 'Two', 'taken', 'one', '---', 'x'.repeat(31)],
          domain: 'example.com',
        }),
      );
      expect(reply.results.map((r) => r.address)).toEqual(['one@example.com', 'two@example.com']);
      for (const r of reply.results) {
        expect(decodeJwt(r.jwt).payload).toStrictEqual({
          address: r.address,
          address_id: r.address_id,
        });
        expect(r.password).toBeNull();
      }
      expect(reply.errors).toEqual(
        expect.arrayContaining([
          {
            name: '---',
            code: 'name_too_short',
            error: `${FAILED}Name is too short (min 1)`,
          },
          {
            name: 'x'.repeat(31),
            code: 'name_too_long',
            error: `${FAILED}Name is too long (max 30)`,
          },
          { name: 'taken', code: 'address_exists', error: `${FAILED}Address already exists` },
          { name: 'one', code: 'address_exists', error: `${FAILED}Address already exists` },
        ]),
      );
      expect(reply.errors).toHaveLength(4);
      const listed = await listAddresses(app);
      expect(listed).toHaveLength(3);
      expect(listed.every((r) => r.source_meta === 'admin')).toBe(true);
    });
  });

  it('creates `count` random names, with prefix, passwords and domain rules as admin', async () => {
    await withApp(
      {
        ADDRESS_BATCH_MAX: '10',
        ENABLE_ADDRESS_PASSWORD: 'true',
        RANDOM_SUBDOMAIN_DOMAINS: '["test.org"]',
      },
      async (app) => {
        const reply = await ok<BatchReply>(
          batch(app, { count: 4, domain: 'test.org', enablePrefix: true }),
        );
        expect(reply.errors).toEqual([]);
        expect(reply.results).toHaveLength(4);
        for (const r of reply.results) {
          expect(r.address).toMatch(/^tmp[a-z0-9]{12}@test\.org$/);
          expect(r.password).toMatch(/^[a-z0-9]{8}$/);
        }
        const random = await ok<BatchReply>(
          batch(app, { names: ['r1'], domain: 'test.org', enableRandomSubdomain: true }),
        );
        expect(random.results[0]?.address).toMatch(/^r1@[a-z0-9]{8}\.test\.org$/);
        const invalid = await ok<BatchReply>(batch(app, { names: ['d1'], domain: 'nope.net' }));
        expect(invalid.results).toEqual([]);
        expect(invalid.errors).toEqual([
          { name: 'd1', code: 'domain_invalid', error: `${FAILED}Invalid domain` },
        ]);
      },
    );
  });

  it('refuses more than ADDRESS_BATCH_MAX, and bodies with both or neither of names/count', async () => {
    await withApp({ ADDRESS_BATCH_MAX: '3' }, async (app) => {
      expect((await batch(app, { names: ['a', 'b', 'c', 'd'] })).status).toBe(400);
      expect((await batch(app, { count: 4 })).status).toBe(400);
      expect((await batch(app, { names: ['a'], count: 1 })).status).toBe(400);
      expect((await batch(app, {})).status).toBe(400);
      expect((await batch(app, { count: 0 })).status).toBe(400);
      expect(await listAddresses(app)).toEqual([]);
      expect((await ok<BatchReply>(batch(app, { count: 3 }))).results).toHaveLength(3);
      // The service enforces the cap too, for callers other than this route (the CLI).
      await expect(
        app.addresses.createBatchByAdmin({ names: ['e', 'f', 'g', 'h'] }),
      ).rejects.toMatchObject({ code: 'batch_too_large', params: { max: 3 } });
    });
  });

  it('needs admin credentials', async () => {
    await withApp({}, async (app) => {
      const res = await app.request('POST', '/admin/addresses/batch', { body: { count: 1 } });
      expect(res.status).toBe(401);
    });
  });
});
