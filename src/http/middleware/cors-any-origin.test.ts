import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../app-env.js';
import { corsAnyOrigin } from './cors-any-origin.js';

const ORIGIN = { origin: 'https://elsewhere.example' };

/** An app behind `middleware` whose routes answer in each of the ways routes here do. */
function appWith(middleware: ReturnType<typeof corsAnyOrigin>) {
  let built: Response | undefined;
  const app = new Hono<AppEnv>()
    .use('*', middleware)
    .post('/json', (c) => (built = c.json({ ok: true })))
    .get('/raw', () => new Response('file', { headers: { 'content-type': 'text/plain' } }))
    .get('/own', (c) => c.json({}, 200, { 'Access-Control-Allow-Origin': 'https://a.example' }))
    .get('/throws', () => {
      throw new Error('boom');
    })
    .get('/http-exception', () => {
      throw new HTTPException(418, { message: 'teapot' });
    });
  app.onError((error, c) =>
    error instanceof HTTPException ? error.getResponse() : c.text('failed', 500),
  );
  return { app, built: () => built };
}

describe('corsAnyOrigin', () => {
  it('answers a preflight exactly as hono cors() does', async () => {
    const ours = appWith(corsAnyOrigin()).app;
    const theirs = appWith(cors()).app;
    for (const requestHeaders of ['x-admin-auth, content-type', undefined]) {
      const init = {
        method: 'OPTIONS',
        headers: {
          ...ORIGIN,
          'access-control-request-method': 'POST',
          ...(requestHeaders ? { 'access-control-request-headers': requestHeaders } : {}),
        },
      };
      const [a, b] = [await ours.request('/json', init), await theirs.request('/json', init)];
      expect(a.status).toBe(204);
      expect(a.status).toBe(b.status);
      expect([...a.headers]).toEqual([...b.headers]);
      expect(await a.text()).toBe(await b.text());
    }
  });

  it('puts Access-Control-Allow-Origin: * on every kind of response', async () => {
    const { app } = appWith(corsAnyOrigin());
    const responses = [
      await app.request('/json', { method: 'POST', headers: ORIGIN }),
      await app.request('/raw', { headers: ORIGIN }),
      // '*' wins over a handler's own value, as with cors().
      await app.request('/own', { headers: ORIGIN }),
      await app.request('/throws', { headers: ORIGIN }),
      await app.request('/http-exception', { headers: ORIGIN }),
      await app.request('/nope', { headers: ORIGIN }),
      await app.request('/raw', { method: 'HEAD', headers: ORIGIN }),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 500, 418, 404, 200]);
    for (const res of responses) expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await responses[1]?.text()).toBe('file');
    expect(responses[1]?.headers.get('content-type')).toBe('text/plain');
  });

  it("passes the handler's response on as built, not rebuilt around a stream", async () => {
    const { app, built } = appWith(corsAnyOrigin());
    const res = await app.request('/json', { method: 'POST' });
    expect(res).toBe(built());
    expect(await res.json()).toEqual({ ok: true });
    // hono's cors() rebuilds it (the cost this middleware removes).
    const before = appWith(cors());
    expect(await before.app.request('/json', { method: 'POST' })).not.toBe(before.built());
  });
});
