/**
 * The response cache: public answers kept at the gateway (in memory, or in Redis with REDIS_URL)
 * and served before Apollo Server parses anything. What may be kept is what the subgraphs' cache
 * hints call public with a max-age; its key is the operation's SHA-256 (the APQ hash), operation
 * name, variables and audience: `public` (no token), `partner` (a partner's registered operation: kept
 * apart, so that its id alone never fetches it for a caller without the key) or `signed` (a valid token, for
 * answers in which no subgraph looked at who was calling, so they are the same for every account).
 *
 * Changes reach it through the change bus (platform/changes.ts) from the subgraphs' outboxes and
 * remove exactly the answers holding a changed entity, or a list of its type. An answer computed
 * while a change it holds was announced is not kept, so no stale answer survives a change.
 */
import crypto from 'node:crypto';
import type Redis from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { ChangeBus } from '../../platform/changes';
import type { Logger } from '../../platform/logger';
import type { GatewayMetrics } from '../metrics';
import { header, type Answer, type Exchange, type Stage } from '../pipeline';
import type { CachedAnswer, ResponseCacheStore } from '../response-cache-store';
import { etagOf } from './http-caching';

const PUBLIC_POLICY = /^max-age=(\d+), public$/;
const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
const APQ_HASH = /^[0-9a-f]{64}$/;

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

/** Apollo Server's CSRF rule, applied before serving a cached answer so that a hit is refused where a miss would be. */
function passesCsrfPrevention(exchange: Exchange): boolean {
  const contentType = header(exchange, 'content-type');
  if (contentType && !SIMPLE_CONTENT_TYPES.includes(contentType.split(';')[0].trim().toLowerCase())) return true;
  return ['x-apollo-operation-name', 'apollo-require-preflight'].some((name) => (header(exchange, name) ?? '') !== '');
}

/** The operation a request asks for, as sent (GET query string or POST body). */
export interface Operation {
  query?: unknown;
  operationName?: unknown;
  variables: string;
  extensions?: { persistedQuery?: { sha256Hash?: unknown } };
}

export function operationOf(exchange: Exchange): Operation | null {
  if (exchange.method === 'GET' || exchange.method === 'HEAD') {
    const params = exchange.url.searchParams;
    const extensions = params.get('extensions');
    return {
      query: params.get('query') ?? undefined,
      operationName: params.get('operationName') ?? undefined,
      variables: params.get('variables') ?? '',
      extensions: extensions ? (JSON.parse(extensions) as Operation['extensions']) : undefined,
    };
  }
  if (exchange.method === 'POST' && exchange.body) {
    const { query, operationName, variables, extensions } = exchange.body;
    return { query, operationName, variables: variables === undefined ? '' : JSON.stringify(variables), extensions };
  }
  return null;
}

export class ResponseCache {
  /** When each tag was last announced as changed (ms), to refuse storing answers computed before. */
  private readonly changedAt = new Map<string, number>();
  private clearedAt = 0;
  private generation = 0;
  /** The body and its compressed forms, made once per answer in this process. */
  private readonly bodies = new LRUCache<string, { body: Buffer; encodings: Map<string, Buffer> }>({ max: 2000 });
  private storeUsable = true;
  private unsubscribe?: () => void;

  constructor(
    private readonly store: ResponseCacheStore,
    private readonly metrics: GatewayMetrics,
    private readonly log: Logger,
  ) {}

  /** Listens to the change bus; with Redis, a lost connection may have lost changes, so the cache starts empty after it. */
  listen(changes: ChangeBus, redis?: Redis): void {
    this.unsubscribe = changes.subscribe((tags) => void this.changed(tags));
    if (redis) {
      redis.on('close', () => (this.storeUsable = false));
      redis.on('ready', () => {
        if (this.storeUsable) return;
        void this.clear().then(() => (this.storeUsable = true));
      });
    }
  }

