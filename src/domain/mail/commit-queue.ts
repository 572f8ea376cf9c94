/**
 * @module Group commit: items added while a write is in flight are written together in the
 * next one. Every caller waits for the transaction that holds its item, so an acknowledgement
 * always follows durability, and under load one transaction carries many mails instead of one.
 * An idle queue adds no delay: the first item is written at once.
 */

export interface CommitQueue<T, R> {
  /** Resolves with the item's result once the write holding it has committed. */
  add(item: T): Promise<R>;
  /** Resolves when nothing is pending or in flight. */
  drain(): Promise<void>;
}

interface Pending<T, R> {
  item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

export function createCommitQueue<T, R>(
  write: (items: T[]) => Promise<R[]>,
  maxItems: number,
): CommitQueue<T, R> {
  let queue: Pending<T, R>[] = [];
  let inFlight: Promise<void> | undefined;

  async function flushLoop(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.slice(0, maxItems);
      queue = queue.slice(batch.length);
      try {
        // Called from a promise so that a write throwing synchronously still settles after
        // `add` has recorded this loop as in flight; otherwise the loop would end (clearing
        // `inFlight`) before `inFlight ??= flushLoop()` assigned it, and the queue would stall.
        const items = batch.map((p) => p.item);
        const results = await Promise.resolve().then(() => write(items));
        batch.forEach((p, i) => p.resolve(results[i] as R));
      } catch (error) {
        // One failed transaction fails every item in it; callers answer 4xx and senders retry.
        for (const p of batch) p.reject(error);
      }
    }
    inFlight = undefined;
  }

  return {
    add(item) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        inFlight ??= flushLoop();
      });
    },
    async drain() {
      while (inFlight) await inFlight;
    },
  };
}
