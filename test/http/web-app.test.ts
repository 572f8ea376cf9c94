/**
 * Serving the built web UI: files with types and caching, the SPA fallback, API paths that
 * always win, the page's security headers, the site password left to the page, no way out of
 * the build directory, a policy that admits Turnstile only when the site enforces it, and a
 * server that still runs when the UI is not built.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TURNSTILE_ORIGIN, WEB_CSP } from '../../src/http/routes/web-app.js';
import { adminHeaders, buildTestApp, listen, type TestApp } from '../helpers/build-test-app.js';
import { DIALECTS } from '../helpers/test-stores.js';

const SECRET = 'top-secret-outside-the-build';
const INDEX_HTML =
  '<!doctype html><html><head><script type="module" src="/assets/app-1a2b3c.js"></script>' +
  '</head><body><div id="app"></div></body></html>';
// Over the compression threshold, and repetitive so that it compresses well.
const APP_JS = `console.log(${JSON.stringify('x'.repeat(4000))});\n`;

let root: string;
let webDir: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'tmpmail-web-'));
  webDir = path.join(root, 'web');
  mkdirSync(path.join(webDir, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'secret.txt'), SECRET);
  writeFileSync(path.join(webDir, 'index.html'), INDEX_HTML);
  writeFileSync(path.join(webDir, 'assets', 'app-1a2b3c.js'), APP_JS);
  writeFileSync(path.join(webDir, 'assets', 'app-4d5e6f.css'), 'body{color:red}');
  writeFileSync(path.join(webDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(path.join(webDir, '.env'), SECRET);
  symlinkSync(path.join(root, 'secret.txt'), path.join(webDir, 'linked.txt'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function expectIndex(res: Response): Promise<void> {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(await res.text()).toBe(INDEX_HTML);
}

/** One raw HTTP/1.1 request, so the path reaches the server exactly as written. */
function rawGet(url: string, rawPath: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(`GET ${rawPath} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
    });
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}

describe.each(DIALECTS)('web UI on %s', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({ dialect, env: { WEB_UI: 'true', WEB_DIR: webDir } });
  });
  afterAll(() => app.close());

  it('serves index.html at / with the page security headers and no-cache', async () => {
    const res = await app.request('GET', '/');
    expect(res.headers.get('content-security-policy')).toBe(WEB_CSP);
    expect(WEB_CSP).toContain("script-src 'self'");
    expect(WEB_CSP).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('etag')).toMatch(/^"[\w-]+"$/);
    await expectIndex(res);
  });

  it('falls back to index.html for deep links without a dot, /admin included', async () => {
    for (const page of ['/mail/12', '/account', '/account/', '/admin', '/some/deep/link']) {
      await expectIndex(await app.request('GET', page));
    }
  });

  it('serves hashed assets with their type, immutable for a year', async () => {
    const res = await app.request('GET', '/assets/app-1a2b3c.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-security-policy')).toBeNull();
    expect(await res.text()).toBe(APP_JS);
    const css = await app.request('GET', '/assets/app-4d5e6f.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const icon = await app.request('GET', '/favicon.svg');
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });

  it('sends brotli or gzip when accepted, with Vary and distinct ETags', async () => {
    const plain = await app.request('GET', '/assets/app-1a2b3c.js');
    const br = await app.request('GET', '/assets/app-1a2b3c.js', {
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toBe(APP_JS);
    const gzip = await app.request('GET', '/assets/app-1a2b3c.js', {
      headers: { 'accept-encoding': 'gzip, br;q=0' },
    });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString()).toBe(APP_JS);
    const etags = new Set([plain, br, gzip].map((r) => r.headers.get('etag')));
    expect(etags.size).toBe(3);
  });

  it('answers a matching If-None-Match with 304', async () => {
    const first = await app.request('GET', '/');
    const etag = first.headers.get('etag') ?? '';
    const again = await app.request('GET', '/', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const weak = await app.request('GET', '/', { headers: { 'if-none-match': `W/${etag}` } });
    expect(weak.status).toBe(304);
    const other = await app.request('GET', '/', { headers: { 'if-none-match': '"other"' } });
    expect(other.status).toBe(200);
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await app.request('HEAD', '/assets/app-1a2b3c.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(APP_JS)));
    expect(await res.text()).toBe('');
    const page = await app.request('HEAD', '/mail/3');
    expect(page.headers.get('content-security-policy')).toBe(WEB_CSP);
  });

  it('gives 404, not the page, for missing files with an extension and for other methods', async () => {
    for (const missing of ['/assets/app-000000.js', '/robots.txt', '/mail/1.eml']) {
      const res = await app.request('GET', missing);
      expect(res.status, missing).toBe(404);
      expect(await res.text()).toBe('Not Found');
    }
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const res = await app.request(method, '/account');
      expect(res.status).toBe(404);
    }
  });

  it('lets API paths win: no page for /api, /open_api, /user_api, /admin/, /external, /telegram, /health_check', async () => {
    const health = await app.request('GET', '/health_check');
    expect(await health.text()).toBe('OK');
    const settings = await app.request('GET', '/open_api/settings');
    expect(settings.headers.get('content-type')).toMatch(/^application\/json/);
    for (const apiPath of [
      '/api/settings',
      '/api/no-such-route',
      '/api',
      '/open_api/no-such-route',
      '/user_api/no-such-route',
      '/admin/address?limit=1&offset=0',
      '/admin/no-such-route',
      '/external/no-such-route',
      '/telegram/no-such-route',
      '/health_check/x',
    ]) {
      const res = await app.request('GET', apiPath);
      expect(res.headers.get('content-type'), apiPath).not.toMatch(/html/);
      expect(res.status, apiPath).toBeGreaterThanOrEqual(400);
    }
    const admin = await app.request('GET', '/admin/address?limit=1&offset=0', {
      headers: adminHeaders,
    });
    expect(admin.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('serves nothing outside the build: no dot-files, links, or traversal', async () => {
    for (const attempt of [
      '/.env',
      '/linked.txt',
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
    ]) {
      const res = await app.request('GET', attempt);
      expect(await res.text(), attempt).not.toContain(SECRET);
    }
    const server = await listen(app);
    try {
      for (const attempt of [
        '/../secret.txt',
        '/assets/../../secret.txt',
        '/assets/..%2f..%2fsecret.txt',
        '/%2e%2e/%2e%2e/secret.txt',
        '/..\\secret.txt',
        `//${root.slice(1)}/secret.txt`,
      ]) {
        expect(await rawGet(server.url, attempt), attempt).not.toContain(SECRET);
      }
    } finally {
      await server.close();
    }
  });
});

