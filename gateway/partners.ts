/**
 * Trusted documents for integration partners: a request with an `x-api-key` header runs only an
 * operation registered in that partner's served manifests, sent by id; query text is refused.
 * Keys and manifests are looked up in the access subgraph on every request (no restart, no stale
 * window after a rotation). The partner's rate limit (registered with it) is applied by the rate-limit
 * stage (gateway/stages/rate-limits.ts). Usage (count, latency) is summed here and sent to access every
 * few seconds.
 *
 * Issue 12: a registered operation is run as query text, not through Apollo's APQ store, so it never
 * becomes runnable by its id alone for a caller without the key. A keyless request with a manifest id is an
 * anonymous one: it runs only what APQ knows from a keyless caller, within the anonymous limit.
 */
import { hashApiKey } from '../platform/api-key';
import { badCredentials } from '../platform/errors';
import type { Logger } from '../platform/logger';
import type { Peers } from '../platform/peers';
import {
  PartnerOperationDocument,
  RecordPartnerUsageDocument,
  type UsageInput,
} from '../subgraphs/access/generated/peer-operations';
import type { ServiceCredentials } from '../platform/service-auth';
import { PendingCounts } from './pending-counts';
import { header, refusal, type Exchange, type GraphQLRequestBody, type Stage } from './pipeline';

/** The operation id usage records for a request that sent query text instead of an id. */
const QUERY_TEXT = 'query-text';

const PARTNER_ONLY_IDS = () =>
  refusal(
    400,
    'PERSISTED_QUERY_REQUIRED',
    'Integration partners send only the id of an operation registered for them (extensions.persistedQuery.sha256Hash), never query text.',
  );

function operationIdOf(body: GraphQLRequestBody | null, search: string): string | null {
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

/** One day of one partner operation, as access takes it (its `UsageInput`). */
type PartnerUsageEntry = UsageInput;

export class UsageRecorder {
  private readonly counts: PendingCounts<PartnerUsageEntry>;

  constructor(peers: Peers, credentials: ServiceCredentials, log: Logger) {
    this.counts = new PendingCounts<PartnerUsageEntry>(
      {
        what: 'partner usage',
        keyOf: (e) => `${e.partnerId} ${e.operationId} ${e.day}`,
        add: (a, b) => ({
          ...a,
          count: a.count + b.count,
          refused: a.refused + b.refused,
          totalMs: a.totalMs + b.totalMs,
          maxMs: Math.max(a.maxMs, b.maxMs),
        }),
        send: async (entries) => {
          await peers.send('access', RecordPartnerUsageDocument, { entries }, { service: await credentials.token() });
        },
      },
      log,
    );
  }

  add(partnerId: string, operationId: string, ms: number, refused: boolean): void {
    const day = new Date().toISOString().slice(0, 10);
    const answered = refused ? 0 : 1;
    const latency = refused ? 0 : Math.round(ms);
    this.counts.add({
      partnerId,
      operationId,
      day,
      count: answered,
      refused: 1 - answered,
      totalMs: latency,
      maxMs: latency,
    });
  }

  start(intervalMs = 5000): void {
    this.counts.start(intervalMs);
  }

  flush(): Promise<void> {
    return this.counts.flush();
  }

  stop(): Promise<void> {
    return this.counts.stop();
  }
}

/** Runs the registered body as plain query text: without the id, Apollo neither checks nor stores it as APQ. */
function runAsText(exchange: Exchange, body: string): void {
  if (exchange.body) {
    exchange.body.query = body;
    if (exchange.body.extensions) delete exchange.body.extensions.persistedQuery;
    return;
  }
  const params = exchange.url.searchParams;
  params.set('query', body);
  const extensions = JSON.parse(params.get('extensions') ?? '{}') as Record<string, unknown>;
  delete extensions.persistedQuery;
  if (Object.keys(extensions).length === 0) params.delete('extensions');
  else params.set('extensions', JSON.stringify(extensions));
}

/**
 * The partner stage: a request with `x-api-key` runs only an operation registered for that partner,
 * by id (in the POST body's or the GET query string's `extensions`); the rate-limit stage then counts it
 * against the partner's limit.
 */
export function partnerGate(deps: { peers: Peers; credentials: ServiceCredentials; usage: UsageRecorder }): Stage {
  return async (exchange, next) => {
    const key = header(exchange, 'x-api-key');
    if (!key) return next(); // not a partner: frontends and accounts go on as usual
    exchange.client = 'partner';
    const { body } = exchange;
    const operationId = operationIdOf(body, exchange.url.search);
    const keyHash = hashApiKey(key);
    const service = await deps.credentials.token();
    const { partnerOperation } = await deps.peers.send(
      'access',
      PartnerOperationDocument,
      { keyHash, operationId },
      { service },
    );
    if (!partnerOperation) {
      // Refused after the rate-limit stage, which counts it by address: made-up keys are not a way round the limit.
      exchange.credentialError = badCredentials('The API key is not valid: unknown, revoked or rotated.');
      return next();
    }
    const partner = partnerOperation;
    if (exchange.method !== 'POST' && exchange.method !== 'GET')
      return refusal(400, 'BAD_REQUEST', 'Integration partners send GET or POST requests.');
    // Every refused request of a known partner is counted in its usage, under the id it sent (or "query text").
    if (body?.query || exchange.url.searchParams.has('query') || !operationId) {
      deps.usage.add(partner.partnerId, operationId ?? QUERY_TEXT, 0, true);
      return PARTNER_ONLY_IDS();
    }
    if (!partner.body) {
      deps.usage.add(partner.partnerId, operationId, 0, true);
      return refusal(
        400,
        'PERSISTED_QUERY_NOT_REGISTERED',
        `The operation ${operationId} is not registered for this partner.`,
      );
    }
    exchange.partner = { id: partner.partnerId, rateLimitPerMinute: partner.rateLimitPerMinute };
    runAsText(exchange, partner.body);
    delete exchange.headers.authorization; // partners read as the public does
    exchange.claims = null;
    exchange.onSent.push((ms, status) => {
      if (status === 429) deps.usage.add(partner.partnerId, operationId, 0, true);
      else deps.usage.add(partner.partnerId, operationId, ms, false);
    });
    return next();
  };
}
