import { describe, expect, it } from 'vitest';
import type { SettingsStore } from '../../storage/ports.js';
import { fetchJson } from './oauth2-http.js';
import { publicOauth2Providers, readOauth2Providers } from './oauth2-settings.js';

const valid = {
  name: 'P',
  icon: '<svg/>',
  clientID: 'cid',
  clientSecret: 'secret',
  authorizationURL: 'https://idp.example/authorize',
  accessTokenURL: 'https://idp.example/token',
  accessTokenFormat: 'json',
  userInfoURL: 'https://idp.example/userinfo',
  redirectURL: 'https://mail.example/cb',
  userEmailKey: 'email',
  scope: 'email',
};

const storeWith = (value: unknown): SettingsStore => ({
  get: () => Promise.resolve(value),
  set: () => Promise.resolve(),
  delete: () => Promise.resolve(),
  setMany: () => Promise.resolve(),
});

describe('readOauth2Providers', () => {
  it('skips stored entries that fail the schema (e.g. a file: token URL)', async () => {
    const stored = [valid, { ...valid, clientID: 'bad', accessTokenURL: 'file:///etc/passwd' }];
    expect((await readOauth2Providers(storeWith(stored))).map((p) => p.clientID)).toEqual(['cid']);
  });

  it('reads nothing from a missing or non-array value', async () => {
    expect(await readOauth2Providers(storeWith(undefined))).toEqual([]);
    expect(await readOauth2Providers(storeWith({ a: 1 }))).toEqual([]);
  });
});

describe('publicOauth2Providers', () => {
  it('shows clientID, name and icon only', async () => {
    const providers = await readOauth2Providers(
      storeWith([valid, { ...valid, clientID: 'c2', icon: null }]),
    );
    expect(publicOauth2Providers(providers)).toEqual([
      { clientID: 'cid', name: 'P', icon: '<svg/>' },
      { clientID: 'c2', name: 'P' },
    ]);
  });
});

describe('fetchJson', () => {
  it('never fetches a non-http(s) URL', async () => {
    const limits = { timeoutMs: 1000, maxResponseBytes: 1024 };
    for (const url of ['file:///etc/passwd', 'data:application/json,{}', 'not a url']) {
      await expect(fetchJson(url, { method: 'GET', headers: {} }, limits)).rejects.toThrow(
        'only http(s) URLs are fetched',
      );
    }
  });
});
