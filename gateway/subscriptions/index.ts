/**
 * Live updates (issue 14): GraphQL subscriptions served by the gateway itself, since @apollo/gateway passes none
 * through. A request to /graphql that accepts `text/event-stream` (graphql-sse, EventSource) or Apollo Client's
 * `multipart/mixed;subscriptionSpec=1.0` comes here instead of going to Apollo Server. It passes the front door's
 * stages first (CORS, size limits, identification, rate limits: one subscription counts as one request), then the
 * subscription is checked, the subscriber's rights asked, and the stream stays open until the client leaves,
 * the subscriber may no longer watch, or the gateway stops.
 */
import type http from 'node:http';
import type { ApolloGateway } from '@apollo/gateway';
import type { ApolloServer } from '@apollo/server';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type { ChangeBus } from '../../platform/changes';
import type { TokenVerifier } from '../../platform/auth';
import { ErrorCode, httpStatusOf } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import { addressKey, type ClientAddress } from '../client-address';
import type { GatewayContext } from '../context';
import { write } from '../http';
import { admit, jsonAnswer, type Answer, type Exchange, type Stage } from '../pipeline';
import { EventLog, type EventLogLimits } from './event-log';
import {
  BadSubscription,
  checkSubscription,
  liveSchema,
  type Subscription,
  type SubscriptionRequest,
} from './operation';
import { LiveSession } from './session';
import { transport, transportAsked, type TransportKind } from './transports';

export interface LiveUpdatesOptions {
  server: ApolloServer<GatewayContext>;
  gateway: ApolloGateway;
  verifier: TokenVerifier;
  changes: ChangeBus;
  log: Logger;
  /** The front door's stages a stream passes too (CORS, request body, identification, rate limits). */
  stages: Stage[];
  /** How many events, for how long, are kept for clients that resume (Last-Event-ID). */
  window: EventLogLimits;
  heartbeatMs?: number;
  /** How many streams one account (signed out: one address) may hold open at once on this gateway. */
  streamsPerClient: number;
  addressOf: ClientAddress;
}

export class LiveUpdates {
  private readonly events: EventLog;
  private readonly sessions = new Set<LiveSession>();
  /** Open streams per client (`account:<login>`, `address:<key>`). */
  private readonly open = new Map<string, number>();
  private schemaOf?: { api: GraphQLSchema; live: GraphQLSchema };

  constructor(private readonly options: LiveUpdatesOptions) {
    this.events = new EventLog(options.window);
    this.events.listen(options.changes);
  }

  /** Whether the request asks for a stream (then `handle` answers it). */
  wants(req: http.IncomingMessage): boolean {
    return (req.method === 'GET' || req.method === 'POST') && transportAsked(req.headers.accept) !== null;
  }

  async handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const kind = transportAsked(req.headers.accept)!;
    const { exchange, answer, admitted } = await admit(this.options.stages, req, url);
    if (!admitted) return write(res, answer);
    const refused = (error: GraphQLFormattedError, status = httpStatusOf(error.extensions?.code)) =>
      write(res, this.refusalAnswer(kind, status, error, answer.headers));
    if (exchange.headers['x-api-key']) {
      return refused({
        message: 'Partners read through their registered operations; live updates are for accounts and the public.',
        extensions: { code: ErrorCode.FORBIDDEN },
      });
    }
    if (exchange.credentialError) return refused(formatted(exchange.credentialError, ErrorCode.UNAUTHENTICATED), 401);
    let subscription: Subscription;
    try {
      subscription = checkSubscription(this.schema(), requestOf(exchange));
    } catch (error) {
      if (error instanceof BadSubscription) return refused(formatted(error, 'BAD_REQUEST'), 400);
      throw error;
    }
    const client = exchange.claims
      ? `account:${exchange.claims.login}`
      : `address:${addressKey(this.options.addressOf(req.socket.remoteAddress, exchange.headers['x-forwarded-for'] as string | undefined))}`;
    if ((this.open.get(client) ?? 0) >= this.options.streamsPerClient) {
      const message = `At most ${this.options.streamsPerClient} live update streams may be open at once for one client; close one first.`;
      return refused({ message, extensions: { code: ErrorCode.RATE_LIMITED } });
    }
    const subscriber = {
      authorization: exchange.client === 'account' ? (exchange.headers.authorization as string) : undefined,
      claims: exchange.claims,
    };
    const stream = transport(kind, res);
    const session = new LiveSession({ ...this.options, events: this.events }, subscription, subscriber, (delivery) => {
      if (!res.writableEnded) stream.write(delivery);
      if (delivery.kind === 'close') this.sessions.delete(session);
    });
    const denied = await session.refusal();
    if (denied) return refused(denied);
    if (res.destroyed) return; // the client left while its rights were asked
    res.writeHead(200, {
      ...answer.headers,
      'content-type': stream.contentType,
      'cache-control': 'no-store',
      'x-accel-buffering': 'no', // a proxy must pass each event on at once
      'x-request-id': exchange.requestId,
    });
    stream.open();
    this.sessions.add(session);
    this.open.set(client, (this.open.get(client) ?? 0) + 1);
    const heartbeat = setInterval(() => stream.heartbeat(), this.options.heartbeatMs ?? 15_000);
    res.on('close', () => {
      clearInterval(heartbeat);
      session.close();
      const left = (this.open.get(client) ?? 1) - 1;
      if (left > 0) this.open.set(client, left);
      else this.open.delete(client);
    });
    session.start(lastEventId(exchange));
  }

  /** Ends every open stream (the gateway stops; clients reconnect to another replica and resume). */
  stop(): void {
    for (const session of this.sessions) session.close();
    this.sessions.clear();
    this.events.stop();
  }

  /** The API schema with the Subscription type, made again when the supergraph is reloaded. */
  private schema(): GraphQLSchema {
    const api = this.options.gateway.schema;
    if (!api) throw new Error('The supergraph is not loaded yet.');
    if (this.schemaOf?.api !== api) this.schemaOf = { api, live: liveSchema(api) };
    return this.schemaOf.live;
  }

  private refusalAnswer(
    kind: TransportKind,
    status: number,
    error: GraphQLFormattedError,
    headers: Record<string, string>,
  ): Answer {
    const answer =
      kind === 'multipart'
        ? jsonAnswer(
            status,
            { errors: [error] },
            { 'content-type': 'application/graphql-response+json; charset=utf-8' },
          )
        : jsonAnswer(status, { errors: [error] });
    answer.headers = { ...headers, ...answer.headers, 'cache-control': 'no-store' };
    return answer;
  }
}

function formatted(error: unknown, code: string): GraphQLFormattedError {
  const { message, extensions } = error as { message: string; extensions?: Record<string, unknown> };
  return { message, extensions: { code: extensions?.code ?? code } };
}

function requestOf(exchange: Exchange): SubscriptionRequest {
  if (exchange.method === 'POST') return exchange.body ?? {};
  const params = exchange.url.searchParams;
  const json = (name: string) => {
    const value = params.get(name);
    return value === null ? undefined : (JSON.parse(value) as unknown); // request-body checked it is JSON
  };
  return {
    query: params.get('query') ?? undefined,
    operationName: params.get('operationName') ?? undefined,
    variables: json('variables'),
  };
}

/** Where the client resumes: the Last-Event-ID header (EventSource sends it), or `lastEventId` in the URL. */
function lastEventId(exchange: Exchange): string | undefined {
  const value = exchange.headers['last-event-id'] ?? exchange.url.searchParams.get('lastEventId') ?? undefined;
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
