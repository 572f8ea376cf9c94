/**
 * @module `/api` mailbox routes of one address (its credential in the Authorization header):
 * the reference's list/read/delete routes, plus raw and attachment downloads and two ways to
 * wait for new mail (long-poll and Server-Sent Events).
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { AddressService } from '../../domain/address/address-service.js';
import type { MailNotifier } from '../../domain/mail/mail-notifier.js';
import type { Mailbox, MailRow } from '../../domain/mail/mailbox-service.js';
import { waitForMail } from '../../domain/mail/wait-for-mail.js';
import { DomainError } from '../../domain/errors.js';
import { contentDisposition } from '../../mail/sanitize-filename.js';
import { isBeforeExpiry } from '../../auth/token-lifetime.js';
import type { Clock } from '../../shared/clock.js';
import type { AppEnv } from '../app-env.js';
import type { AddressLookup } from '../middleware/require-address-token.js';
import { LIVE_BATCH, LIVE_ROUND_MS, liveMailStream } from '../live-mail-stream.js';
import { parseId, parsePage, parseWithRaw } from '../request-schemas.js';
import { messageResponse } from '../respond-error.js';

export interface MailRoutesDeps {
  mailbox: Mailbox;
  addresses: AddressService;
  notifier: MailNotifier;
  longPollMaxSeconds: number;
  /** How often a wait also reads the database: another node may store the mail. */
  livePollMs: number;
  /** Most waits (long-poll and SSE) open at once on this node. */
  liveConnectionsMax: number;
  allowOwnerDelete: boolean;
  /** The address row by id: a stream ends when its address is gone (or renamed by reuse). */
  findAddress: AddressLookup;
  clock: Clock;
}

/**
 * Whether the address credential of a request that has been waiting still holds: not expired,
 * and its address row still there under the same name (not deleted, nor reused by a new row).
 */
async function credentialStillValid(c: Context<AppEnv>, deps: MailRoutesDeps): Promise<boolean> {
  const { id, name, expiresAt } = c.get('address');
  return isBeforeExpiry(expiresAt, deps.clock) && (await deps.findAddress(id))?.name === name;
}

// Raster images only: an inline SVG could carry script.
const INLINE_IMAGE_TYPES = /^image\/(png|jpe?g|gif|webp|bmp|avif)$/i;

/** Headers that keep downloaded mail content from ever running in our origin. */
function downloadHeaders(type: string, disposition: string): Record<string, string> {
  return {
    'content-type': type,
    'content-disposition': disposition,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
    'cache-control': 'private, no-store',
  };
}

/**
 * An attachment as a download. Only a raster image, and only when asked, is served as itself
 * inline; everything else (HTML and SVG included) is opaque bytes to save.
 */
function attachmentResponse(
  c: Context<AppEnv>,
  attachment: { filename: string; mimeType: string; content: Uint8Array },
  wantInline: boolean,
): Response {
  const inline = wantInline && INLINE_IMAGE_TYPES.test(attachment.mimeType);
  const disposition = contentDisposition(attachment.filename, inline ? 'inline' : 'attachment');
  const type = inline ? attachment.mimeType.toLowerCase() : 'application/octet-stream';
  return c.body(
    attachment.content as Uint8Array<ArrayBuffer>,
    200,
    downloadHeaders(type, disposition),
  );
}

/**
 * The last mail id the client has seen. Last-Event-ID wins over `?after_id=`: a reconnecting
 * EventSource repeats its original URL and sends the newer position in the header.
 */
export function afterIdOf(c: Context<AppEnv>): number {
  const raw = c.req.header('last-event-id') ?? c.req.query('after_id') ?? '0';
  if (!/^\d{1,15}$/.test(raw))
    throw new DomainError('invalid_input', { detail: 'after_id must be a non-negative integer' });
  return Number(raw);
}

/** Refuses a new wait when this node already holds the maximum (each wait is one subscription). */
export function assertLiveCapacity(
  deps: Pick<MailRoutesDeps, 'notifier' | 'liveConnectionsMax'>,
): void {
  if (deps.notifier.size() >= deps.liveConnectionsMax)
    throw new DomainError('too_many_live_connections');
}

/** What a live update carries: the summary, not the whole raw message. */
function summary({ raw: _raw, ...row }: MailRow) {
  return row;
}

