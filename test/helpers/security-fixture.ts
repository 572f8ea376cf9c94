/**
 * The world of the security sweep: an app with every optional area switched on, a victim user A
 * and an attacker user B (each registered through /user_api/register, with an address bound
 * to them that holds mail), A's passkey, the token of a deleted address, and a snapshot of
 * everything of A's that a request could read or change.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { adminHeaders, buildTestApp, type TestApp } from './build-test-app.js';
import { deliver, json, simpleMail } from './mailbox-client.js';
import { SoftAuthenticator } from './soft-authenticator.js';
import type { Dialect } from './test-stores.js';
import { newUser, setUserSettings } from './user-client.js';

export const ADMIN_ROLE = 'admin';
/** A's role: addresses A creates with a valid user token get this prefix. */
export const VICTIM_ROLE = 'vip';
export const PASSKEY_RP_ID = 'localhost';
export const PASSKEY_ORIGIN = 'http://localhost:5173';

export interface Party {
  user: { id: number; email: string; jwt: string };
  address: { id: number; name: string; jwt: string; password: string };
  mailIds: number[];
}

export interface Victim extends Party {
  /** Random text in every piece of A's data (address, e-mail, subject, body, parts). */
  marker: string;
  passkeyId: string;
  /** Content-ID of the inline part of A's mail. */
  contentId: string;
}

export interface SweepWorld {
  app: TestApp;
  victim: Victim;
  attacker: Party;
  /** The credential of an address deleted and then created again under the same name. */
  deletedAddressJwt: string;
  /** A user deleted by the admin (their token still verifies) and a live, unbound address. */
  ghost: { userJwt: string; addressJwt: string };
}

/** A built UI of one page, so the static routes exist without `npm run build:web`. */
function webDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tmpmail-sweep-web-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>tmpmail</title>');
  return dir;
}