  async changed(tags: string[]): Promise<void> {
    const now = Date.now();
    for (const tag of tags) this.changedAt.set(tag, now);
    if (this.changedAt.size > 10_000)
      for (const [tag, at] of this.changedAt) if (now - at > 300_000) this.changedAt.delete(tag);
    try {
      const removed = await this.store.invalidate(tags);
      this.metrics.responseCache.inc({ result: 'invalidated' }, removed);
    } catch (error) {
      this.log.warn({ err: error }, 'response cache: invalidation failed; the cache is off until it can be cleared');
      this.storeUsable = false;
      void this.clear().then(
        () => (this.storeUsable = true),
        () => undefined,
      );
    }
  }

  /** Forgets everything, e.g. when a new supergraph is loaded. */
  async clear(): Promise<void> {
    this.clearedAt = Date.now();
    this.generation += 1;
    this.bodies.clear();
    await this.store.clear();
  }

  stop(): void {
    this.unsubscribe?.();
  }

  private keyOf(exchange: Exchange): string | null {
    if (exchange.credentialError !== undefined) return null;
    const audience = exchange.partner
      ? 'partner'
      : exchange.client === 'account'
        ? exchange.claims
          ? 'signed'
          : null
        : 'public';
    if (!audience || !passesCsrfPrevention(exchange)) return null;
    const operation = operationOf(exchange);
    if (!operation) return null;
    let id: string;
    if (typeof operation.query === 'string') id = sha256(operation.query);
    else {
      const hash = operation.extensions?.persistedQuery?.sha256Hash;
      if (typeof hash !== 'string' || !APQ_HASH.test(hash)) return null;
      id = hash;
    }
    const accept = /graphql-response\+json/.test(header(exchange, 'accept') ?? '') ? 'graphql-response' : 'json';
    const name = typeof operation.operationName === 'string' ? operation.operationName : '';
    return sha256([this.generation, audience, id, name, operation.variables, accept].join('\n'));
  }

  private invalidatedSince(tags: Iterable<string>, since: number): boolean {
    if (this.clearedAt >= since) return true;
    for (const tag of tags) if ((this.changedAt.get(tag) ?? 0) >= since) return true;
    return false;
  }

  private answerFrom(cached: CachedAnswer): Answer {
    let memo = this.bodies.get(cached.etag);
    if (!memo) this.bodies.set(cached.etag, (memo = { body: Buffer.from(cached.body), encodings: new Map() }));
    return {
      status: 200,
      headers: {
        'content-type': cached.contentType,
        'cache-control': cached.cacheControl,
        etag: cached.etag,
        'x-mpi-cache': 'HIT',
      },
      body: memo.body,
      encodings: memo.encodings,
    };
  }

  stage(): Stage {
    return async (exchange, next) => {
      const key = this.storeUsable ? this.keyOf(exchange) : null;
      if (!key) {
        this.metrics.responseCache.inc({ result: 'bypass' });
        return next();
      }
      const started = Date.now();
      const cached = await this.store.get(key).catch((error: unknown) => {
        this.log.warn({ err: error }, 'response cache unreachable; answering without it');
        return undefined;
      });
      if (cached) {
        this.metrics.responseCache.inc({ result: 'hit' });
        return this.answerFrom(cached);
      }
      this.metrics.responseCache.inc({ result: 'miss' });
      const answer = await next();
      answer.headers['x-mpi-cache'] = 'MISS';
      const policy = PUBLIC_POLICY.exec(answer.headers['cache-control'] ?? '');
      const ttl = policy ? Number(policy[1]) : 0;
      const tags = exchange.cacheTags;
      if (answer.status !== 200 || ttl <= 0 || !tags || this.invalidatedSince(tags, started)) return answer;
      const entry: CachedAnswer = {
        body: answer.body.toString('utf8'),
        etag: answer.headers.etag ?? etagOf(answer.body),
        contentType: answer.headers['content-type'] ?? 'application/json; charset=utf-8',
        cacheControl: answer.headers['cache-control'],
        tags: [...tags],
      };
      answer.headers.etag = entry.etag;
      try {
        await this.store.set(key, entry, ttl);
        // A change announced while it was being stored: take it out again.
        if (this.invalidatedSince(tags, started)) await this.store.invalidate(entry.tags);
        else this.metrics.responseCache.inc({ result: 'store' });
      } catch (error) {
        this.log.warn({ err: error }, 'response cache: answer not stored');
      }
      return answer;
    };
  }
}
