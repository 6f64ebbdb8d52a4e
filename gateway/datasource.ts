/**
 * How the gateway calls a subgraph: over HTTP with keep-alive connections, each request signed with the
 * internal secret (platform/request-signature.ts: subgraphs answer only the platform), passing the caller's
 * own credentials on so that each subgraph verifies them itself, with the request's id and, once a
 * subgraph has worked out the caller, that signed caller context for the next calls.
 * Each distinct entity is sent once: 20 documents of 3 units ask the organisation for 3 units.
 * A call has a deadline and goes through the subgraph's circuit breaker; a subgraph that fails leaves
 * its fields null with SUBGRAPH_UNAVAILABLE errors, and the rest of the answer stands.
 * Each call for a caller's operation is a client span of the request's trace, and carries it on in `traceparent`
 * (a header, outside what the signature covers).
 */
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Fetcher, FetcherResponse } from '@apollo/utils.fetcher';
import { GraphQLError } from 'graphql';
import { CALLER_HEADER } from '../platform/caller-context';
import { request, sharedRequest, type PlatformRequest } from '../platform/http-client';
import { REQUEST_ID_HEADER } from '../platform/request-scope';
import { requestTarget, signSubgraphRequestInSlices } from '../platform/request-signature';
import { SpanKind, injectTraceHeaders, markFailed, recordFailure, withSpan, type Span } from '../platform/tracing';
import { CACHE_TAGS_EXTENSION } from '../subgraphs/common/cache-hints';
import { ErrorCode } from '../platform/errors';
import type { CircuitBreaker } from './circuit-breaker';
import type { GatewayContext } from './context';
import { unavailableErrors } from './subgraph-unavailable';

type Representation = Record<string, unknown>;
type GatewayGraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;
type ReceivedResponse = Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['didReceiveResponse']>>[0];

/** Distinct representations, and for each original position the index of its distinct one. */
export function distinctRepresentations(representations: readonly Representation[]): {
  distinct: Representation[];
  positions: number[];
} {
  const index = new Map<string, number>();
  const distinct: Representation[] = [];
  const positions = representations.map((representation) => {
    const key = JSON.stringify(representation);
    let at = index.get(key);
    if (at === undefined) {
      at = distinct.length;
      index.set(key, at);
      distinct.push(representation);
    }
    return at;
  });
  return { distinct, positions };
}

/** Spreads an answer for distinct representations back over the original positions (data and error paths). */
export function spreadEntities(response: GatewayGraphQLResponse, positions: readonly number[]): GatewayGraphQLResponse {
  const entities = (response.data as { _entities?: unknown[] } | null | undefined)?._entities;
  const spread: GatewayGraphQLResponse = { ...response };
  if (Array.isArray(entities))
    spread.data = { ...response.data, _entities: positions.map((at) => entities[at] ?? null) };
  if (response.errors) {
    spread.errors = response.errors.flatMap((error) => {
      const path = error.path;
      if (!path || path[0] !== '_entities' || typeof path[1] !== 'number') return [error];
      const distinctAt = path[1];
      return positions.flatMap((at, original) =>
        at === distinctAt ? [{ ...error, path: ['_entities', original, ...path.slice(2)] }] : [],
      );
    });
  }
  return spread;
}

/** Whether a subgraph request body is a query (gateway-made operations name their type; mutations are never shared). */
function isRead(body: string | undefined): boolean {
  return body !== undefined && !body.startsWith('{"query":"mutation') && !body.startsWith('{"query":"subscription');
}

/** The request a signed caller context was made for (read, not verified: the subgraphs verify it). */
function requestIdOf(context: string): string | undefined {
  try {
    return (JSON.parse(Buffer.from(context.split('.')[1] ?? '', 'base64url').toString('utf8')) as { rid?: string }).rid;
  } catch {
    return undefined;
  }
}

/** Codes of a subgraph's refusal that are about the caller's request, so the caller sees them as they are. */
const RELAYED_CODES = new Set(['BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN']);
/** A subgraph that refuses the gateway's signature is a misconfiguration (INTERNAL_SECRET differs), not the caller's fault. */
const SIGNATURE_CODES = new Set(['SIGNATURE_REQUIRED', 'SIGNATURE_INVALID', 'SIGNATURE_EXPIRED']);
/** A refusal without a GraphQL reason still says what it is, as Apollo's own data source did. */
const REFUSALS_BY_STATUS: Record<number, { code: string; message: string }> = {
  401: { code: 'UNAUTHENTICATED', message: 'Your credentials were not accepted; sign in again.' },
  403: { code: 'FORBIDDEN', message: 'You may not do this.' },
};

/** A subgraph's refusal of the caller's request, relayed as it is: the subgraph itself is fine. */
class Refusal extends GraphQLError {}

export interface SubgraphSourceOptions {
  /** The subgraph's name, as the supergraph knows it (for errors and logs). */
  name?: string;
  /** Whether a read identical to one already on its way waits for that one. */
  shareInFlight?: boolean;
  /** The longest a call may take before its part of the answer is given up. */
  timeoutMs?: number;
  breaker?: CircuitBreaker;
  /** Told of every call that failed (the error holds the details that stay out of answers). */
  onFailure?: (error: unknown, name: string) => void;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly name: string;
  private readonly breaker?: CircuitBreaker;
  private readonly onFailure?: SubgraphSourceOptions['onFailure'];

