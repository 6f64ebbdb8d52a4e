/**
 * The gateway's request path as one pipeline of named stages (ARCHITECTURE.md, "The front door"):
 * tracing → CORS → compression → request body → client identification (partner key, token) → rate limits →
 * GraphQL IDE (a browser's navigation, its files; with GRAPHQL_IDE on) → HTTP caching (ETag, 304) → field usage →
 * response cache → response size → Apollo. Each stage is a file under gateway/stages/ and sees the exchange on its
 * way in and the answer on its way out; adding a gateway feature means adding a stage.
 */
import crypto from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Claims } from '../platform/auth';

/** Who sends the request, as far as the gateway can tell before GraphQL runs. */
export type ClientKind = 'partner' | 'account' | 'anonymous';

/** A GraphQL-over-HTTP request body as it arrives: nothing in it is trusted until a stage has checked it. */
export interface GraphQLRequestBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
  extensions?: { persistedQuery?: { sha256Hash?: unknown; version?: unknown }; [name: string]: unknown };
  [name: string]: unknown;
}

export interface Exchange {
  readonly req: IncomingMessage;
  readonly method: string;
  readonly url: URL;
  /** The request's headers; stages may remove what must not travel on (a partner's Authorization). */
  readonly headers: IncomingHttpHeaders;
  /** One id per request, sent to every subgraph called for it. */
  readonly requestId: string;
  /** The parsed JSON body of a POST; `null` for GET. */
  body: GraphQLRequestBody | null;
  client: ClientKind;
  /** The verified token's claims (`null`: anonymous); set by identification. */
  claims: Claims | null;
  /** The partner whose key was presented and whose operation runs, with its limit (set by the partner stage). */
  partner?: { id: string; rateLimitPerMinute: number };
  /** Why the presented credentials were refused; the GraphQL layer answers with it. */
  credentialError?: unknown;
  /** What the answer holds, as the subgraphs reported it (for the response cache). */
  cacheTags?: Set<string>;
  /** The schema coordinates (`Type.field`) of the operation Apollo executed, for field usage. */
  coordinates?: readonly string[];
  /** Called once the answer is sent (e.g. a partner's usage). */
  onSent: ((ms: number, status: number) => void)[];
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  /** The uncompressed body (UTF-8 JSON), empty for 204/304. */
  body: Buffer;
  /** Compressed forms of the same body kept with a cached answer, so they are made once. */
  encodings?: Map<string, Buffer>;
  /** The code of a refusal made before GraphQL ran (for metrics). */
  refused?: string;
}

/** One id per request, sent to every subgraph called for it. */
export const newRequestId = (): string => crypto.randomUUID();

/** A request as it enters the pipeline: nothing known of its body or caller yet, a fresh request id. */
export function newExchange(req: IncomingMessage, method: string, url: URL): Exchange {
  return {
    req,
    method,
    url,
    headers: { ...req.headers },
    requestId: newRequestId(),
    body: null,
    client: 'anonymous',
    claims: null,
    onSent: [],
  };
}

export type Next = () => Promise<Answer>;
export type Stage = (exchange: Exchange, next: Next) => Promise<Answer>;

/** One stage after the other; the last one answers. */
export function pipeline(
  stages: Stage[],
  last: (exchange: Exchange) => Promise<Answer>,
): (exchange: Exchange) => Promise<Answer> {
  return (exchange) => {
    const run = (index: number): Promise<Answer> =>
      index === stages.length ? last(exchange) : stages[index](exchange, () => run(index + 1));
    return run(0);
  };
}

/**
 * A request answered outside the pipeline (a live stream, a file) that passes the front door's stages first: its
 * exchange, and the answer the stages made. `admitted` is false when they answered it themselves (a refusal, a
 * preflight); otherwise the answer carries the headers they added (CORS, rate limits).
 */
export async function admit(
  stages: Stage[],
  req: IncomingMessage,
  url: URL,
): Promise<{ exchange: Exchange; answer: Answer; admitted: boolean }> {
  let admitted = false;
  const front = pipeline(stages, async () => {
    admitted = true;
    return { status: 200, headers: {}, body: Buffer.alloc(0) };
  });
  const exchange = newExchange(req, req.method?.toUpperCase() ?? 'GET', url);
  const answer = await front(exchange);
  return { exchange, answer, admitted };
}

export function jsonAnswer(status: number, value: unknown, headers: Record<string, string> = {}): Answer {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: Buffer.from(JSON.stringify(value)),
  };
}

/** A refusal outside GraphQL, shaped like a GraphQL error so clients read it the same way; `details` join its extensions. */
export function refusal(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
  details: Record<string, unknown> = {},
): Answer {
  const error = { message, extensions: { code, ...details } };
  return { ...jsonAnswer(status, { errors: [error] }, { 'cache-control': 'no-store', ...headers }), refused: code };
}

export function header(exchange: Exchange, name: string): string | undefined {
  const value = exchange.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Adds a token to the Vary header of an answer. */
export function vary(answer: Answer, name: string): void {
  const existing = answer.headers.vary;
  if (!existing) answer.headers.vary = name;
  else if (
    !existing
      .toLowerCase()
      .split(/\s*,\s*/)
      .includes(name.toLowerCase())
  )
    answer.headers.vary = `${existing}, ${name}`;
}
