import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.js';
import { DIALECTS } from '../helpers/test-stores.js';

describe.each(DIALECTS)('health on %s', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({ dialect });
  });
  afterAll(() => app.close());

  it('answers OK on / and /health_check', async () => {
    for (const path of ['/', '/health_check']) {
      const res = await app.request('GET', path);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('OK');
    }
  });

  it('answers 400 DomainsNotSetMsg when DOMAINS is empty', async () => {
    const empty = await buildTestApp({ dialect, env: { DOMAINS: '[]' } });
    try {
      const res = await empty.request('GET', '/health_check');
      expect(res.status).toBe(400);
      expect(await res.text()).toBe('Domains are not set, please contact the administrator');
    } finally {
      await empty.close();
    }
  });
});
