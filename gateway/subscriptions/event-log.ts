/**
 * The live events this gateway heard on the change bus, kept for a bounded window (by count and by age) so that a
 * client that lost its stream, here or on another replica, can resume after the last event it saw (Last-Event-ID).
 * Every replica hears every event through Redis pub/sub in the same order under the same ids, so any replica can
 * replay. An event heard twice (an outbox redelivery) is kept and told once.
 */
import type { ChangeBus, LiveEvent } from '../../platform/changes';

export interface EventLogLimits {
  /** How many events are kept at most. */
  maxEvents: number;
  /** How long an event is kept at most (ms). */
  maxAgeMs: number;
}

export type Replay = { kind: 'after'; events: LiveEvent[] } | { kind: 'unknown' };

export class EventLog {
  private kept: { event: LiveEvent; at: number }[] = [];
  private readonly ids = new Set<string>();
  private readonly listeners = new Set<(event: LiveEvent) => void>();
  private unsubscribe?: () => void;

  constructor(private readonly limits: EventLogLimits) {}

  listen(bus: ChangeBus): void {
    this.unsubscribe = bus.subscribeEvents((events) => {
      for (const event of events) this.add(event);
    });
  }

  stop(): void {
    this.unsubscribe?.();
    this.listeners.clear();
  }

  /** Calls `listener` with each new event; returns how to stop. */
  onEvent(listener: (event: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The events kept after the one with `lastId`; `unknown` when it is not (or no longer) kept. */
  after(lastId: string): Replay {
    this.forgetOld();
    const index = this.kept.findIndex((each) => each.event.id === lastId);
    if (index < 0) return { kind: 'unknown' };
    return { kind: 'after', events: this.kept.slice(index + 1).map((each) => each.event) };
  }

  private add(event: LiveEvent): void {
    if (this.ids.has(event.id)) return;
    this.kept.push({ event, at: Date.now() });
    this.ids.add(event.id);
    this.forgetOld();
    for (const listener of this.listeners) listener(event);
  }

  private forgetOld(): void {
    const oldest = Date.now() - this.limits.maxAgeMs;
    let drop = Math.max(0, this.kept.length - this.limits.maxEvents);
    while (drop < this.kept.length && this.kept[drop].at < oldest) drop++;
    if (drop === 0) return;
    for (const each of this.kept.slice(0, drop)) this.ids.delete(each.event.id);
    this.kept = this.kept.slice(drop);
  }
}
