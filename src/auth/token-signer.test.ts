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
});
