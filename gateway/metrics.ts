/**
 * Prometheus metrics (prom-client): request durations and outcomes at the gateway, partner refusals,
 * response cache hits and misses, and Node's own process metrics. Labels stay few (no ids, no query text).
 * Served at /metrics on a port of their own (METRICS_PORT), never on the public one: what the platform
 * serves and refuses is for the operators' Prometheus, not for whoever reaches the gateway.
 */
import http from 'node:http';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { listen, type Listening } from '../platform/listen';

export class GatewayMetrics {
  readonly registry = new Registry();
  readonly requests = new Histogram({
    name: 'mpi_gateway_request_duration_seconds',
    help: 'GraphQL requests at the gateway, by kind of client and HTTP status.',
    labelNames: ['client', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly refusals = new Counter({
    name: 'mpi_gateway_refusals_total',
    help: 'Requests refused before GraphQL ran, by error code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly responseCache = new Counter({
    name: 'mpi_gateway_response_cache_total',
    help: 'Response cache lookups and stores: hit, miss, bypass (not cacheable), store, invalidated entries.',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'mpi_gateway_' });
  }
}

/** The metrics server: GET /metrics on `port`, nothing else. Its `url` is the scrape address. */
export async function serveMetrics(
  metrics: GatewayMetrics,
  host: string,
  port: number,
  onError: (error: unknown) => void,
): Promise<Listening> {
  const server = http.createServer((req, res) => {
    if (new URL(req.url ?? '/', 'http://metrics').pathname !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: metrics are at /metrics.');
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      (error: unknown) => {
        onError(error);
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Metrics could not be collected.');
      },
    );
  });
  const listening = await listen(server, host, port, 'gateway metrics server');
  return { url: listening.url.replace(/\/graphql$/, '/metrics'), close: listening.close };
}
