/**
 * The gateway's HTTP server: Apollo Server behind Node's own http module, so that requests can be
 * refused before GraphQL runs (partner keys, rate limits: HTTP 401/429 with Retry-After) and so
 * that load balancers get a health check at /health.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from '@apollo/server';
import type { GatewayContext } from './context';
import type { GatewayMetrics } from './metrics';

export const MAX_BODY_BYTES = 1024 * 1024;

export interface Refusal {
  status: number;
  code: string;
  message: string;
  headers?: Record<string, string>;
}

/** Looks at a request before GraphQL does; may refuse it or rewrite its body. */
export type Gate = (request: { headers: http.IncomingHttpHeaders; body: Record<string, any> | null; search: string }) => Promise<{ refusal?: Refusal; done?: (ms: number, status: number) => void } | null>;

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
}

function refuse(res: http.ServerResponse, refusal: Refusal): void {
  send(res, refusal.status, { errors: [{ message: refusal.message, extensions: { code: refusal.code } }] }, refusal.headers);
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw Object.assign(new Error('too large'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function serve(
  server: ApolloServer<GatewayContext>,
  options: { host: string; port: number; context: (req: http.IncomingMessage) => Promise<GatewayContext>; gate: Gate; metrics: GatewayMetrics },
): Promise<{ url: string; close(): Promise<void> }> {
  await server.start();
  const httpServer = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      const status = (error as { status?: number }).status ?? 500;
      if (!res.headersSent) refuse(res, { status, code: status === 413 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR', message: status === 413 ? 'The request is larger than 1 MB.' : 'Internal server error.' });
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gateway');
    if (url.pathname === '/health') return send(res, 200, { status: 'ok' });
    if (url.pathname === '/metrics') {
      res.writeHead(200, { 'content-type': options.metrics.registry.contentType }).end(await options.metrics.registry.metrics());
      return;
    }
    if (url.pathname !== '/graphql' && url.pathname !== '/') return send(res, 404, { errors: [{ message: 'Not found: the API is at /graphql.', extensions: { code: 'NOT_FOUND' } }] });
    const started = process.hrtime.bigint();
    const raw = req.method === 'POST' ? await readBody(req) : '';
    let body: Record<string, any> | null = null;
    if (raw) {
      try {
        body = JSON.parse(raw) as Record<string, any>;
      } catch {
        return refuse(res, { status: 400, code: 'BAD_REQUEST', message: 'The body is not JSON.' });
      }
    }
    const client = req.headers['x-api-key'] ? 'partner' : req.headers.authorization ? 'account' : 'anonymous';
    const gated = await options.gate({ headers: req.headers, body, search: url.search });
    if (gated?.refusal) {
      gated.done?.(0, gated.refusal.status);
      options.metrics.refusals.inc({ code: gated.refusal.code });
      return refuse(res, gated.refusal);
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    const httpGraphQLRequest: HTTPGraphQLRequest = { method: req.method?.toUpperCase() ?? 'GET', headers, search: url.search, body };
    const response = await server.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: () => options.context(req) });
    const status = response.status ?? 200;
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = status;
    if (response.body.kind === 'complete') res.end(response.body.string);
    else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    gated?.done?.(ms, status);
    options.metrics.requests.observe({ client, status: String(status) }, ms / 1000);
  }

  await new Promise<void>((resolve) => httpServer.listen(options.port, options.host, resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}/graphql`,
    async close() {
      await server.stop();
      httpServer.closeAllConnections();
      await new Promise((resolve) => httpServer.close(resolve));
    },
  };
}
