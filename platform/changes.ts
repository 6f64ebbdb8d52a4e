/**
 * What changed, told to everybody who keeps copies: the gateway's response cache (and later live
 * updates). Subgraphs write a change to their outbox in the act's own transaction; their relay
 * publishes it here. A change is a list of tags: `Document:<id>`, `Channel:<id>`, `Unit:<id>` for one
 * entity, `Document:*`, `Channel:*` for "lists of them may now differ".
 *
 * With REDIS_URL the changes go through Redis pub/sub, so every gateway replica hears them. Without
 * it they stay in this process; `npm start` forwards them between its processes (scripts/start.ts).
 */
import { EventEmitter } from 'node:events';
import Redis from 'ioredis';


export type ChangeListener = (tags: string[]) => void;

export interface ChangeBus {
  publish(tags: string[]): Promise<void>;
  subscribe(listener: ChangeListener): () => void;
  close(): Promise<void>;
}

/** The one in-process bus of this process: subgraphs and gateway started here share it. */
const local = new EventEmitter().setMaxListeners(0);

/** Tells this process's listeners only (used by the in-process bus and by the forwarding in npm start). */
export function emitLocally(tags: string[]): void {
  local.emit('changes', tags);
}

function subscribeLocally(listener: ChangeListener): () => void {
  local.on('changes', listener);
  return () => local.off('changes', listener);
}

export function inProcessChanges(): ChangeBus {
  return {
    async publish(tags) {
      emitLocally(tags);
    },
    subscribe: subscribeLocally,
    async close() {},
  };
}

/** Through Redis pub/sub: every process subscribed to the channel hears every change. */
export function redisChanges(url: string, prefix: string): ChangeBus {
  const channel = `${prefix}:changes`;
  let publisher: Redis | undefined;
  let subscriber: Redis | undefined;
  const listeners = new Set<ChangeListener>();
  return {
    async publish(tags) {
      publisher ??= new Redis(url, { maxRetriesPerRequest: 2 }).on('error', () => undefined); // a failed publish is retried by the outbox
      await publisher.publish(channel, JSON.stringify(tags));
    },
    subscribe(listener) {
      if (!subscriber) {
        // ioredis subscribes again by itself after a reconnect; a subscription cut by close() is no error.
        subscriber = new Redis(url, { maxRetriesPerRequest: null }).on('error', () => undefined);
        subscriber.subscribe(channel).catch(() => undefined);
        subscriber.on('message', (_channel: string, text: string) => {
          let tags: unknown;
          try {
            tags = JSON.parse(text);
          } catch {
            return;
          }
          if (!Array.isArray(tags)) return;
          for (const each of listeners) each(tags.map(String));
        });
      }
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      publisher?.disconnect();
      subscriber?.disconnect();
    },
  };
}

export function changeBus(config: { redisUrl?: string; redisPrefix: string }): ChangeBus {
  return config.redisUrl ? redisChanges(config.redisUrl, config.redisPrefix) : inProcessChanges();
}
