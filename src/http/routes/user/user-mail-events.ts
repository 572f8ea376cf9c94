/**
 * @module New: `GET /user_api/mails/events`, the Server-Sent Events stream of new mail across
 * every address bound to the user (behind requireUser, so the credential is the `x-user-token`
 * header; browsers read the stream with fetch). Events, resume and limits as
 * `/api/mails/events`; the bound addresses are followed while the stream is open.
 */
import { Hono } from 'hono';
import type { MailNotifier } from '../../../domain/mail/mail-notifier.js';
import type { UserServices } from '../../../domain/user/user-service.js';
import type { AppEnv } from '../../app-env.js';
import { LIVE_BATCH, LIVE_ROUND_MS, liveMailStream } from '../../live-mail-stream.js';
import { isBeforeExpiry } from '../../../auth/token-lifetime.js';
import type { Clock } from '../../../shared/clock.js';
import { afterIdOf, assertLiveCapacity } from '../mails.js';

export interface UserMailEventRoutesDeps {
  addresses: Pick<UserServices['addresses'], 'mailEvents'>;
  notifier: MailNotifier;
  /** LIVE_DB_POLL_SECONDS in ms: also how soon an address bound meanwhile joins the stream. */
  livePollMs: number;
  /** LIVE_CONNECTIONS_MAX, shared with the address streams and long-polls. */
  liveConnectionsMax: number;
  /** The stream ends when the user token that opened it expires, by this clock. */
  clock: Clock;
}

export function userMailEventRoutes(deps: UserMailEventRoutesDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/mails/events', async (c) => {
    const afterId = afterIdOf(c);
    assertLiveCapacity(deps);
    const { userId, exp } = c.get('user');
    const events = await deps.addresses.mailEvents(userId, deps.notifier);
    // A deleted user ends the stream from inside a round (events.next throws).
    const stillValid = () => Promise.resolve(isBeforeExpiry(exp, deps.clock));
    return liveMailStream(
      c,
      afterId,
      (lastId, signal) =>
        events.next(lastId, {
          limit: LIVE_BATCH,
          timeoutMs: LIVE_ROUND_MS,
          pollMs: deps.livePollMs,
          signal,
        }),
      stillValid,
    );
  });
  return app;
}