export function mailRoutes(deps: MailRoutesDeps) {
  const { mailbox } = deps;
  const app = new Hono<AppEnv>();
  const address = (c: Context<AppEnv>) => c.get('address');

  app.get('/mails', async (c) => {
    const query = (n: string) => c.req.query(n);
    const page = { ...parsePage(query), withRaw: parseWithRaw(query) };
    if (page.offset === 0) await deps.addresses.touch(address(c).id);
    return c.json(await mailbox.list(address(c).name, page));
  });
  app.get('/parsed_mails', async (c) => {
    const page = parsePage((n) => c.req.query(n));
    if (page.offset === 0) await deps.addresses.touch(address(c).id);
    return c.json(await mailbox.listParsed(address(c).name, page));
  });
  app.get('/mail/:mail_id', async (c) =>
    c.json(await mailbox.get(address(c).name, parseId(c.req.param('mail_id')))),
  );
  app.get('/parsed_mail/:mail_id', async (c) =>
    c.json(await mailbox.getParsed(address(c).name, parseId(c.req.param('mail_id')))),
  );
  app.delete('/mails/:id', async (c) =>
    c.json({ success: await mailbox.remove(address(c).name, parseId(c.req.param('id'))) }),
  );
  app.delete('/clear_inbox', async (c) => {
    await mailbox.clear(address(c).name);
    return c.json({ success: true });
  });
  app.delete('/delete_address', async (c) => {
    if (!deps.allowOwnerDelete) throw new DomainError('user_delete_disabled');
    await deps.addresses.remove(address(c).id);
    return c.json({ success: true });
  });

  app.route('/', mailDownloadRoutes(mailbox));

  // New: long-poll. Answers as soon as a mail newer than after_id arrives, or [] at the timeout.
  app.get('/mails/wait', async (c) => {
    const afterId = afterIdOf(c);
    assertLiveCapacity(deps);
    const requested = Number(c.req.query('timeout') ?? deps.longPollMaxSeconds);
    const timeoutS = Number.isFinite(requested)
      ? Math.min(Math.max(requested, 0), deps.longPollMaxSeconds)
      : deps.longPollMaxSeconds;
    const { name } = address(c);
    const results = await waitForMail({
      notifier: deps.notifier,
      address: name,
      fetchNewer: () => mailbox.newer(name, afterId, 100),
      timeoutMs: timeoutS * 1000,
      pollMs: deps.livePollMs,
      signal: c.req.raw.signal,
    });
    // The wait may have outlived its credential (up to LONG_POLL_MAX_SECONDS), as streams can.
    if (results.length > 0 && !(await credentialStillValid(c, deps))) {
      return messageResponse(c, 401, 'invalid_address_credential', 'InvalidAddressCredentialMsg');
    }
    return c.json({ results });
  });

  return app;
}

/** New: downloads of one mail of the address (raw message, attachments, inline parts). */
function mailDownloadRoutes(mailbox: Mailbox) {
  const app = new Hono<AppEnv>();
  const address = (c: Context<AppEnv>) => c.get('address');

  // New: the exact stored message, for mail clients and archiving.
  app.get('/mails/:id/raw', async (c) => {
    const id = parseId(c.req.param('id'));
    const bytes = await mailbox.raw(address(c).name, id);
    return c.body(
      bytes as Uint8Array<ArrayBuffer>,
      200,
      downloadHeaders('message/rfc822', contentDisposition(`mail-${id}.eml`)),
    );
  });

  // New: one attachment by its position in parsed_mail's `attachments`; `?inline=1` shows a
  // raster image in place.
  app.get('/mails/:id/attachments/:index', async (c) => {
    const index = c.req.param('index');
    if (!/^\d{1,6}$/.test(index))
      throw new DomainError('invalid_input', { detail: 'index must be a non-negative integer' });
    const id = parseId(c.req.param('id'));
    const attachment = await mailbox.attachment(address(c).name, id, Number(index));
    return attachmentResponse(c, attachment, c.req.query('inline') === '1');
  });

  // New: the part a `cid:` reference of the HTML names (inline images), by its Content-ID.
  // Raster images are shown in place; anything else downloads like an attachment.
  app.get('/mails/:id/cid/:contentId', async (c) => {
    const contentId = c.req.param('contentId');
    if (contentId.length === 0 || contentId.length > 998)
      throw new DomainError('invalid_input', { detail: 'bad content id' });
    const id = parseId(c.req.param('id'));
    const part = await mailbox.attachmentByContentId(address(c).name, id, contentId);
    return attachmentResponse(c, part, true);
  });
  return app;
}

/**
 * New: Server-Sent Events, one `mail` event per new mail (id = mail id, so a reconnecting
 * EventSource resumes with Last-Event-ID). Authenticated by the Authorization header or, for
 * a browser EventSource, `?token=`.
 */
export function mailEventRoutes(deps: MailRoutesDeps, auth: MiddlewareHandler<AppEnv>) {
  const { mailbox } = deps;
  const app = new Hono<AppEnv>();
  app.get('/mails/events', auth, (c) => {
    const afterId = afterIdOf(c);
    const { name } = c.get('address');
    assertLiveCapacity(deps);
    const stillValid = () => credentialStillValid(c, deps);
    return liveMailStream(
      c,
      afterId,
      async (lastId, signal) => {
        const rows = await waitForMail({
          notifier: deps.notifier,
          address: name,
          fetchNewer: () => mailbox.newer(name, lastId, LIVE_BATCH),
          timeoutMs: LIVE_ROUND_MS,
          pollMs: deps.livePollMs,
          signal,
        });
        return rows.map(summary);
      },
      stillValid,
    );
  });
  return app;
}
