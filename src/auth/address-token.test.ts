import { sign } from 'hono/jwt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAddressTokens } from './address-token.js';
import { createTokenSigner } from './token-signer.js';

const SECRET = 'unit-test-secret-0123456789abcdef0123456789';
const signer = createTokenSigner(SECRET);
const tokens = createAddressTokens(signer, 0);

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function payloadOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

afterEach(() => {
  vi.useRealTimers();
});

describe('address tokens', () => {
  it('issues HS256 tokens with exactly {address, address_id} and reads them back', async () => {
    const token = await tokens.issue({ address: 'tmpabc@example.com', address_id: 7 });
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString());
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payloadOf(token)).toEqual({ address: 'tmpabc@example.com', address_id: 7 });
    expect(await tokens.read(token)).toEqual({ address: 'tmpabc@example.com', addressId: 7 });
  });

  it('accepts address_id as a numeric string (tokens issued from a URL id)', async () => {
    const token = await tokens.issue({ address: 'a@example.com', address_id: '42' });
    expect(payloadOf(token)['address_id']).toBe('42');
    expect(await tokens.read(token)).toEqual({ address: 'a@example.com', addressId: 42 });
  });

  it('refuses claims without a usable address or address_id', async () => {
    const bad: Record<string, unknown>[] = [
      {},
      { address: 'a@example.com' },
      { address_id: 1 },
      { address: 42, address_id: 1 },
      { address: 'a@example.com', address_id: 0 },
      { address: 'a@example.com', address_id: -1 },
      { address: 'a@example.com', address_id: 1.5 },
      { address: 'a@example.com', address_id: '1.5' },
      { address: 'a@example.com', address_id: '-1' },
      { address: 'a@example.com', address_id: 'abc' },
      { address: 'a@example.com', address_id: '' },
      { address: 'a@example.com', address_id: ' 1' },
      { address: 'a@example.com', address_id: '1e3' },
      { address: 'a@example.com', address_id: '99999999999999999999' },
      { address: 'a@example.com', address_id: 2 ** 60 },
      { address: 'a@example.com', address_id: null },
      { address: 'a@example.com', address_id: true },
      { address: 'a@example.com', address_id: [1] },
      // a user token: exp and user claims, no address
      { user_email: 'u@example.com', user_id: 1, exp: Math.floor(Date.now() / 1000) + 3600 },
    ];
    for (const claims of bad) {
      expect(await tokens.read(await signer.sign(claims)), JSON.stringify(claims)).toBeNull();
    }
  });

  it('refuses tampered, foreign-secret, alg:none, HS512 and malformed tokens', async () => {
    const claims = { address: 'a@example.com', address_id: 1 };
    const good = await tokens.issue(claims);
    const [h, p, s] = good.split('.') as [string, string, string];

    const otherPayload = b64url({ address: 'b@example.com', address_id: 1 });
    const flipped = `${s.slice(0, -2)}${s.endsWith('AA') ? 'BB' : 'AA'}`;
    const cases: Record<string, string> = {
      tamperedPayload: `${h}.${otherPayload}.${s}`,
      tamperedSignature: `${h}.${p}.${flipped}`,
      noSignature: `${h}.${p}.`,
      algNone: `${b64url({ alg: 'none', typ: 'JWT' })}.${p}.`,
      algNoneWithSignature: `${b64url({ alg: 'none', typ: 'JWT' })}.${p}.${s}`,
      otherSecret: await sign(claims, 'another-secret-entirely-0123456789', 'HS256'),
      hs512SameSecret: await sign(claims, SECRET, 'HS512'),
      twoParts: `${h}.${p}`,
      fourParts: `${good}.x`,
      garbage: 'not a token',
      empty: '',
    };
    for (const [name, token] of Object.entries(cases)) {
      expect(await tokens.read(token), name).toBeNull();
    }
  });

  it('adds iat and exp when a lifetime is set, and expired tokens are refused', async () => {
    const ttl = 60;
    const limited = createAddressTokens(signer, ttl);
    const token = await limited.issue({ address: 'a@example.com', address_id: 3 });
    const payload = payloadOf(token);
    expect(typeof payload['exp']).toBe('number');
    expect(Number(payload['exp']) - Number(payload['iat'])).toBe(ttl);
    expect(Math.abs(Number(payload['iat']) - Date.now() / 1000)).toBeLessThan(5);
    expect(await limited.read(token)).toEqual({
      address: 'a@example.com',
      addressId: 3,
      expiresAt: Number(payload['exp']),
    });

    vi.useFakeTimers({ now: Date.now() + (ttl + 1) * 1000, toFake: ['Date'] });
    expect(await limited.read(token)).toBeNull();
  });

  it('issues tokens without expiry by default, valid however much later', async () => {
    const token = await tokens.issue({ address: 'a@example.com', address_id: 3 });
    expect(payloadOf(token)).not.toHaveProperty('exp');
    expect(payloadOf(token)).not.toHaveProperty('iat');
    vi.useFakeTimers({ now: Date.now() + 10 * 365 * 86_400_000, toFake: ['Date'] });
    expect(await tokens.read(token)).toEqual({ address: 'a@example.com', addressId: 3 });
  });

  it('issues and expires by the clock it is given, not Date.now', async () => {
    let nowMs = Date.UTC(2030, 0, 1);
    const clocked = createAddressTokens(signer, 60, { now: () => new Date(nowMs) });
    const token = await clocked.issue({ address: 'a@example.com', address_id: 3 });
    expect(payloadOf(token)['iat']).toBe(nowMs / 1000);
    // Live by its clock, though real time is years before iat.
    expect(await clocked.read(token)).toEqual({
      address: 'a@example.com',
      addressId: 3,
      expiresAt: nowMs / 1000 + 60,
    });
    nowMs += 61_000;
    expect(await clocked.read(token)).toBeNull();
    // Not yet valid (iat, nbf) by the clock either.
    nowMs = Date.UTC(2029, 0, 1);
    expect(await clocked.read(token)).toBeNull();
    const notYet = await signer.sign({
      address: 'a@example.com',
      address_id: 3,
      nbf: nowMs / 1000 + 1,
    });
    expect(await clocked.read(notYet)).toBeNull();
    nowMs += 1000;
    expect(await clocked.read(notYet)).toEqual({ address: 'a@example.com', addressId: 3 });
  });

  it('refuses time claims that are not finite numbers', async () => {
    for (const claim of ['exp', 'nbf', 'iat']) {
      for (const value of ['1', null, true, [1]]) {
        const token = await signer.sign({
          address: 'a@example.com',
          address_id: 3,
          [claim]: value,
        });
        expect(await tokens.read(token), `${claim}: ${String(value)}`).toBeNull();
      }
    }
  });

  it('refuses a token signed with a lifetime that has run out, even with no TTL configured', async () => {
    const expired = await signer.sign({
      address: 'a@example.com',
      address_id: 3,
      exp: Math.floor(Date.now() / 1000) - 1,
    });
    expect(await tokens.read(expired)).toBeNull();
    const notYet = await signer.sign({
      address: 'a@example.com',
      address_id: 3,
      nbf: Math.floor(Date.now() / 1000) + 600,
    });
    expect(await tokens.read(notYet)).toBeNull();
  });
});
