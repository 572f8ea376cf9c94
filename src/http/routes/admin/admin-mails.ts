/**
 * @module Admin mail routes (reference §1.6 rows 4, 8–11) and the HTTP ingest endpoint (new):
 * any MTA, or a Cloudflare email worker, hands a raw message with its envelope to the same
 * intake pipeline SMTP uses.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { MailIntake } from '../../../domain/mail/mail-intake.js';
import type { Mailbox } from '../../../domain/mail/mailbox-service.js';
import { DomainError } from '../../../domain/errors.js';
import type { AppEnv } from '../../app-env.js';
import { readJsonBody } from '../../read-json-body.js';
import { messageResponse } from '../../respond-error.js';
import { parseId, parsePage, parseWithRaw } from '../../request-schemas.js';

const ingestJson = z.object({
  from: z.string().max(998),
  to: z.union([z.string().max(998), z.array(z.string().max(998)).min(1).max(1000)]),
  raw: z.string().min(1),
});

/**
 * @param maxMessageBytes the SMTP size limit, which HTTP ingest honours too (the global body
 * limit is for ordinary API requests and does not apply to this route)
 */
export function adminMailRoutes(mailbox: Mailbox, intake: MailIntake, maxMessageBytes: number) {
  const app = new Hono<AppEnv>();

  const pageOf = (c: Context<AppEnv>) => {
    const query = (n: string) => c.req.query(n);
    return { ...parsePage(query), withRaw: parseWithRaw(query) };
  };
  app.get('/mails', async (c) =>
    c.json(await mailbox.adminList({ ...pageOf(c), address: c.req.query('address') || undefined })),
  );
  app.get('/mails_unknow', async (c) => c.json(await mailbox.adminListUnknown(pageOf(c))));
  app.get('/mails/:id', async (c) => c.json(await mailbox.adminGet(parseId(c.req.param('id')))));
  app.delete('/mails/:id', async (c) =>
    c.json({ success: await mailbox.adminRemove(parseId(c.req.param('id'))) }),
  );
  app.delete('/clear_inbox/:id', async (c) => {
    await mailbox.adminClear(parseId(c.req.param('id')));
    return c.json({ success: true });
  });

  // Body: JSON {from, to, raw}, or the raw message itself (message/rfc822) with ?from=&to=.
  app.post(
    '/inbound_mails',
    // A JSON body carries the message as an escaped string: allow for the escaping.
    bodyLimit({
      maxSize: maxMessageBytes * 2 + 65_536,
      onError: (c) => messageResponse(c, 413, 'payload_too_large', 'PayloadTooLargeMsg'),
    }),
    async (c) => {
      let from: string;
      let to: string[];
      let raw: Uint8Array;
      if ((c.req.header('content-type') ?? '').startsWith('application/json')) {
        const body = await readJsonBody(c, ingestJson);
        from = body.from;
        to = Array.isArray(body.to) ? body.to : [body.to];
        raw = new TextEncoder().encode(body.raw);
      } else {
        from = c.req.query('from') ?? '';
        to = c.req.queries('to') ?? [];
        raw = new Uint8Array(await c.req.arrayBuffer());
        if (to.length === 0 || raw.byteLength === 0) {
          throw new DomainError('invalid_input', {
            detail: 'give ?to= (one or more) and the raw message as the body',
          });
        }
      }
      if (raw.byteLength > maxMessageBytes) {
        return messageResponse(c, 413, 'payload_too_large', 'PayloadTooLargeMsg');
      }
      await intake.checkSender(from);
      const recipients = [...new Set(await Promise.all(to.map((r) => intake.checkRecipient(r))))];
      const ids = await intake.ingest({ from, to: recipients, raw });
      return c.json({ success: true, ids });
    },
  );

  return app;
}
