import { Writable } from 'node:stream';
import { Hono } from 'hono';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../app-env.js';
import { languageAndRequestLog } from './language-and-request-log.js';

/** An app behind the middleware, logging at `level` into the returned lines. */
function appAt(level: string) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino({ level }, sink);
  const app = new Hono<AppEnv>()
    .use('*', languageAndRequestLog('zh', logger))
    .post('/x', (c) => c.text(c.get('lang'), 201));
  return { app, logger, lines };
}

describe('languageAndRequestLog', () => {
  it('logs each request at debug, with its status and duration', async () => {
    const { app, lines } = appAt('debug');
    const res = await app.request('/x', { method: 'POST', headers: { 'x-lang': 'en' } });
    expect(await res.text()).toBe('en');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'request', method: 'POST', path: '/x', status: 201 });
    expect(typeof lines[0]?.['ms']).toBe('number');
  });

  it('picks the language but logs nothing above debug, and follows a level change', async () => {
    const { app, logger, lines } = appAt('info');
    expect(await (await app.request('/x', { method: 'POST' })).text()).toBe('zh');
    expect(lines).toHaveLength(0);
    logger.level = 'debug';
    await app.request('/x', { method: 'POST' });
    expect(lines).toHaveLength(1);
  });
});
