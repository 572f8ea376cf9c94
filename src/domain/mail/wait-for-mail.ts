/**
 * @module "Wait for the next mail": resolves as soon as a mail newer than `afterId` exists for
 * the address, or with nothing when the time is up. Woken by the in-process notifier; it also
 * looks at the database every `pollMs`, so mail stored by another node is seen too.
 */
import type { MailNotifier } from './mail-notifier.js';

/**
 * What wakes the wait: the notifier's events of one address, or another subscription (such as
 * MailNotifier.subscribeMatching over a user's bound addresses).
 */
export type WakeSource =
  { notifier: MailNotifier; address: string } | { subscribe(listener: () => void): () => void };

export type WaitOptions<T> = WakeSource & {
  /** Reads what is newer than the last seen id (an empty array when nothing). */
  fetchNewer(): Promise<T[]>;
  timeoutMs: number;
  pollMs: number;
  signal?: AbortSignal | undefined;
};

export async function waitForMail<T>(options: WaitOptions<T>): Promise<T[]> {
  const deadline = Date.now() + options.timeoutMs;
  let woken: boolean;
  let wake: (() => void) | undefined;
  const onEvent = () => {
    woken = true;
    wake?.();
  };
  // Subscribed before the first read: a mail stored between a read and the wait still wakes
  // us at once instead of at the next poll.
  const unsubscribe =
    'subscribe' in options
      ? options.subscribe(onEvent)
      : options.notifier.subscribe(options.address, onEvent);
  options.signal?.addEventListener('abort', onEvent);
  try {
    for (;;) {
      woken = false;
      const found = await options.fetchNewer();
      if (found.length > 0 || options.signal?.aborted) return found;
      const remaining = deadline - Date.now();
      if (remaining <= 0) return [];
      if (woken) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => wake?.(), Math.min(remaining, options.pollMs));
        wake = () => {
          clearTimeout(timer);
          wake = undefined;
          resolve();
        };
      });
    }
  } finally {
    unsubscribe();
    options.signal?.removeEventListener('abort', onEvent);
  }
}
