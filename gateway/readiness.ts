/**
 * The gateway's readiness (`/ready`), apart from its liveness (`/health`, which answers at once and asks
 * no one): each subgraph's own readiness (its database), whether it answers at all, and the state of its
 * circuit breaker.
 *
 * Ready (200): every subgraph answers and every circuit is closed. Degraded (still 200): some subgraph is
 * unreachable or paused; the gateway serves partial answers, and taking every replica out of the load
 * balancer for it would turn a partial outage into a whole one. Not ready (503): no subgraph answers, or
 * the gateway is stopping.
 */
import { request } from '../platform/http-client';
import type { SubgraphName } from '../platform/config';
import type { BreakerState, CircuitBreaker } from './circuit-breaker';
import { jsonAnswer, type Answer } from './pipeline';

export interface SubgraphReadiness {
  /** The subgraph answered its readiness check. */
  reachable: boolean;
  /** It answered that it is ready (its database answers). */
  ready: boolean;
  breaker: BreakerState;
  database?: string;
}

export type GatewayStatus = 'ready' | 'degraded' | 'not ready';

/** How long a probe may take, and how long one result serves the probes that follow (load balancers ask often). */
const PROBE_MS = 2000;
const REUSE_MS = 1000;

async function probe(
  url: string,
  timeoutMs: number,
): Promise<Pick<SubgraphReadiness, 'reachable' | 'ready' | 'database'>> {
  try {
    const response = await request(new URL('ready', url).toString(), { timeoutMs });
    const body = (await response.json().catch(() => ({}))) as { database?: unknown };
    const database = typeof body.database === 'string' ? body.database : undefined;
    return { reachable: true, ready: response.status === 200, database };
  } catch {
    return { reachable: false, ready: false };
  }
}

export class Readiness {
  private stopping = false;
  private last?: { at: number; report: Promise<Answer> };

  constructor(
    private readonly urls: Record<SubgraphName, string>,
    private readonly breakers: Record<SubgraphName, CircuitBreaker>,
    private readonly timeoutMs: Record<SubgraphName, number>,
  ) {}

  /** From now on the gateway reports itself not ready, so that load balancers drain it. */
  stop(): void {
    this.stopping = true;
    this.last = undefined;
  }

  answer(): Promise<Answer> {
    const now = Date.now();
    if (!this.last || now - this.last.at >= REUSE_MS) this.last = { at: now, report: this.report() };
    return this.last.report;
  }

  private async report(): Promise<Answer> {
    const names = Object.keys(this.urls) as SubgraphName[];
    const checks = await Promise.all(
      names.map((name) => probe(this.urls[name], Math.min(PROBE_MS, this.timeoutMs[name]))),
    );
    const subgraphs = {} as Record<SubgraphName, SubgraphReadiness>;
    names.forEach((name, at) => (subgraphs[name] = { ...checks[at], breaker: this.breakers[name].state }));
    const all = Object.values(subgraphs);
    let status: GatewayStatus = 'ready';
    if (this.stopping || all.every((each) => !each.reachable)) status = 'not ready';
    else if (all.some((each) => !each.ready || each.breaker !== 'closed')) status = 'degraded';
    return jsonAnswer(status === 'not ready' ? 503 : 200, { status, subgraphs }, { 'cache-control': 'no-store' });
  }
}
