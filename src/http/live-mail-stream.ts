/**
 * @module The Server-Sent Events stream of new mail, shared by `GET /api/mails/events` (one
 * address) and `GET /user_api/mails/events` (a user's bound addresses): one `mail` event per
 * mail (id = mail id, so a reconnecting client resumes with Last-Event-ID; data = the mail's
 * summary), keep-alive comments, and the wait ended as soon as the client goes away.
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { DomainError } from '../domain/errors.js';
import type { AppEnv } from './app-env.js';

// Below the idle timeouts of common proxies (60 s and more), so they keep the stream open.
const SSE_KEEPALIVE_MS = 25_000;

/** How long one round waits before it starts again (its subscription is then renewed). */
export const LIVE_ROUND_MS = 60_000;
/** Mails one round reads at most: a client far behind catches up over several rounds. */
export const LIVE_BATCH = 100;

/** One round: the mails newer than `afterId`, oldest first, or [] when its time is up. */
export type NextMails = (
  afterId: number,
  signal: AbortSignal,
) => Promise<readonly { id: number }[]>;

/**
 * Whether the credential that opened the stream still holds (not expired, its address or user
 * still the same). Checked before each batch is written: a stream can stay open for days, and
 * an address deleted meanwhile may be created again by someone else under the same name.
 */
export type StillValid = () => Promise<boolean>;

/**
 * Streams what `next` finds until the client goes away or `stillValid` says no. A DomainError
 * from a round (the user was deleted) ends the stream quietly too; the client's reconnect then
 * gets the refusal itself.
 */
export function liveMailStream(
  c: Context<AppEnv>,
  afterId: number,
  next: NextMails,
  stillValid: StillValid,
): Response {
  let lastId = afterId;
  return streamSSE(c, async (stream) => {
    const abort = new AbortController();
    stream.onAbort(() => abort.abort());
    const keepalive = setInterval(() => void stream.write(': keepalive\n\n'), SSE_KEEPALIVE_MS);
    try {
      while (!abort.signal.aborted) {
        const rows = await next(lastId, abort.signal);
        if (!(await stillValid())) return;
        for (const row of rows) {
          await stream.writeSSE({ event: 'mail', id: String(row.id), data: JSON.stringify(row) });
          lastId = row.id;
        }
      }
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    } finally {
      clearInterval(keepalive);
    }
  });
}
