import { describe, expect, it } from 'vitest';
import { createCommitQueue } from './commit-queue.js';

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A write function whose calls the test completes by hand, in order. */
function controlledWrite<T>() {
  const calls: { items: T[]; done: Deferred<void> }[] = [];
  const waiting: (() => void)[] = [];
  return {
    calls,
    async write(items: T[]): Promise<string[]> {
      const done = deferred<void>();
      calls.push({ items, done });
      waiting.shift()?.();
      await done.promise;
      return items.map((item) => `stored:${String(item)}`);
    },
    /** Resolves once the write has been called `n` times in total. */
    async called(n: number): Promise<void> {
      while (calls.length < n) await new Promise<void>((resolve) => waiting.push(resolve));
    },
  };
}

/** Lets every settled promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('createCommitQueue', () => {
  it('writes the first item at once and batches items that arrive while it is in flight', async () => {
    const w = controlledWrite<string>();
    const queue = createCommitQueue(w.write, 10);

    const a = queue.add('a');
    await w.called(1);
    expect(w.calls[0]?.items).toEqual(['a']);

    const rest = ['b', 'c', 'd'].map((item) => queue.add(item));
    await settle();
    expect(w.calls).toHaveLength(1);

    w.calls[0]?.done.resolve();
    expect(await a).toBe('stored:a');
    await w.called(2);
    expect(w.calls[1]?.items).toEqual(['b', 'c', 'd']);
    w.calls[1]?.done.resolve();
    expect(await Promise.all(rest)).toEqual(['stored:b', 'stored:c', 'stored:d']);
    expect(w.calls).toHaveLength(2);
  });

  it('gives every caller the result at its own position in the batch', async () => {
    const queue = createCommitQueue(
      (items: number[]) => Promise.resolve(items.map((n) => n * 10)),
      100,
    );
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => queue.add(n)));
    expect(results).toEqual([10, 20, 30, 40, 50]);
  });

  it('rejects exactly the items of a failed write, and carries on with the next batch', async () => {
    const w = controlledWrite<string>();
    const queue = createCommitQueue(w.write, 10);

    const first = queue.add('first');
    await w.called(1);
    const doomed = [queue.add('x'), queue.add('y')];
    w.calls[0]?.done.resolve();
    await w.called(2);
    const later = queue.add('later');
    w.calls[1]?.done.reject(new Error('disk full'));
    await w.called(3);
    w.calls[2]?.done.resolve();

    expect(await first).toBe('stored:first');
    for (const p of doomed) await expect(p).rejects.toThrow('disk full');
    expect(await later).toBe('stored:later');
    expect(w.calls.map((c) => c.items)).toEqual([['first'], ['x', 'y'], ['later']]);
  });

  it('rejects the whole batch when the write throws synchronously', async () => {
    let fail = true;
    const queue = createCommitQueue((items: string[]) => {
      if (fail) throw new Error('sync failure');
      return Promise.resolve(items);
    }, 10);
    await expect(queue.add('a')).rejects.toThrow('sync failure');
    fail = false;
    expect(await queue.add('b')).toBe('b');
    // A stalled queue would hang here; fail fast instead of at the suite timeout.
  }, 2000);

  it('never puts more than maxItems in one write', async () => {
    const w = controlledWrite<number>();
    const queue = createCommitQueue(w.write, 3);

    const all = [queue.add(0)];
    await w.called(1);
    for (let i = 1; i <= 7; i++) all.push(queue.add(i));
    for (let n = 1; n <= 4; n++) {
      await w.called(n);
      w.calls[n - 1]?.done.resolve();
    }
    await Promise.all(all);
    expect(w.calls.map((c) => c.items)).toEqual([[0], [1, 2, 3], [4, 5, 6], [7]]);
  });

  it('drain waits for the write in flight and for everything queued behind it', async () => {
    const w = controlledWrite<string>();
    const queue = createCommitQueue(w.write, 1);
    await queue.drain();

    const results: string[] = [];
    for (const item of ['a', 'b']) void queue.add(item).then((r) => results.push(r));
    let drained = false;
    const draining = queue.drain().then(() => (drained = true));

    await w.called(1);
    w.calls[0]?.done.resolve();
    await w.called(2);
    await settle();
    expect(drained).toBe(false);
    w.calls[1]?.done.resolve();
    await draining;
    expect(results).toEqual(['stored:a', 'stored:b']);
  });

  it('is idle again after a burst: the next item is written at once', async () => {
    const w = controlledWrite<string>();
    const queue = createCommitQueue(w.write, 10);
    const a = queue.add('a');
    await w.called(1);
    w.calls[0]?.done.resolve();
    await a;
    await queue.drain();

    const b = queue.add('b');
    await w.called(2);
    expect(w.calls[1]?.items).toEqual(['b']);
    w.calls[1]?.done.resolve();
    expect(await b).toBe('stored:b');
  });
});
