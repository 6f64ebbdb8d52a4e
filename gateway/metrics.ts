/**
 * Prometheus metrics at /metrics (prom-client): request durations and outcomes at the gateway,
 * partner refusals, response cache hits and misses, and Node's own process metrics. Labels stay few (no ids, no query text).
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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
