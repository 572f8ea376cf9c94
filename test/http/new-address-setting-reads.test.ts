/**
 * Which settings one address creation reads (bench/README.md): the subdomain-match switch only
 * when the request names a domain that is not one of the allowed ones, where it decides; the
 * block list on every `/api` creation. Reads are counted on the real store.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IP_ACCESS_SETTINGS_KEY } from '../../src/domain/access/ip-access-settings.js';
import { SettingKeys } from '../../src/domain/settings/setting-keys.js';
import { adminHeaders, buildTestApp, type TestApp } from '../helpers/build-test-app.js';

let app: TestApp;
let reads: string[];

beforeEach(async () => {
  app = await buildTestApp({ env: { PREFIX: '' } });
  reads = [];
  const settings = app.store.settings;
  const get = settings.get.bind(settings);
  settings.get = (key) => {
    reads.push(key);
    return get(key);
  };
});
afterEach(() => app.close());

async function create(path: string, body: object): Promise<{ status: number; text: string }> {
  reads = [];
  const headers = path.startsWith('/admin') ? adminHeaders : {};
  const res = await app.request('POST', path, { body, headers });
  return { status: res.status, text: await res.text() };
}

const MATCH = SettingKeys.addressCreationSettings;

describe('settings read by one creation', () => {
  it('reads no subdomain switch for a default or exactly named domain', async () => {
    for (const body of [{ name: 'a1' }, { name: 'a2', domain: 'example.com' }]) {
      expect((await create('/admin/new_address', body)).status).toBe(200);
      expect(reads).toEqual([]);
    }
    expect((await create('/api/new_address', { name: 'a3', domain: ' Test.ORG ' })).status).toBe(
      200,
    );
    // (plus the IP access settings, which are cached for seconds).
    expect(reads.filter((key) => key !== IP_ACCESS_SETTINGS_KEY)).toEqual([
      SettingKeys.addressBlockList,
    ]);
  });

  it('reads no subdomain switch for an invalid domain, which fails either way', async () => {
    const reply = await create('/admin/new_address', { name: 'a4', domain: 'bad_label.com' });
    expect(reply.status).toBe(400);
    expect(reads).toEqual([]);
  });

  it('reads the switch for another domain, and follows it', async () => {
    const sub = { name: 'a5', domain: 'team.example.com' };
    expect((await create('/admin/new_address', sub)).status).toBe(400);
    expect(reads).toEqual([MATCH]);

    await app.store.settings.set(MATCH, { enableSubdomainMatch: true }, '2026-01-01 00:00:00');
    const created = await create('/admin/new_address', sub);
    expect(created.status, created.text).toBe(200);
    expect((JSON.parse(created.text) as { address: string }).address).toBe('a5@team.example.com');
    expect(reads).toEqual([MATCH]);
  });
});
