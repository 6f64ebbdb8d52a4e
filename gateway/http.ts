/**
 * The gateway's HTTP server: Node's own http module in front of the request pipeline
 * (gateway/pipeline.ts), with liveness at /health (the process answers; nothing else is asked) and
 * readiness at /ready (gateway/readiness.ts). Prometheus metrics are not here but on their own port
 * (gateway/metrics.ts), which the public load balancer does not reach.
 */
import http from 'node:http';
import { listen, type Listening } from '../platform/listen';
import type { GatewayMetrics } from './metrics';
import { jsonAnswer, newExchange, refusal, type Answer, type Exchange } from './pipeline';

export function write(res: http.ServerResponse, answer: Answer, head = false): void {
  res.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
  res.end(head ? undefined : answer.body);
}

export async function serve(options: {
  host: string;
  port: number;
  handle: (exchange: Exchange) => Promise<Answer>;
  metrics: GatewayMetrics;
  ready: () => Promise<Answer>;
  onError: (error: unknown) => void;
  /** Live updates (gateway/subscriptions/): requests that ask for a stream are answered there. */
  streams?: {
    wants(req: http.IncomingMessage): boolean;
    handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void>;
  };
  /** Files in and out (gateway/attachment-files.ts): `/uploads` and `/attachments/<id>`, streamed. */
  files?: {
    wants(pathname: string): boolean;
    handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void>;
  };
  /** A path prefix whose requests the pipeline answers too (the GraphQL IDE's files, gateway/stages/graphql-ide.ts). */
  filesUnder?: string;
}): Promise<Listening> {
  const { metrics } = options;
  const httpServer = http.createServer((req, res) => {
    void route(req, res).catch((error: unknown) => {
      options.onError(error);
      if (!res.headersSent) write(res, refusal(500, 'INTERNAL_SERVER_ERROR', 'Internal server error.'));
      else res.destroy();
    });
  });

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gateway');
    if (url.pathname === '/health')
      return write(res, jsonAnswer(200, { status: 'ok' }, { 'cache-control': 'no-store' }));
    if (url.pathname === '/ready') return write(res, await options.ready(), req.method === 'HEAD');
    if (options.files?.wants(url.pathname)) {
      const started = process.hrtime.bigint();
      await options.files.handle(req, res, url);
      const client = req.headers.authorization ? 'account' : 'anonymous';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      return void metrics.requests.observe({ client, status: String(res.statusCode) }, seconds);
    }
    const files = options.filesUnder !== undefined && url.pathname.startsWith(options.filesUnder);
    if (url.pathname !== '/graphql' && url.pathname !== '/' && !files) {
      return write(res, refusal(404, 'NOT_FOUND', 'Not found: the API is at /graphql.'));
    }
    if (!files && options.streams?.wants(req)) return options.streams.handle(req, res, url);
    const started = process.hrtime.bigint();
    const method = req.method?.toUpperCase() ?? 'GET';
    const exchange = newExchange(req, method, url);
    const answer = await options.handle(exchange);
    answer.headers['x-request-id'] = exchange.requestId;
    write(res, answer, method === 'HEAD');
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    for (const sent of exchange.onSent) sent(ms, answer.status);
    if (answer.refused) metrics.refusals.inc({ code: answer.refused });
    metrics.requests.observe({ client: exchange.client, status: String(answer.status) }, ms / 1000);
  }

  return listen(httpServer, options.host, options.port, 'gateway');
}