  /** `secret`: the internal secret, which signs every request. */
  constructor(url: string, secret: Uint8Array, options: SubgraphSourceOptions = {}) {
    const { shareInFlight = true, timeoutMs } = options;
    // Keep-alive connections through Node's http module (platform/http-client.ts), not the heavier global fetch;
    // a read identical to one already on its way (same subgraph, query, variables, credentials) waits for that one.
    // Signed here, where the body is the exact bytes that will be sent.
    const fetcher = async (target: string, init: PlatformRequest) => {
      const body = init.body ?? '';
      const signature = await signSubgraphRequestInSlices(secret, {
        method: init.method ?? 'POST',
        path: requestTarget(target),
        body,
      });
      const signed = { ...init, headers: injectTraceHeaders({ ...init.headers, ...signature }), timeoutMs };
      return shareInFlight && isRead(init.body) ? sharedRequest(target, signed) : request(target, signed);
    };
    super({ url, fetcher: fetcher as unknown as Fetcher });
    this.name = options.name ?? 'subgraph';
    this.breaker = options.breaker;
    this.onFailure = options.onFailure;
  }

  /**
   * A caller's operation goes out only while the subgraph's circuit lets it; a failure (no answer within the
   * deadline, an HTTP error) counts against the subgraph and answers its fields as SUBGRAPH_UNAVAILABLE.
   * A refusal of the caller's own request (bad input, credentials) is relayed: it says nothing of the subgraph.
   */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    // Health checks and schema loading are the gateway's own: they neither count against the subgraph nor wait on it.
    if (!('incomingRequestContext' in options)) return this.distinctly(options);
    return withSpan(`fetch ${this.name}`, { 'subgraph.name': this.name }, (span) => this.guarded(options, span), {
      kind: SpanKind.CLIENT,
    });
  }

  private async guarded(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
    span: Span,
  ): Promise<GatewayGraphQLResponse> {
    const fetch = { query: options.request.query, variables: options.request.variables };
    if (this.breaker && !this.breaker.allows()) {
      markFailed(span, 'circuit open');
      return { errors: unavailableErrors(fetch, this.name, 'paused') };
    }
    try {
      const response = await this.distinctly(options);
      this.breaker?.succeeded();
      return response;
    } catch (error) {
      if (error instanceof Refusal) {
        this.breaker?.succeeded();
        throw error;
      }
      this.breaker?.failed();
      recordFailure(span, error);
      this.onFailure?.(error, this.name);
      return { errors: unavailableErrors(fetch, this.name, 'failed') };
    }
  }

  /** Sends each distinct representation once and spreads the answer back over the original positions. */
  private async distinctly(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const representations = options.request.variables?.representations as Representation[] | undefined;
    if (!Array.isArray(representations) || representations.length < 2) return super.process(options);
    const { distinct, positions } = distinctRepresentations(representations);
    if (distinct.length === representations.length) return super.process(options);
    options.request.variables = { ...options.request.variables, representations: distinct };
    return spreadEntities(await super.process(options), positions);
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http?.headers;
    if (!headers || !context) return;
    if (context.authorization) headers.set('authorization', context.authorization);
    if (context.requestId) headers.set(REQUEST_ID_HEADER, context.requestId);
    if (context.callerContext) headers.set(CALLER_HEADER, context.callerContext);
  }

  /**
   * A subgraph that refuses a request with an HTTP error (400 for input it cannot coerce) says why in
   * GraphQL errors: the caller gets that reason with its code (bad input stays BAD_USER_INPUT), never
   * "400: Bad Request" with the subgraph's internal address and body. Anything else is the subgraph
   * failing: SUBGRAPH_UNAVAILABLE, with the details (address, status, body) kept for the log.
   */
  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    const body: unknown = await response.text().then((text) => safeJson(text));
    const reason = (body as { errors?: { message?: unknown; extensions?: { code?: unknown } }[] } | null)?.errors?.[0];
    if (reason && typeof reason.message === 'string' && RELAYED_CODES.has(String(reason.extensions?.code))) {
      return new Refusal(reason.message, { extensions: { code: reason.extensions?.code } });
    }
    const refused = SIGNATURE_CODES.has(String(reason?.extensions?.code))
      ? undefined
      : REFUSALS_BY_STATUS[response.status];
    if (refused) return new Refusal(refused.message, { extensions: { code: refused.code } });
    const detail = new Error(
      `subgraph ${response.url} answered ${response.status} ${response.statusText}: ${JSON.stringify(body)?.slice(0, 2000)}`,
    );
    return new GraphQLError(`The ${this.name} service could not answer.`, {
      extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE },
      originalError: detail,
    });
  }

  override didReceiveResponse({ response, context }: ReceivedResponse): GatewayGraphQLResponse {
    if (!context) return response;
    const caller = response.http?.headers.get(CALLER_HEADER);
    // An answer shared with another request in flight may carry the context made for that request: not ours.
    if (caller && !context.callerContext && requestIdOf(caller) === context.requestId) context.callerContext = caller;
    const tags = response.extensions?.[CACHE_TAGS_EXTENSION];
    if (Array.isArray(tags)) for (const tag of tags) context.cacheTags?.add(String(tag));
    return response;
  }
}
