/**
 * Counts a gateway replica adds up in memory and sends, every few seconds and at stop, to the subgraph that owns
 * them, which adds them to its own (partner usage, field usage). Nothing is shared between replicas: each sends its
 * own increments. What cannot be sent is kept and added to what comes next, for the next flush.
 */
import type { Logger } from '../platform/logger';

export interface CountsOptions<E> {
  /** What the log calls them when they cannot be sent. */
  what: string;
  /** Entries with the same key are added up into one. */
  keyOf: (entry: E) => string;
  add: (counted: E, more: E) => E;
  /** Sends one batch to its owner; throws when it was not taken. */
  send: (batch: E[]) => Promise<void>;
  /** Entries per send. */
  batchSize?: number;
  /** Called as each flush begins (e.g. to forget what was only bounded until the next one). */
  onFlush?: () => void;
}

export class PendingCounts<E> {
  private entries = new Map<string, E>();
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: CountsOptions<E>,
    private readonly log: Logger,
  ) {}

  /** How many distinct entries wait to be sent. */
  get size(): number {
    return this.entries.size;
  }

  add(entry: E): void {
    const key = this.options.keyOf(entry);
    const counted = this.entries.get(key);
    this.entries.set(key, counted ? this.options.add(counted, entry) : entry);
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  /** Sends what was counted since the last flush, one flush at a time. */
  flush(): Promise<void> {
    this.options.onFlush?.();
    this.flushing = this.flushing.then(() => this.sendAll());
    return this.flushing;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async sendAll(): Promise<void> {
    if (this.entries.size === 0) return;
    // Sorted by key, so that replicas adding up the same rows lock them in the same order.
    const entries = [...this.entries].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, entry]) => entry);
    this.entries = new Map();
    const size = this.options.batchSize ?? entries.length;
    for (let at = 0; at < entries.length; at += size) {
      try {
        await this.options.send(entries.slice(at, at + size));
      } catch (error) {
        for (const entry of entries.slice(at)) this.add(entry);
        this.log.warn({ err: error }, `${this.options.what} not recorded yet; will retry`);
        return;
      }
    }
  }
}
