/**
 * @module New: one mail as a safe HTML document for the web UI, which shows it as the `srcdoc`
 * of an iframe sandboxed without scripts or same-origin (docs/architecture.md § "Showing mail
 * HTML"). JSON `{html, remoteImages, truncated}`; `?remote_images=1` lets the document load
 * remote images. `/api` (address credential) and `/admin` serve it here; `mailHtmlOptions` and
 * `sendMailHtml` let any other area (e.g. `/user_api`) serve it the same way.
 */
import { Hono, type Context } from 'hono';
import { DomainError } from '../../domain/errors.js';
import type { Mailbox } from '../../domain/mail/mailbox-service.js';
import { renderMailHtml } from '../../mail/render-mail-html.js';
import type { MailHtmlLimits, MailHtmlOptions } from '../../mail/sanitize-mail-html.js';
import type { AppEnv } from '../app-env.js';
import { parseId } from '../request-schemas.js';

// The document holds mail content: no shared cache may keep it, and the JSON must never be
// sniffed into something a browser would render.
const RESPONSE_HEADERS = {
  'cache-control': 'private, no-store',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; sandbox",
};

/** The limits plus `?remote_images=` (1/true or 0/false/absent; anything else is a 400). */
export function mailHtmlOptions(c: Context<AppEnv>, limits: MailHtmlLimits): MailHtmlOptions {
  const flag = c.req.query('remote_images') ?? '0';
  if (!['0', '1', 'true', 'false', ''].includes(flag)) {
    throw new DomainError('invalid_input', { detail: 'remote_images must be 1 or 0' });
  }
  return { ...limits, allowRemoteImages: flag === '1' || flag === 'true' };
}

/** Renders `raw` and answers with the JSON document and its headers. */
export async function sendMailHtml(
  c: Context<AppEnv>,
  raw: Uint8Array,
  options: MailHtmlOptions,
): Promise<Response> {
  const { html, remoteImages, truncated } = await renderMailHtml(raw, options);
  return c.json({ html, remoteImages, truncated }, 200, RESPONSE_HEADERS);
}

/** `GET /mails/:id/html` of the address in the credential (a mail of another address is 404). */
export function mailHtmlRoutes(mailbox: Mailbox, limits: MailHtmlLimits) {
  return new Hono<AppEnv>().get('/mails/:id/html', async (c) => {
    const options = mailHtmlOptions(c, limits);
    const raw = await mailbox.raw(c.get('address').name, parseId(c.req.param('id')));
    return sendMailHtml(c, raw, options);
  });
}

/** `GET /mails/:id/html` of any mail, for the admin. */
export function adminMailHtmlRoutes(mailbox: Mailbox, limits: MailHtmlLimits) {
  return new Hono<AppEnv>().get('/mails/:id/html', async (c) => {
    const options = mailHtmlOptions(c, limits);
    const id = parseId(c.req.param('id'));
    const row = await mailbox.adminGet(id);
    if (!row) throw new DomainError('mail_not_found');
    // Through its address the exact stored bytes come back (row.raw is decoded text, which
    // loses non-UTF-8 bodies); a mail without a recipient address has only the text.
    const raw = row.address
      ? await mailbox.raw(row.address, id)
      : new TextEncoder().encode(row.raw);
    return sendMailHtml(c, raw, options);
  });
}
