/**
 * @module The built web UI (web/ → dist/web): its files with the right types, caching and
 * compression, the single-page fallback to index.html for deep links, and the page's security
 * headers. API paths always win: a request under an API prefix never gets a UI file.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { Context, MiddlewareHandler } from 'hono';
import type { Logger } from '../../shared/logger.js';
import type { AppEnv } from '../app-env.js';

/**
 * The API's prefixes (reference §0.2, plus the health check). `/admin` itself is the admin
 * console's page; only `/admin/...` is API. A new API route outside these prefixes must be
 * added here, or the UI's fallback would answer it first on a GET.
 */
const API_PREFIXES = ['/api', '/open_api', '/user_api', '/external', '/telegram', '/health_check'];

/**
 * Pages the UI must answer although an API route would also match them: `/` (the health
 * check's other path) and `/admin` (the admin API's middleware matches its bare prefix).
 */
export const WEB_PAGES_BEFORE_API = ['/', '/admin'] as const;

/**
 * Cloudflare Turnstile's script and challenge frame come from this origin (its documented CSP
 * requirement); the page admits it only when the site enforces the check.
 */
export const TURNSTILE_ORIGIN = 'https://challenges.cloudflare.com';

/**
 * One policy for the whole app: no inline script and no remote script but Turnstile's when it
 * is on; inline styles for the mail frame's own markup; images from anywhere (remote mail
 * images load only when the reader asks, through the sanitised document's own stricter
 * policy); no framing of the app.
 */
export function webCsp(options: { turnstile: boolean }): string {
  const remote = options.turnstile ? ` ${TURNSTILE_ORIGIN}` : '';
  return [
    "default-src 'self'",
    `script-src 'self'${remote}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https: http:",
    "connect-src 'self'",
    `frame-src 'self' blob: about:${remote}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The policy of a site without Turnstile. */
export const WEB_CSP = webCsp({ turnstile: false });

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};
const COMPRESSIBLE = /^(text\/|application\/(json|manifest\+json|wasm)|image\/svg\+xml)/;
// Below this a compressed copy saves less than its headers cost.
const MIN_COMPRESS_BYTES = 1024;
// The UI is a few hundred KB; a file this large is a build mistake and is left out, so a
// stray artefact cannot make start-up read gigabytes into memory.
const MAX_FILE_BYTES = 16 * 1024 * 1024;
// Vite names every file under assets/ by its content hash, so a URL there never changes meaning.
const IMMUTABLE_DIR = '/assets/';

const NOT_BUILT_TEXT =
  'tmpmail is running; its API works. The web UI is not built: run `npm run build:web` ' +
  '(or set WEB_DIR to a built copy, or WEB_UI=false to silence this).\n';

interface Encoded {
  body: Uint8Array;
  etag: string;
}

interface StaticFile {
  type: string;
  cacheControl: string;
  identity: Encoded;
  br?: Encoded;
  gzip?: Encoded;
}

export interface WebAppOptions {
  /** Directory of the built UI (dist/web). */
  dir: string;
  logger: Logger;
  /** The pages' Content-Security-Policy (webCsp). */
  csp: string;
}

export interface WebApp {
  /** True when a built UI was found; otherwise `/` explains how to build it. */
  readonly built: boolean;
  /**
   * A GET or HEAD outside the API: the UI answers it, so the site password does not apply
   * (the page has to load to ask for it).
   */
  isPageRequest(c: Context<AppEnv>): boolean;
  /** Serves the file, or index.html for a path without a dot; otherwise passes on (404). */
  serve: MiddlewareHandler<AppEnv>;
}

export function isApiPath(pathname: string): boolean {
  return (
    pathname.startsWith('/admin/') ||
    API_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`))
  );
}

/** dist/web of the package this module belongs to (found from src/ or dist/src/ alike). */
export function defaultWebDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve('dist/web');
    dir = parent;
  }
  return path.join(dir, 'dist', 'web');
}

function etagOf(body: Uint8Array, suffix: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}${suffix}"`;
}

function loadFile(absolute: string, urlPath: string): StaticFile {
  const body = readFileSync(absolute);
  const type = CONTENT_TYPES[path.extname(urlPath).toLowerCase()] ?? 'application/octet-stream';
  const file: StaticFile = {
    type,
    cacheControl: urlPath.startsWith(IMMUTABLE_DIR)
      ? 'public, max-age=31536000, immutable'
      : 'no-cache',
    identity: { body, etag: etagOf(body, '') },
  };
  if (COMPRESSIBLE.test(type) && body.length >= MIN_COMPRESS_BYTES) {
    // Built once at start-up, at the highest levels: the files never change while we run.
    const br = brotliCompressSync(body, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length },
    });
    const gzip = gzipSync(body, { level: 9 });
    if (br.length < body.length) file.br = { body: br, etag: etagOf(body, '-br') };
    if (gzip.length < body.length) file.gzip = { body: gzip, etag: etagOf(body, '-gz') };
  }
  return file;
}

