import { createHmac } from 'node:crypto';
import { sign, verify } from 'hono/jwt';
import { describe, expect, it } from 'vitest';
import { createTokenSigner } from './token-signer.js';

const SECRET = 'test-secret-0123456789abcdef0123456789abcdef';

describe('createTokenSigner', () => {
  const signer = createTokenSigner(SECRET);
  const samples = [
    { address: 'a@example.com', address_id: 1 },
    { address: 'ünïcødé@例え.jp', address_id: '42' },
    { user_email: 'x@y.z', user_id: 7, iat: 1_700_000_000, exp: 4_000_000_000 },
    {},
  ];

  it('signs exactly as hono/jwt does, so tokens issued before the switch stay identical', async () => {
    for (const claims of samples) {
      expect(await signer.sign(claims)).toBe(await sign(claims, SECRET, 'HS256'));
    }
  });

  it('issues tokens that hono/jwt and its own verify accept', async () => {
    for (const claims of samples) {
      const token = await signer.sign(claims);
      expect(await verify(token, SECRET, 'HS256')).toEqual(claims);
      expect(await signer.verify(token)).toEqual(claims);
    }
  });

  it('refuses a token signed with another secret or altered', async () => {
    const token = await signer.sign({ address: 'a@example.com', address_id: 1 });
    expect(await createTokenSigner(`${SECRET}x`).verify(token)).toBeNull();
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ address: 'b@example.com', address_id: 2 }),
    ).toString('base64url');
    expect(await signer.verify(`${header}.${forged}.${signature}`)).toBeNull();
  });

  it('checks exp, nbf and iat against its clock, not Date.now', async () => {
    let nowMs = Date.UTC(2040, 0, 1);
    const clocked = createTokenSigner(SECRET, { now: () => new Date(nowMs) });
    const now = nowMs / 1000;
    const token = await clocked.sign({ user_id: 1, iat: now, exp: now + 60 });
    // Real time is years before iat, yet the token is live by the signer's clock.
    expect(await clocked.verify(token)).toMatchObject({ user_id: 1 });
    expect(await signer.verify(token)).toBeNull();
    nowMs += 60_000;
    expect(await clocked.verify(token)).toBeNull();
    const notYet = await clocked.sign({ user_id: 1, nbf: now + 61 });
    expect(await clocked.verify(notYet)).toBeNull();
    nowMs += 1000;
    expect(await clocked.verify(notYet)).toMatchObject({ user_id: 1 });
    for (const bad of [{ exp: 'soon' }, { nbf: null }, { iat: Number.NaN }]) {
      expect(await clocked.verify(await clocked.sign(bad)), JSON.stringify(bad)).toBeNull();
    }
  });

  it('refuses alg none, another algorithm and a typ other than JWT', async () => {
    const payload = Buffer.from(JSON.stringify({ user_id: 1 })).toString('base64url');
    const head = (h: object) => Buffer.from(JSON.stringify(h)).toString('base64url');
    const [, , signature] = (await signer.sign({ user_id: 1 })).split('.');
    expect(await signer.verify(`${head({ alg: 'none' })}.${payload}.`)).toBeNull();
    expect(await signer.verify(`${head({ alg: 'HS512' })}.${payload}.${signature}`)).toBeNull();
    const withTyp = async (typ: string) => {
      const unsigned = `${head({ alg: 'HS256', typ })}.${payload}`;
      const sig = createHmac('sha256', SECRET).update(unsigned).digest('base64url');
      return signer.verify(`${unsigned}.${sig}`);
    };
    expect(await withTyp('JWT')).toEqual({ user_id: 1 });
    expect(await withTyp('at+jwt')).toBeNull();
  });
});
