import { describe, expect, it } from 'vitest';
import { createMailNotifier, type NewMailEvent } from './mail-notifier.js';

describe('createMailNotifier', () => {
  it('delivers an address subscription only that address’s events', () => {
    const notifier = createMailNotifier();
    const seen: NewMailEvent[] = [];
    const unsubscribe = notifier.subscribe('a@x', (event) => seen.push(event));
    notifier.publish({ address: 'b@x', id: 1 });
    notifier.publish({ address: 'a@x', id: 2 });
    expect(seen).toEqual([{ address: 'a@x', id: 2 }]);
    expect(notifier.size()).toBe(1);
    unsubscribe();
    notifier.publish({ address: 'a@x', id: 3 });
    expect(seen).toHaveLength(1);
    expect(notifier.size()).toBe(0);
  });

  it('subscribeMatching: one subscription for a changing set of addresses', () => {
    const notifier = createMailNotifier();
    const bound = new Set(['a@x', 'b@x']);
    const seen: number[] = [];
    const unsubscribe = notifier.subscribeMatching(
      (address) => bound.has(address),
      (event) => seen.push(event.id),
    );
    expect(notifier.size()).toBe(1);
    notifier.publish({ address: 'a@x', id: 1 });
    notifier.publish({ address: 'c@x', id: 2 });
    notifier.publish({ address: 'b@x', id: 3 });
    // The set is asked at each event: a change applies to the next one.
    bound.delete('a@x');
    bound.add('c@x');
    notifier.publish({ address: 'a@x', id: 4 });
    notifier.publish({ address: 'c@x', id: 5 });
    expect(seen).toEqual([1, 3, 5]);
    unsubscribe();
    unsubscribe();
    notifier.publish({ address: 'c@x', id: 6 });
    expect(seen).toEqual([1, 3, 5]);
    expect(notifier.size()).toBe(0);
  });

  it('delivers one event to address and matching subscriptions alike', () => {
    const notifier = createMailNotifier();
    const seen: string[] = [];
    notifier.subscribe('a@x', () => seen.push('address'));
    notifier.subscribeMatching(
      (address) => address === 'a@x',
      () => seen.push('matching'),
    );
    notifier.subscribeMatching(
      () => false,
      () => seen.push('never'),
    );
    notifier.publish({ address: 'a@x', id: 1 });
    expect(seen.sort()).toEqual(['address', 'matching']);
    expect(notifier.size()).toBe(3);
  });
});
