/**
 * @module New mail across a user's bound addresses, for the live stream GET
 * /user_api/mails/events. The bound addresses are read again at every round (each wake-up and
 * each database poll), so an address bound while the stream is open joins it and an unbound or
 * transferred one leaves it from then on; a deleted user ends it.
 */
import type { UserStore } from '../../storage/ports.js';
import { DomainError } from '../errors.js';
import type { MailNotifier } from '../mail/mail-notifier.js';
import { toSummaryRow, type MailSummaryRow } from '../mail/mailbox-service.js';
import { waitForMail } from '../mail/wait-for-mail.js';

export interface UserMailWait {
  /** Most mails one round returns; a client far behind catches up over several rounds. */
  limit: number;
  timeoutMs: number;
  /** How often the round also reads the database (mail stored by another node, new bindings). */
  pollMs: number;
  signal?: AbortSignal | undefined;
}

export interface UserMailEvents {
  /**
   * Mails newer than `afterId` of the addresses bound to the user at that moment, oldest
   * first, as soon as there are any; [] when the time is up. Throws DomainError
   * `user_not_found` once the user is deleted.
   */
  next(afterId: number, wait: UserMailWait): Promise<MailSummaryRow[]>;
}

export function createUserMailEvents(deps: {
  users: Pick<UserStore, 'boundAddressNames' | 'listNewerMails'>;
  notifier: MailNotifier;
  userId: number;
}): UserMailEvents {
  const { users, userId } = deps;
  // Kept from round to round: the subscription of the next round wakes on the addresses of the
  // last one until its own first read (which happens before it reads any mail).
  let bound = new Set<string>();

  return {
    next(afterId, wait) {
      return waitForMail({
        // One subscription for all the addresses, so a stream counts once against
        // LIVE_CONNECTIONS_MAX; the set is asked at each event, so it follows the reads below.
        subscribe: (listener) =>
          deps.notifier.subscribeMatching((address) => bound.has(address), listener),
        // The names before the mails: a mail of a bound address stored after the names were
        // read wakes the subscription; one stored before is in the mail read that follows.
        fetchNewer: async () => {
          const names = await users.boundAddressNames(userId);
          if (names === null) throw new DomainError('user_not_found');
          bound = new Set(names);
          return (await users.listNewerMails(userId, afterId, wait.limit)).map(toSummaryRow);
        },
        timeoutMs: wait.timeoutMs,
        pollMs: wait.pollMs,
        signal: wait.signal,
      });
    },
  };
}
