/**
 * One circuit breaker per subgraph: after `failures` calls in a row fail (no answer, a timeout, an HTTP
 * error), the gateway stops calling that subgraph for `coolDownMs` and answers its part as
 * SUBGRAPH_UNAVAILABLE at once; then one trial call goes through (half-open): its success closes the
 * circuit, its failure opens it for another cool-down. A hanging subgraph so costs each request at most one
 * timeout, and a dead one costs nothing once the circuit is open.
 */

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerSettings {
  /** Consecutive failures that open the circuit. */
  failures: number;
  /** How long an open circuit refuses calls before it lets one trial through. */
  coolDownMs: number;
}

export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openedAt: number | null = null;
  private trialInFlight = false;

  constructor(
    private readonly settings: BreakerSettings,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): BreakerState {
    if (this.openedAt === null) return 'closed';
    return this.now() - this.openedAt >= this.settings.coolDownMs ? 'half-open' : 'open';
  }

  /** Whether a call may go out now; in half-open, only one call at a time (the trial) does. */
  allows(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  succeeded(): void {
    this.consecutiveFailures = 0;
    this.openedAt = null;
    this.trialInFlight = false;
  }

  failed(): void {
    this.consecutiveFailures += 1;
    // A failed trial opens the circuit again at once; a closed one opens at the threshold.
    if (this.trialInFlight || this.consecutiveFailures >= this.settings.failures) this.openedAt = this.now();
    this.trialInFlight = false;
  }
}
