/**
 * Trusted documents for integration partners: a request with an `x-api-key` header runs only an
 * operation registered in that partner's served manifests, sent by id; query text is refused.
 * Keys and manifests are looked up in the access subgraph on every request (no restart, no stale
 * window after a rotation). Per-partner rate limits live in Redis when REDIS_URL is set, so replicas
 * agree. Usage (count, latency) is summed here and sent to access every few seconds.
 */
import crypto from 'node:crypto';
import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Logger } from '../subgraphs/common/logger';
import type { Peers } from '../subgraphs/common/peers';
import type { ServiceCredentials } from '../subgraphs/common/service-auth';
import { header, refusal, type Stage } from './pipeline';

interface PartnerOperation {
  partnerId: string;
  rateLimitPerMinute: number;
  body: string | null;
}

/** The operation id usage records for a request that sent query text instead of an id. */
const QUERY_TEXT = 'query-text';

const PARTNER_ONLY_IDS = () =>
  refusal(
    400,
    'PERSISTED_QUERY_REQUIRED',
    'Integration partners send only the id of an operation registered for them (extensions.persistedQuery.sha256Hash), never query text.',
  );

function operationIdOf(body: Record<string, any> | null, search: string): string | null {
  const fromBody = body?.extensions?.persistedQuery?.sha256Hash;
  if (typeof fromBody === 'string') return fromBody;
  const extensions = new URLSearchParams(search).get('extensions');
  if (!extensions) return null;
  try {
    const hash = (JSON.parse(extensions) as { persistedQuery?: { sha256Hash?: unknown } }).persistedQuery?.sha256Hash;
    return typeof hash === 'string' ? hash : null;
  } catch {
    return null;
  }
}

export class UsageRecorder {
  private counts = new Map<string, { partnerId: string; operationId: string; day: string; count: number; refused: number; totalMs: number; maxMs: number }>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly peers: Peers,
    private readonly credentials: ServiceCredentials,
    private readonly log: Logger,
  ) {}

  add(partnerId: string, operationId: string, ms: number, refused: boolean): void {
    const day = new Date().toISOString().slice(0, 10);
    const key = `${partnerId} ${operationId} ${day}`;
    const entry = this.counts.get(key) ?? { partnerId, operationId, day, count: 0, refused: 0, totalMs: 0, maxMs: 0 };
    if (refused) entry.refused += 1;
    else {
      entry.count += 1;
      entry.totalMs += Math.round(ms);
      entry.maxMs = Math.max(entry.maxMs, Math.round(ms));
    }
    this.counts.set(key, entry);
  }

  start(intervalMs = 5000): void {
    this.timer = setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  async flush(): Promise<void> {
    if (this.counts.size === 0) return;
    const entries = [...this.counts.values()];
    this.counts = new Map();
    try {
      await this.peers.query('access', {
        query: 'mutation Usage($entries: [UsageInput!]!) { recordPartnerUsage(entries: $entries) }',
        variables: { entries },
        service: await this.credentials.token(),
      });
    } catch (error) {
      // Put them back: the next flush tries again.
      for (const e of entries) {
        const key = `${e.partnerId} ${e.operationId} ${e.day}`;
        const now = this.counts.get(key);
        this.counts.set(key, now ? { ...e, count: e.count + now.count, refused: e.refused + now.refused, totalMs: e.totalMs + now.totalMs, maxMs: Math.max(e.maxMs, now.maxMs) } : e);
      }
      this.log.warn({ err: error }, 'partner usage not recorded yet; will retry');
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}

/**
 * The partner stage: a request with `x-api-key` runs only an operation registered for that partner,
 * by id (in the POST body's or the GET query string's `extensions`), within the partner's rate limit.
 */
export function partnerGate(deps: { peers: Peers; credentials: ServiceCredentials; redis?: Redis; usage: UsageRecorder }): Stage {
  const limiters = new Map<number, RateLimiterAbstract>();
  const limiterFor = (perMinute: number) => {
    let limiter = limiters.get(perMinute);
    if (!limiter) {
      const options = { points: perMinute, duration: 60, keyPrefix: `mpi-partner-rate-${perMinute}` };
      limiter = deps.redis ? new RateLimiterRedis({ ...options, storeClient: deps.redis }) : new RateLimiterMemory(options);
      limiters.set(perMinute, limiter);
    }
    return limiter;
  };

  return async (exchange, next) => {
    const key = header(exchange, 'x-api-key');
    if (!key) return next(); // not a partner: frontends and accounts go on as usual
    exchange.client = 'partner';
    const { body } = exchange;
    const operationId = operationIdOf(body, exchange.url.search);
    const keyHash = crypto.createHash('sha256').update(key).digest('hex');
    const { partnerOperation } = await deps.peers.query<{ partnerOperation: PartnerOperation | null }>('access', {
      query: 'query Partner($keyHash: String!, $operationId: ID) { partnerOperation(keyHash: $keyHash, operationId: $operationId) { partnerId rateLimitPerMinute body } }',
      variables: { keyHash, operationId },
      service: await deps.credentials.token(),
    });
    if (!partnerOperation) return refusal(401, 'UNAUTHENTICATED', 'The API key is not valid: unknown, revoked or rotated.');
    const partner = partnerOperation;
    if (exchange.method !== 'POST' && exchange.method !== 'GET') return refusal(400, 'BAD_REQUEST', 'Integration partners send GET or POST requests.');
    // Every refused request of a known partner is counted in its usage, under the id it sent (or "query text").
    if (body?.query || exchange.url.searchParams.has('query') || !operationId) {
      deps.usage.add(partner.partnerId, operationId ?? QUERY_TEXT, 0, true);
      return PARTNER_ONLY_IDS();
    }
    if (!partner.body) {
      deps.usage.add(partner.partnerId, operationId, 0, true);
      return refusal(400, 'PERSISTED_QUERY_NOT_REGISTERED', `The operation ${operationId} is not registered for this partner.`);
    }
    try {
      await limiterFor(partner.rateLimitPerMinute).consume(partner.partnerId);
    } catch (rejection) {
      const ms = (rejection as { msBeforeNext?: number }).msBeforeNext ?? 60_000;
      deps.usage.add(partner.partnerId, operationId, 0, true);
      return refusal(429, 'RATE_LIMITED', `Too many requests: the limit is ${partner.rateLimitPerMinute} a minute. Try again in ${Math.ceil(ms / 1000)} s.`, {
        'retry-after': String(Math.ceil(ms / 1000)),
      });
    }
    // Run the registered body; its id is its SHA-256, so Apollo's own persisted-query check agrees.
    if (body) body.query = partner.body;
    else exchange.url.searchParams.set('query', partner.body);
    delete exchange.headers.authorization; // partners read as the public does
    exchange.claims = null;
    exchange.onSent.push((ms) => deps.usage.add(partner.partnerId, operationId, ms, false));
    return next();
  };
}
