/**
 * A subgraph's HTTP server: Apollo Server behind Node's http module, each request served inside its
 * request scope (platform/request-scope.ts) so that peer calls made for it carry its id and caller
 * context on. When this subgraph worked out the caller, the answer hands it back to the gateway in
 * the `x-mpi-caller` header, for the gateway's next calls in the same request.
 * It answers only the platform: every request but /health must be signed by the gateway or a peer
 * (platform/request-signature.ts), checked before the body is parsed. Whatever goes wrong, the answer is a
 * JSON GraphQL error; no CORS headers (browsers talk to the gateway, never to a subgraph).
 * A signed request is served inside a server span that continues the caller's trace (`traceparent`, issue 12).
 */
import crypto from 'node:crypto';
import http from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import { CALLER_HEADER } from '../../platform/caller-context';
import { listen, type Listening } from '../../platform/listen';
import { megabytes, readBody } from '../../platform/request-body';
import {
  SIGNATURE_HEADER,
  SIGNED_AT_HEADER,
  checkSubgraphRequest,
  type SignatureCheck,
} from '../../platform/request-signature';
import { REQUEST_ID_HEADER, inRequestScope, type RequestScope } from '../../platform/request-scope';
import { SpanKind, extractTraceContext, markFailed, withSpan } from '../../platform/tracing';
import type { SubgraphName } from '../../platform/config';
import type { SubgraphContext } from './context';
import type { Logger } from '../../platform/logger';

export function send(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
}

/** A refusal as a JSON GraphQL error; never kept by a cache. */
export function refuse(
  res: http.ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  send(res, status, { errors: [{ message, extensions: { code } }] }, { 'cache-control': 'no-store', ...headers });
}

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** A signed request to a route outside GraphQL (the content subgraph's files, subgraphs/content/files.ts). */
export interface FileRequest {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  url: URL;
  method: string;
  /** The signature check, fed nothing yet: the route reads the body (if any) through it and finishes it. */
  check: SignatureCheck;
  /** The caller's context, as a GraphQL request of the same headers gets it. */
  context(): Promise<SubgraphContext>;
}

/** Routes a subgraph serves besides /graphql, each answering its own requests. */
export interface FileRoutes {
  serves(pathname: string): boolean;
  handle(request: FileRequest): Promise<void>;
}

export async function serveSubgraph(
  server: ApolloServer<SubgraphContext>,
  options: {
    /** The subgraph's name, for messages. */
    name: string;
    /** Which subgraph this is (spans). */
    subgraph: SubgraphName;
    host: string;
    port: number;
    requests: { count: number };
    log: Logger;
    /** The internal secret every request must be signed with. */
    secret: Uint8Array;
    /** The largest request body (the gateway's largest, for a signed-in account's upload). */
    maxBodyBytes: number;
    context: (req: http.IncomingMessage, scope: RequestScope) => Promise<SubgraphContext>;
    /** Readiness: whether what the subgraph depends on (its database) answers. */
    ready: () => Promise<{ ready: boolean; database: string }>;
    /** Routes besides /graphql, if the subgraph has any. */
    files?: FileRoutes;
  },
): Promise<Listening> {
  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://subgraph');
    // Liveness: the process answers, asking no one. Readiness: its database answers too.
    if (url.pathname === '/health') return send(res, 200, { status: 'ok' });
    if (url.pathname === '/ready') {
      const { ready, database } = await options.ready();
      return send(
        res,
        ready ? 200 : 503,
        { status: ready ? 'ready' : 'not ready', database },
        { 'cache-control': 'no-store' },
      );
    }
    const files = options.files?.serves(url.pathname) ? options.files : undefined;
    if (url.pathname !== '/graphql' && url.pathname !== '/' && !files)
      return refuse(res, 404, 'NOT_FOUND', 'Not found: the API is at /graphql.');
    const method = req.method?.toUpperCase() ?? 'GET';
    const signature = {
      signature: single(req.headers[SIGNATURE_HEADER]),
      signedAt: single(req.headers[SIGNED_AT_HEADER]),
      trailer: single(req.headers.trailer),
    };
    const check = checkSubgraphRequest(options.secret, { method, path: req.url ?? '/' }, signature);
    if (check.refusal) return refuse(res, check.refusal.status, check.refusal.code, check.refusal.message);
    const requestId = single(req.headers[REQUEST_ID_HEADER]) || crypto.randomUUID();
    const scope: RequestScope = { requestId, authorization: req.headers.authorization };
    if (files) {
      const context = () => options.context(req, scope);
      return inRequestScope(scope, () => files.handle({ req, res, url, method, check, context }));
    }
    const raw = await readBody(req, options.maxBodyBytes, (chunk) => check.update(chunk));
    if (raw === null)
      return refuse(res, 413, 'BAD_REQUEST', `The request is larger than ${megabytes(options.maxBodyBytes)}.`);
    const refused = check.finish(req.trailers);
    if (refused) return refuse(res, refused.status, refused.code, refused.message);
    options.requests.count += 1;
    let body: unknown = null;
    if (method === 'POST') {
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        return refuse(res, 400, 'BAD_REQUEST', 'The body is not JSON.');
      }
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers))
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    const attributes = { 'subgraph.name': options.subgraph, 'mpi.request_id': requestId };
    const spanOptions = { kind: SpanKind.SERVER, parent: extractTraceContext(req.headers) };
    await withSpan(
      `${options.subgraph} request`,
      attributes,
      async (span) => {
        const started = performance.now();
        const response = await inRequestScope(scope, () =>
          server.executeHTTPGraphQLRequest({
            httpGraphQLRequest: { method, headers, search: url.search, body },
            context: () => options.context(req, scope),
          }),
        );
        const status = response.status ?? 200;
        span.setAttribute('http.response.status_code', status);
        if (status >= 500) markFailed(span, `HTTP ${status}`);
        for (const [key, value] of response.headers) res.setHeader(key, value);
        if (scope.workedOutHere && scope.callerContext) res.setHeader(CALLER_HEADER, scope.callerContext);
        res.statusCode = status;
        if (response.body.kind === 'complete') res.end(response.body.string);
        else {
          for await (const chunk of response.body.asyncIterator) res.write(chunk);
          res.end();
        }
        options.log.debug({ status, ms: Math.round(performance.now() - started), requestId }, 'request served');
      },
      spanOptions,
    );
  }

  const httpServer = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      options.log.error({ err: error }, 'request failed');
      if (!res.headersSent) refuse(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error.');
      else res.destroy();
    });
  });
  return listen(httpServer, options.host, options.port, options.name);
}