describe('web UI behind the site password (PASSWORDS)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp({
      env: { WEB_UI: 'true', WEB_DIR: webDir, PASSWORDS: '["site"]' },
    });
  });
  afterAll(() => app.close());

  it('serves the page and its files without the password, so the page can ask for it', async () => {
    await expectIndex(await app.request('GET', '/'));
    await expectIndex(await app.request('GET', '/mail/4'));
    await expectIndex(await app.request('GET', '/admin'));
    const asset = await app.request('GET', '/assets/app-1a2b3c.js');
    expect(asset.status).toBe(200);
  });

  it('still guards the API, the health check and non-GET requests', async () => {
    for (const [method, apiPath] of [
      ['GET', '/api/settings'],
      ['GET', '/health_check'],
      ['GET', '/admin/address?limit=1&offset=0'],
      ['POST', '/api/new_address'],
      ['POST', '/'],
    ] as const) {
      const res = await app.request(method, apiPath);
      expect(res.status, apiPath).toBe(401);
    }
    const open = await app.request('GET', '/open_api/settings');
    expect(((await open.json()) as { needAuth: boolean }).needAuth).toBe(true);
  });
});

describe('web UI of a site with Turnstile', () => {
  const directives = (policy: string | null) =>
    new Map((policy ?? '').split('; ').map((d) => [d.split(' ')[0], d] as const));

  it('admits exactly challenges.cloudflare.com in script-src and frame-src when both keys are set', async () => {
    const app = await buildTestApp({
      env: {
        WEB_UI: 'true',
        WEB_DIR: webDir,
        CF_TURNSTILE_SITE_KEY: 'site-key',
        CF_TURNSTILE_SECRET_KEY: 'secret-key',
      },
    });
    try {
      for (const page of ['/', '/account']) {
        const policy = (await app.request('GET', page)).headers.get('content-security-policy');
        const csp = directives(policy);
        expect(csp.get('script-src')).toBe(`script-src 'self' ${TURNSTILE_ORIGIN}`);
        expect(csp.get('frame-src')).toBe(`frame-src 'self' blob: about: ${TURNSTILE_ORIGIN}`);
        // Everything else is the policy of a site without Turnstile.
        for (const [name, directive] of directives(WEB_CSP)) {
          if (name !== 'script-src' && name !== 'frame-src') expect(csp.get(name)).toBe(directive);
        }
        expect(policy?.split(TURNSTILE_ORIGIN)).toHaveLength(3);
      }
    } finally {
      await app.close();
    }
  });

  it('keeps the plain policy when only the site key is set (the check is not enforced)', async () => {
    const app = await buildTestApp({
      env: { WEB_UI: 'true', WEB_DIR: webDir, CF_TURNSTILE_SITE_KEY: 'site-key' },
    });
    try {
      const res = await app.request('GET', '/');
      expect(res.headers.get('content-security-policy')).toBe(WEB_CSP);
      expect(WEB_CSP).not.toContain('cloudflare');
    } finally {
      await app.close();
    }
  });
});

describe('web UI not built or turned off', () => {
  it('keeps the API running and says at / that the UI is not built', async () => {
    const app = await buildTestApp({
      env: { WEB_UI: 'true', WEB_DIR: path.join(root, 'missing'), PASSWORDS: '["site"]' },
    });
    try {
      const res = await app.request('GET', '/');
      expect(res.status).toBe(200);
      expect(await res.text()).toMatch(/web UI is not built/);
      // Other paths are no pages without a build: the site password applies as before.
      expect((await app.request('GET', '/account')).status).toBe(401);
      const created = await app.request('POST', '/api/new_address', {
        headers: { 'x-custom-auth': 'site' },
        body: { name: 'webless', domain: 'example.com' },
      });
      expect(created.status).toBe(200);
      const health = await app.request('GET', '/health_check', {
        headers: { 'x-custom-auth': 'site' },
      });
      expect(await health.text()).toBe('OK');
    } finally {
      await app.close();
    }
  });

  it('answers / with the health check when WEB_UI=false', async () => {
    const app = await buildTestApp({ env: { WEB_UI: 'false', WEB_DIR: webDir } });
    try {
      expect(await (await app.request('GET', '/')).text()).toBe('OK');
      expect((await app.request('GET', '/account')).status).toBe(404);
    } finally {
      await app.close();
    }
  });
});
