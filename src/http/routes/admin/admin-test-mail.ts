/**
 * @module The reference's end-to-end test routes (§1.6 rows 54–55), only with E2E_TEST_MODE:
 * `/admin/test/seed_mail` stores a message for one address as given, and
 * `/admin/test/receive_mail` runs the same intake pipeline as SMTP (decisions.md 10), reporting
 * a rejection in the body as the reference's mock message does. Without the flag both answer
 * 404 "Not available".
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { DomainError } from '../../../domain/errors.js';
import type { MailIntake } from '../../../domain/mail/mail-intake.js';
import type { AppEnv } from '../../app-env.js';
import { renderDomainError } from '../../error-table.js';
import { readJsonBody } from '../../read-json-body.js';
import { errorResponse } from '../../respond-error.js';

// The reference's limits on seeded mail.
const MAX_RAW_CHARS = 1_000_000;
const MAX_MESSAGE_ID_CHARS = 255;

const seedBody = z.object({
  address: z.string().nullish(),
  raw: z.string().nullish(),
  source: z.string().max(998).nullish(),
  message_id: z.string().nullish(),
});
const receiveBody = z.object({
  from: z.string().max(998).nullish(),
  to: z.string().max(998).nullish(),
  raw: z.string().nullish(),
  // The reference feeds this to its mocked AI binding; our extraction is deterministic, so it
  // is accepted and not used.
  ai_extract_result: z.unknown().optional(),
});

const TEST_PATHS = ['/test/seed_mail', '/test/receive_mail'];

export function adminTestMailRoutes(intake: MailIntake, enabled: boolean) {
  const app = new Hono<AppEnv>();
  if (!enabled) {
    for (const path of TEST_PATHS)
      app.post(path, (c) => errorResponse(c, 404, 'not_available', 'Not available'));
    return app;
  }

  app.post('/test/seed_mail', async (c) => {
    const body = await readJsonBody(c, seedBody);
    if (!body.address || !body.raw)
      return errorResponse(c, 400, 'invalid_input', 'address and raw are required');
    if (body.raw.length > MAX_RAW_CHARS)
      return errorResponse(c, 400, 'invalid_input', 'raw content too large');
    if (body.message_id && body.message_id.length > MAX_MESSAGE_ID_CHARS)
      return errorResponse(c, 400, 'invalid_input', 'message_id too long');
    await intake.seed({
      address: body.address,
      from: body.source || body.address,
      raw: new TextEncoder().encode(body.raw),
      // As the reference: the given id, else a generated one (not the raw's Message-ID).
      messageId: body.message_id || `<e2e-${Date.now()}@test>`,
    });
    return c.json({ success: true });
  });

  app.post('/test/receive_mail', async (c) => {
    const body = await readJsonBody(c, receiveBody);
    if (!body.from || !body.to || !body.raw)
      return errorResponse(c, 400, 'invalid_input', 'from, to and raw are required');
    // Nothing is forwarded or auto-replied here, so both stay empty.
    const outcome = { replyCalled: false, forwardedTo: [] as string[] };
    try {
      await intake.checkSender(body.from);
      const recipient = await intake.checkRecipient(body.to);
      await intake.ingest({
        from: body.from,
        to: [recipient],
        raw: new TextEncoder().encode(body.raw),
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // The reference's mock records setReject(reason); its reasons are English.
      return c.json({ success: false, ...outcome, rejected: renderDomainError(error, 'en').text });
    }
    return c.json({ success: true, ...outcome });
  });

  return app;
}