/**
 * Every regular file under `root`, keyed by its URL path. Dot-files and symbolic links are
 * skipped, and requests are looked up in this map only, so no request path is ever joined
 * to the file system: `..`, encoded slashes and links cannot reach outside the build.
 */
function scan(root: string, logger: Logger): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const add = (absolute: string, urlPath: string) => {
    try {
      if (statSync(absolute).size > MAX_FILE_BYTES)
        logger.warn({ file: absolute }, 'web UI file too large to serve; skipped');
      else files.set(urlPath, loadFile(absolute, urlPath));
    } catch (error) {
      // A rebuild running at the same moment removes files under our feet: skip, do not crash.
      logger.warn({ file: absolute, err: error }, 'web UI file unreadable; skipped');
    }
  };
  const walk = (dir: string, urlDir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      logger.warn({ dir, err: error }, 'web UI directory unreadable; skipped');
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const absolute = path.join(dir, entry.name);
      const urlPath = `${urlDir}${entry.name}`;
      if (entry.isDirectory()) walk(absolute, `${urlPath}/`);
      else if (entry.isFile()) add(absolute, urlPath);
    }
  };
  walk(root, '/');
  return files;
}

/** q-values of Accept-Encoding; `br;q=0` refuses brotli. */
function accepts(header: string | undefined, coding: string): boolean {
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (name !== coding && name !== '*') continue;
    const q = params.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  }
  return false;
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === etag || tag === '*');
}

function respond(c: Context<AppEnv>, file: StaticFile, csp: string): Response {
  const wanted = c.req.header('accept-encoding');
  const [encoding, chosen] =
    file.br && accepts(wanted, 'br')
      ? (['br', file.br] as const)
      : file.gzip && accepts(wanted, 'gzip')
        ? (['gzip', file.gzip] as const)
        : ([undefined, file.identity] as const);
  const headers: Record<string, string> = {
    'content-type': file.type,
    'cache-control': file.cacheControl,
    etag: chosen.etag,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
  if (file.br || file.gzip) headers['vary'] = 'Accept-Encoding';
  if (file.type.startsWith('text/html')) headers['content-security-policy'] = csp;
  if (matchesEtag(c.req.header('if-none-match'), chosen.etag)) return c.body(null, 304, headers);
  if (encoding) headers['content-encoding'] = encoding;
  headers['content-length'] = String(chosen.body.length);
  return c.body(chosen.body as Uint8Array<ArrayBuffer>, 200, headers);
}

export function createWebApp(options: WebAppOptions): WebApp {
  const dir = path.resolve(options.dir);
  const built = existsSync(path.join(dir, 'index.html'));
  const files = built ? scan(dir, options.logger) : new Map<string, StaticFile>();
  const index = files.get('/index.html');
  if (!built) options.logger.warn({ dir }, 'web UI not built; serving the API only');

  // Without a build only `/` (the notice) is a page; every other path stays behind the site password.
  const isPageRequest = (c: Context<AppEnv>) =>
    (c.req.method === 'GET' || c.req.method === 'HEAD') &&
    (index ? !isApiPath(c.req.path) : c.req.path === '/');

  const serve: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (!isPageRequest(c)) return next();
    const pathname = c.req.path;
    if (!index) {
      if (pathname === '/') return c.text(NOT_BUILT_TEXT);
      return next();
    }
    const file = files.get(pathname);
    if (file) return respond(c, file, options.csp);
    // Deep links (/mail/12, /account) load the app; a missing file with an extension is a
    // real 404, so a stale hashed asset never receives HTML.
    if (!path.posix.basename(pathname).includes('.')) return respond(c, index, options.csp);
    return next();
  };

  return { built: index !== undefined, isPageRequest, serve };
}
