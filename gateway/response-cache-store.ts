/**
 * Where the gateway keeps public answers: in this process (an LRU bounded by size) or, with
 * REDIS_URL, in Redis so that every replica shares them. Each entry is indexed by the tags of what
 * it holds (`Document:12`, `Channel:*`), so a change removes exactly the answers that hold it.
 * A Redis that cannot be reached is a miss, never an error or an old answer.
 */
import type Redis from 'ioredis';
import { LRUCache } from 'lru-cache';

export interface CachedAnswer {
  body: string;
  etag: string;
  contentType: string;
  cacheControl: string;
  tags: string[];
}

export interface ResponseCacheStore {
  get(key: string): Promise<CachedAnswer | undefined>;
  set(key: string, answer: CachedAnswer, ttlSeconds: number): Promise<void>;
  /** Removes every answer holding one of the tags; returns how many went. */
  invalidate(tags: string[]): Promise<number>;
  /** Removes everything (a new supergraph, or changes that may have been missed). */
  clear(): Promise<void>;
}

export function memoryStore(maxBytes = 64 * 1024 * 1024): ResponseCacheStore {
  const byTag = new Map<string, Set<string>>();
  const entries: LRUCache<string, CachedAnswer> = new LRUCache<string, CachedAnswer>({
    maxSize: maxBytes,
    sizeCalculation: (answer) => answer.body.length + 200,
    ttlAutopurge: false,
    dispose: (answer, key) => {
      for (const tag of answer.tags) {
        const keys = byTag.get(tag);
        keys?.delete(key);
        if (keys?.size === 0) byTag.delete(tag);
      }
    },
  });
  return {
    async get(key) {
      return entries.get(key);
    },
    async set(key, answer, ttlSeconds) {
      entries.set(key, answer, { ttl: ttlSeconds * 1000 });
      for (const tag of answer.tags) {
        let keys = byTag.get(tag);
        if (!keys) byTag.set(tag, (keys = new Set()));
        keys.add(key);
      }
    },
    async invalidate(tags) {
      let removed = 0;
      for (const tag of tags) for (const key of [...(byTag.get(tag) ?? [])]) if (entries.delete(key)) removed += 1;
      return removed;
    },
    async clear() {
      entries.clear();
      byTag.clear();
    },
  };
}

export function redisStore(redis: Redis, prefix: string): ResponseCacheStore {
  const PREFIX = `${prefix}:rc:`;
  const entryKey = (key: string) => `${PREFIX}e:${key}`;
  const tagKey = (tag: string) => `${PREFIX}t:${tag}`;
  return {
    async get(key) {
      const text = await redis.get(entryKey(key));
      return text ? (JSON.parse(text) as CachedAnswer) : undefined;
    },
    async set(key, answer, ttlSeconds) {
      const multi = redis.multi().set(entryKey(key), JSON.stringify(answer), 'EX', ttlSeconds);
      // A tag's set lives as long as the longest entry it names (3600 s: the longest max-age we give).
      for (const tag of answer.tags) multi.sadd(tagKey(tag), key).expire(tagKey(tag), 3600);
      await multi.exec();
    },
    async invalidate(tags) {
      if (tags.length === 0) return 0;
      const sets = tags.map(tagKey);
      const keys = [...new Set((await Promise.all(sets.map((set) => redis.smembers(set)))).flat())];
      const multi = redis.multi();
      if (keys.length > 0) multi.del(...keys.map(entryKey));
      multi.del(...sets);
      const results = await multi.exec();
      return keys.length > 0 ? Number(results?.[0]?.[1] ?? 0) : 0;
    },
    async clear() {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${PREFIX}*`, 'COUNT', 500);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
    },
  };
}
