/**
 * @module In-process publish/subscribe of "new mail for this address", for Server-Sent Events
 * and long-poll waits. Across nodes, a Redis-backed notifier relays events
 * (storage/redis-mail-notifier.ts); waits also read the database now and then (wait-for-mail.ts).
 */

export interface NewMailEvent {
  address: string;
  id: number;
}

export interface MailNotifier {
  publish(event: NewMailEvent): void;
  /** Calls `listener` for each new mail of `address`; returns the unsubscribe function. */
  subscribe(address: string, listener: (event: NewMailEvent) => void): () => void;
  /**
   * Calls `listener` for each new mail whose address `matches` accepts, as one subscription
   * however many addresses that is (a user's bound addresses, which change while it listens:
   * `matches` is asked at each event). Returns the unsubscribe function.
   */
  subscribeMatching(
    matches: (address: string) => boolean,
    listener: (event: NewMailEvent) => void,
  ): () => void;
  /** Number of live subscriptions (for limits and metrics). */
  size(): number;
  /** Releases what the notifier holds (a Redis subscription); publish then stays local. */
  close(): Promise<void>;
}

export function createMailNotifier(): MailNotifier {
  const listeners = new Map<string, Set<(event: NewMailEvent) => void>>();
  // Each event is offered to every matching subscription: there are at most
  // LIVE_CONNECTIONS_MAX of them, and a test is one set lookup.
  const matching = new Set<{
    matches: (address: string) => boolean;
    listener: (event: NewMailEvent) => void;
  }>();
  let count = 0;
  return {
    publish(event) {
      for (const listener of listeners.get(event.address) ?? []) listener(event);
      for (const entry of matching) if (entry.matches(event.address)) entry.listener(event);
    },
    subscribe(address, listener) {
      let set = listeners.get(address);
      if (!set) listeners.set(address, (set = new Set()));
      set.add(listener);
      count++;
      return () => {
        if (set.delete(listener)) count--;
        if (set.size === 0) listeners.delete(address);
      };
    },
    subscribeMatching(matches, listener) {
      const entry = { matches, listener };
      matching.add(entry);
      count++;
      return () => {
        if (matching.delete(entry)) count--;
      };
    },
    size: () => count,
    close: () => Promise.resolve(),
  };
}
