/**
 * @module "New mail for this address" across nodes through Redis publish/subscribe: a mail
 * stored on one node wakes the long-polls and Server-Sent-Event streams of that address on
 * every node at once, instead of at their next database read (LIVE_DB_POLL_SECONDS).
 *
 * One channel carries every event (a few dozen bytes each), so a node needs one subscription
 * however many addresses it watches. Delivery is best effort, as Redis pub/sub is: an event
 * lost while Redis is away is made up by the waits' periodic database read, never lost mail.
 */
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import {
  createMailNotifier,
  type MailNotifier,
  type NewMailEvent,
} from '../domain/mail/mail-notifier.js';
import type { Logger } from '../shared/logger.js';

/** The channel, shared by every node of one deployment (and by deployments on one Redis). */
export const MAIL_EVENTS_CHANNEL = 'tmpmail:mail-events';

interface WireEvent {
  /** The publishing node: its own events were delivered locally already. */
  node: string;
  address: string;
  id: number;
}

function parseWireEvent(text: string): WireEvent | null {
  try {
    const value = JSON.parse(text) as Partial<WireEvent> | null;
    return typeof value?.node === 'string' &&
      typeof value.address === 'string' &&
      typeof value.id === 'number'
      ? (value as WireEvent)
      : null;
  } catch {
    return null;
  }
}

export interface RedisMailNotifierDeps {
  /** The node's Redis client; the subscription uses a duplicate (a subscribed client can only listen). */
  redis: Redis;
  logger: Logger;
  channel?: string;
}

export function createRedisMailNotifier(deps: RedisMailNotifierDeps): MailNotifier {
  const channel = deps.channel ?? MAIL_EVENTS_CHANNEL;
  const node = randomUUID();
  const local = createMailNotifier();
  const subscriber = deps.redis.duplicate();
  let closed = false;

  subscriber.on('error', (err: Error) =>
    deps.logger.warn({ err }, 'redis mail events: subscription error; waits fall back to polling'),
  );
  subscriber.on('message', (from: string, text: string) => {
    if (from !== channel) return;
    const event = parseWireEvent(text);
    if (event && event.node !== node) local.publish({ address: event.address, id: event.id });
  });
  // ioredis subscribes again by itself after a reconnect.
  subscriber.subscribe(channel).catch((err: unknown) => {
    if (!closed) deps.logger.warn({ err }, 'redis mail events: could not subscribe');
  });

  return {
    publish(event: NewMailEvent) {
      local.publish(event);
      if (closed) return;
      const wire: WireEvent = { node, address: event.address, id: event.id };
      deps.redis.publish(channel, JSON.stringify(wire)).catch((err: unknown) => {
        deps.logger.warn({ err }, 'redis mail events: could not publish');
      });
    },
    subscribe: local.subscribe,
    subscribeMatching: local.subscribeMatching,
    size: local.size,
    async close() {
      if (closed) return;
      closed = true;
      await subscriber.quit().catch(() => subscriber.disconnect());
    },
  };
}
