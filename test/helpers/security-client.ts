/**
 * Requests and checks of the security sweep. A request's reply is read whole, except a stream
 * (Server-Sent Events), which is read for a moment and then cancelled. The checks return what is
 * wrong as text rather than throwing, so one run reports every problem of every route at once.
 */
import type { TestApp } from './build-test-app.js';
import { decodedTokensIn } from './security-tokens.js';

export interface Reply {
  status: number;
  /** Body (binary bodies as latin1) and header values, for the leak checks. */
  text: string;
}

// Long enough for a stream to send what it already has; the sweep opens a few streams only.
const STREAM_READ_MS = 150;

async function readStream(res: Response): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return '';
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + STREAM_READ_MS;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    const chunk = await Promise.race([
      reader.read(),
      new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), left)),
    ]);
    if (chunk === 'timeout' || chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
  }
  await reader.cancel();
  return text;
}

export async function call(
  app: TestApp,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Reply> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined && method !== 'GET' && method !== 'HEAD') {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  const res = await app.http.request(path, init);
  const type = res.headers.get('content-type') ?? '';
  const body_ = type.startsWith('text/event-stream')
    ? await readStream(res)
    : Buffer.from(await res.arrayBuffer()).toString('latin1');
  const headerText = [...res.headers.entries()].map(([k, v]) => `${k}: ${v}`).join('\n');
  return { status: res.status, text: `${headerText}\n\n${body_}` };
}

/** What no reply to anyone but A may contain. */
export interface Secrets {
  /** Random text in each piece of A's data. */
  marker: string;
  /** Exact strings: A's tokens, passkey id, address password, password hashes. */
  exact: string[];
}

/** The pieces of A's data the reply shows (JWT payloads in it decoded first). */
export function leaks(reply: Reply, secrets: Secrets): string[] {
  const text = `${reply.text}\n${decodedTokensIn(reply.text)}`;
  const found = secrets.exact.filter((s) => text.includes(s)).map((s) => `"${s.slice(0, 24)}…"`);
  if (text.includes(secrets.marker)) found.push(`A's data (marker ${secrets.marker})`);
  return found;
}

const STACK = [/\n\s+at .+[(:]\d+:\d+\)?/, /node_modules/, /\.[cm]?[jt]s:\d+/, /file:\/\//];
const ERROR_NAMES = /\b(TypeError|ReferenceError|SyntaxError|RangeError|Kysely|DatabaseError)\b/;
const SQL = [
  /\bselect\b[\s\S]*\bfrom\b/i,
  /\binsert\s+into\b/i,
  /\bupdate\s+\S+\s+set\b/i,
  /\bdelete\s+from\b/i,
  /SQLITE_[A-Z]+/,
  /syntax error at or near/i,
  /\brelation "[^"]+" does not exist/i,
  /\bno such (table|column)\b/i,
  /\bviolates .* constraint\b/i,
];

/** A 500, a stack trace anywhere, and an error body showing SQL or an internal error name. */
export function internals(reply: Reply): string[] {
  const found: string[] = [];
  if (reply.status >= 500) found.push(`status ${reply.status}`);
  if (STACK.some((re) => re.test(reply.text))) found.push('stack trace');
  if (reply.status >= 400) {
    const body = reply.text.slice(reply.text.indexOf('\n\n') + 2);
    if (SQL.some((re) => re.test(body))) found.push(`SQL in error: ${body.slice(0, 120)}`);
    if (ERROR_NAMES.test(body)) found.push(`internal error name: ${body.slice(0, 120)}`);
  }
  return found;
}

/** The reply's body without the header lines. */
export function bodyOf(reply: Reply): string {
  return reply.text.slice(reply.text.indexOf('\n\n') + 2);
}