export async function buildSweepApp(dialect: Dialect): Promise<TestApp> {
  const dir = webDir();
  const app = await buildTestApp({
    dialect,
    env: {
      E2E_TEST_MODE: 'true',
      WEB_UI: 'true',
      WEB_DIR: dir,
      ADMIN_USER_ROLE: ADMIN_ROLE,
      USER_ROLES: JSON.stringify([{ role: VICTIM_ROLE, domains: ['example.com'], prefix: 'vip' }]),
      ADDRESS_JWT_TTL_SECONDS: '86400',
      ENABLE_ADDRESS_PASSWORD: 'true',
      // Limits off: a 429 would hide what the handler behind it does with a forged credential.
      RATE_LIMIT_PER_MINUTE: '0',
      LOGIN_MAX_FAILURES: '0',
      LOGIN_MAX_FAILURES_PER_IP: '0',
    },
  });
  return {
    ...app,
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface CreatedAddress {
  jwt: string;
  address: string;
  address_id: number;
  password: string;
}

export async function newAddress(
  app: TestApp,
  name: string,
  userJwt?: string,
): Promise<CreatedAddress> {
  return json<CreatedAddress>(
    app.request('POST', '/api/new_address', {
      body: { name, domain: 'example.com' },
      headers: userJwt ? { 'x-user-token': userJwt } : {},
    }),
  );
}

/** A mail with an HTML body, a text attachment and an inline part, all carrying `marker`. */
function victimMail(to: string, marker: string, contentId: string): string {
  const inline = Buffer.from(`inline-${marker}`).toString('base64');
  return [
    'From: Alice Sender <alice@sender.example>',
    `To: ${to}`,
    `Subject: subject-${marker}`,
    `Message-ID: <msg-${marker}@sender.example>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/html; charset=utf-8',
    '',
    `<p>body-${marker}</p><img src="cid:${contentId}">`,
    '--b1',
    'Content-Type: text/plain; name="secret.txt"',
    'Content-Disposition: attachment; filename="secret.txt"',
    '',
    `attachment-${marker}`,
    '--b1',
    'Content-Type: image/png',
    `Content-ID: <${contentId}>`,
    'Content-Disposition: inline; filename="pic.png"',
    'Content-Transfer-Encoding: base64',
    '',
    inline,
    '--b1--',
    '',
  ].join('\r\n');
}

async function registerPasskey(app: TestApp, userJwt: string): Promise<string> {
  const headers = { 'x-user-token': userJwt };
  const options = await json<PublicKeyCredentialCreationOptionsJSON>(
    app.request('POST', '/user_api/passkey/register_request', {
      body: { domain: PASSKEY_RP_ID },
      headers,
    }),
  );
  const authenticator = new SoftAuthenticator();
  const credential = authenticator.createCredential(options, { origin: PASSKEY_ORIGIN });
  await json(
    app.request('POST', '/user_api/passkey/register_response', {
      body: { credential, origin: PASSKEY_ORIGIN, passkey_name: 'victim key' },
      headers,
    }),
  );
  return authenticator.id;
}

async function party(app: TestApp, label: string, marker: string): Promise<Party> {
  const email = `${label}-${marker}@users.example`;
  const user = await newUser(app, email);
  const created = await newAddress(app, `${label}${marker}`, user.jwt);
  // Creation never binds (reference §2.5): the client binds with both credentials afterwards.
  await json(
    app.request('POST', '/user_api/bind_address', {
      headers: { 'x-user-token': user.jwt, authorization: `Bearer ${created.jwt}` },
    }),
  );
  return {
    user: { id: user.id, email, jwt: user.jwt },
    address: {
      id: created.address_id,
      name: created.address,
      jwt: created.jwt,
      password: created.password,
    },
    mailIds: [],
  };
}

export async function buildWorld(app: TestApp): Promise<SweepWorld> {
  await setUserSettings(app, { enable: true });
  const marker = randomBytes(6).toString('hex');
  const contentId = `cid-${marker}@sender.example`;
  const a = await party(app, 'victim', marker);
  const b = await party(app, 'attacker', randomBytes(6).toString('hex'));
  a.mailIds = await deliver(app, a.address.name, victimMail(a.address.name, marker, contentId));
  b.mailIds = await deliver(app, b.address.name, simpleMail('attacker mail'));
  const passkeyId = await registerPasskey(app, a.user.jwt);
  await json(
    app.request('POST', '/admin/user_roles', {
      body: { user_id: a.user.id, role_text: VICTIM_ROLE },
      headers: adminHeaders,
    }),
  );

  const gone = `gone${randomBytes(6).toString('hex')}`;
  const doomed = await newAddress(app, gone);
  await json(
    app.request('DELETE', `/admin/delete_address/${doomed.address_id}`, { headers: adminHeaders }),
  );
  await newAddress(app, gone);

  const ghost = await newUser(app, `ghost-${randomBytes(6).toString('hex')}@users.example`);
  const ghostAddress = await newAddress(app, `ghost${randomBytes(6).toString('hex')}`);
  await json(app.request('DELETE', `/admin/users/${ghost.id}`, { headers: adminHeaders }));

  return {
    app,
    victim: { ...a, marker, passkeyId, contentId },
    attacker: b,
    deletedAddressJwt: doomed.jwt,
    ghost: { userJwt: ghost.jwt, addressJwt: ghostAddress.jwt },
  };
}

/**
 * Everything of A's a request could read or change, as stored: the address row (password
 * hash included), its mail, the user row, bindings, role and passkeys.
 */
export async function victimSnapshot(world: SweepWorld): Promise<string> {
  const { store } = world.app;
  const { user, address } = world.victim;
  const page = { limit: 100, offset: 0 };
  return JSON.stringify({
    address: await store.addresses.findById(address.id),
    boundTo: await store.users.boundUserOf(address.id),
    mails: await store.mails.listForAddress(address.name, page),
    user: await store.users.findById(user.id),
    role: (await store.users.findRoleName(user.id)) ?? null,
    bindings: await store.users.listBoundAddresses(user.id),
    passkeys: await store.passkeys.listForUser(user.id),
  });
}

/** The stored secrets of A (password hashes) that no response may ever contain. */
export async function victimSecrets(world: SweepWorld): Promise<string[]> {
  const { store } = world.app;
  const address = await store.addresses.findById(world.victim.address.id);
  const user = await store.users.findById(world.victim.user.id);
  return [address?.password, user?.password].filter((s): s is string => !!s);
}
