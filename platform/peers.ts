/**
 * The one mechanism by which a subgraph asks another for a fact it owns: a GraphQL request
 * over HTTP to the owner, carrying the caller's own credentials, signed with the internal secret
 * (platform/request-signature.ts: subgraphs answer only the platform). Never another's database.
 */
import type { SubgraphName } from './config';
import { DomainError, ErrorCode } from './errors';
import { request, type PlatformResponse } from './http-client';
import { SERVICE_HEADER } from './service-auth';
import { CALLER_HEADER } from './caller-context';
import { requestTarget, signSubgraphRequest } from './request-signature';
import { REQUEST_ID_HEADER, currentScope } from './request-scope';
import { SpanKind, injectTraceHeaders, withSpan } from './tracing';

/**
 * An operation of the owner's peer-operations.graphql, as npm run codegen generates it (generated/peer-operations.ts):
 * its text, and the types of its answer and variables, checked against the owner's schema.
 */
export interface PeerOperation<Result, Variables> {
  /** Never there at run time: carries the types (the shape of `DocumentTypeDecoration`, typed-document-node). */
  __apiType?: (variables: Variables) => Result;
  toString(): string;
}

/** The answer of `_entities`, in the order of the representations asked: each one of the type asked, or null. */
export function entitiesOf<Entity extends { __typename: string }, Typename extends Entity['__typename']>(
  entities: readonly (Entity | null)[],
  typename: Typename,
): (Extract<Entity, { __typename: Typename }> | null)[] {
  return entities.map((entity) =>
    entity?.__typename === typename ? (entity as Extract<Entity, { __typename: Typename }>) : null,
  );
}

/** On whose account a peer is asked. */
export interface PeerCredentials {
  /** The caller's Authorization header, passed on unchanged. */
  authorization?: string;
  /** A service token, when the subgraph acts on its own account (see service-auth.ts). */
  service?: string;
}

interface PeerQuery extends PeerCredentials {
  query: string;
  variables?: Record<string, unknown>;
}

/** The owner could not be reached or did not answer (down, restarting, failing): not an answer to the question. */
export class PeerUnreachable extends DomainError {
  constructor(owner: SubgraphName, why: string, cause?: unknown) {
    super(
      ErrorCode.INTERNAL_SERVER_ERROR,
      `The ${owner} service ${why}.`,
      cause === undefined ? {} : { cause: String(cause) },
    );
  }
}

/** Who asks a peer: the caller's own Authorization, or the subgraph's service token when it acts on its own account. */
export interface Asker {
  peers: Peers;
  authorization?: string;
  /** Service token, when a subgraph acts on its own account (the publishing scheduler, the outbox relay). */
  service?: string;
}

export class Peers {
  /** `secret`: the internal secret (service-auth.ts `internalSecret`), which signs every request. */
  constructor(
    private readonly urls: Record<SubgraphName, string>,
    private readonly secret: Uint8Array | Promise<Uint8Array>,
  ) {}

  /** Points the client at a subgraph's address once it is known (tests listen on port 0). */
  setUrl(name: SubgraphName, url: string): void {
    this.urls[name] = url;
  }

  /**
   * Asks the owner one of its peer operations, with these variables, on the caller's or the service's account.
   * A client span of the request's trace (or a trace of its own, for work outside a request) carried on in `traceparent`.
   */
  send<Result, Variables extends Record<string, unknown>>(
    owner: SubgraphName,
    operation: PeerOperation<Result, Variables>,
    variables: NoInfer<Variables>,
    credentials: PeerCredentials,
  ): Promise<Result> {
    const peerQuery: PeerQuery = { query: operation.toString(), variables, ...credentials };
    return withSpan(`peer call ${owner}`, { 'subgraph.name': owner }, () => this.ask<Result>(owner, peerQuery), {
      kind: SpanKind.CLIENT,
    });
  }

  private async ask<T>(owner: SubgraphName, peerQuery: PeerQuery): Promise<T> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (peerQuery.authorization) headers.authorization = peerQuery.authorization;
    if (peerQuery.service) headers[SERVICE_HEADER] = peerQuery.service;
    // Within a request: its id, and the caller as already worked out for the same credentials.
    const scope = currentScope();
    if (scope?.requestId) {
      headers[REQUEST_ID_HEADER] = scope.requestId;
      if (scope.callerContext && peerQuery.authorization && peerQuery.authorization === scope.authorization)
        headers[CALLER_HEADER] = scope.callerContext;
    }
    const url = this.urls[owner];
    const body = JSON.stringify({ query: peerQuery.query, variables: peerQuery.variables ?? {} });
    Object.assign(headers, signSubgraphRequest(await this.secret, { method: 'POST', path: requestTarget(url), body }));
    injectTraceHeaders(headers);
    let response: PlatformResponse;
    try {
      response = await request(url, { method: 'POST', headers, body, timeoutMs: 10_000 });
    } catch (error) {
      throw new PeerUnreachable(owner, 'cannot be reached', error);
    }
    // A peer that worked out the caller for this very request hands it back: the rest of the request uses it.
    const handedBack = response.headers.get(CALLER_HEADER);
    if (
      handedBack &&
      scope &&
      !scope.callerContext &&
      peerQuery.authorization &&
      peerQuery.authorization === scope.authorization
    ) {
      scope.callerContext = handedBack;
    }
    const answer = (await response.json().catch(() => ({}))) as {
      data?: T;
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    const first = answer.errors?.[0];
    if (!answer.data && response.status >= 500) throw new PeerUnreachable(owner, `answered HTTP ${response.status}`);
    if (first) {
      const code = (first.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR) as ErrorCode;
      throw new DomainError(code, first.message);
    }
    if (!answer.data) {
      throw new DomainError(ErrorCode.INTERNAL_SERVER_ERROR, `The ${owner} service answered HTTP ${response.status}.`);
    }
    return answer.data;
  }
}
