/**
 * What changed, told to everybody who keeps copies or watches: the gateway's response cache and live
 * updates (gateway/subscriptions/). Subgraphs write a change to their outbox in the act's own transaction;
 * their relay publishes it here. A change is a list of tags: `Document:<id>`, `Channel:<id>`, `Unit:<id>` for
 * one entity, `Document:*`, `Channel:*` for "lists of them may now differ". A live event names an act that
 * dashboards watch (an incident opened, a document published) by the ids of what it touched.
 *
 * With REDIS_URL the changes go through Redis pub/sub, so every gateway replica hears them. Without
 * it they stay in this process; `npm start` forwards them between its processes (scripts/start.ts).
 */
import { EventEmitter } from 'node:events';
import Redis from 'ioredis';

export type ChangeListener = (tags: string[]) => void;

/** An act that live updates tell subscribers of; only ids travel, subscribers read the rest with their own rights. */
export interface LiveEvent {
  /** The outbox message's id: the same on every replica, so a client can resume after it. */
  id: string;
  /** What happened, named like the subscription field that reports it (`incidentChanged`, `documentPublished`). */
  type: string;
  /** The ids of what it touched (`{ incidentId }`, `{ documentId, channelId }`). */
  ids: Record<string, string>;
}

export type LiveEventListener = (events: LiveEvent[]) => void;

export interface ChangeBus {
  publish(tags: string[]): Promise<void>;
  subscribe(listener: ChangeListener): () => void;
  /** Live events, in the order they were published; the same bus, so they reach every replica the same way. */
  publishEvents(events: LiveEvent[]): Promise<void>;
  subscribeEvents(listener: LiveEventListener): () => void;
  close(): Promise<void>;
}

/** The one in-process bus of this process: subgraphs and gateway started here share it. */
const local = new EventEmitter().setMaxListeners(0);

/** Tells this process's listeners only (used by the in-process bus and by the forwarding in npm start). */
export function emitLocally(tags: string[]): void {
  local.emit('changes', tags);
}

/** Tells this process's listeners of live events only (the in-process bus, and the forwarding in npm start). */
export function emitEventsLocally(events: LiveEvent[]): void {
  local.emit('events', events);
}

function subscribeLocally(listener: ChangeListener): () => void {
  local.on('changes', listener);
  return () => local.off('changes', listener);
}

function subscribeEventsLocally(listener: LiveEventListener): () => void {
  local.on('events', listener);
  return () => local.off('events', listener);
}

export function inProcessChanges(): ChangeBus {
  return {
    async publish(tags) {
      emitLocally(tags);
    },
    subscribe: subscribeLocally,
    async publishEvents(events) {
      emitEventsLocally(events);
    },
    subscribeEvents: subscribeEventsLocally,
    async close() {},
  };
}

/** Live events as they travel (JSON); anything malformed is dropped. */
export function liveEventsOf(value: unknown): LiveEvent[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (event): event is LiveEvent =>
      typeof event?.id === 'string' &&
      typeof event.type === 'string' &&
      typeof event.ids === 'object' &&
      event.ids !== null,
  );
}

/** Through Redis pub/sub: every process subscribed to the channel hears every change. */
export function redisChanges(url: string, prefix: string): ChangeBus {
  const channel = `${prefix}:changes`;
  const eventsChannel = `${prefix}:events`;
  let publisher: Redis | undefined;
  let subscriber: Redis | undefined;
  const listeners = new Set<ChangeListener>();
  const eventListeners = new Set<LiveEventListener>();
  const send = async (to: string, value: unknown) => {
    publisher ??= new Redis(url, { maxRetriesPerRequest: 2 }).on('error', () => undefined); // a failed publish is retried by the outbox
    await publisher.publish(to, JSON.stringify(value));
  };
  const listen = () => {
    if (subscriber) return;
    // ioredis subscribes again by itself after a reconnect; a subscription cut by close() is no error.
    subscriber = new Redis(url, { maxRetriesPerRequest: null }).on('error', () => undefined);
    subscriber.subscribe(channel, eventsChannel).catch(() => undefined);
    subscriber.on('message', (from: string, text: string) => {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return;
      }
      if (from === eventsChannel) {
        const events = liveEventsOf(value);
        if (events.length) for (const each of eventListeners) each(events);
        return;
      }
      if (!Array.isArray(value)) return;
      for (const each of listeners) each(value.map(String));
    });
  };
  return {
    publish: (tags) => send(channel, tags),
    subscribe(listener) {
      listen();
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    publishEvents: (events) => send(eventsChannel, events),
    subscribeEvents(listener) {
      listen();
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    async close() {
      listeners.clear();
      eventListeners.clear();
      publisher?.disconnect();
      subscriber?.disconnect();
    },
  };
}

export function changeBus(config: { redisUrl?: string; redisPrefix: string }): ChangeBus {
  return config.redisUrl ? redisChanges(config.redisUrl, config.redisPrefix) : inProcessChanges();
}
