/**
 * A transactional outbox: a message is written in the same transaction as the change it reports,
 * and a relay delivers it afterwards, retrying with back-off until the receiver confirms. Nothing
 * is lost if the process dies between commit and delivery; receivers deduplicate by message id.
 */
import crypto from 'node:crypto';
import {
  Column,
  Entity,
  In,
  IsNull,
  LessThanOrEqual,
  PrimaryColumn,
  Table,
  TableIndex,
  type DataSource,
  type EntityManager,
} from 'typeorm';
import { ID, TIME, idColumn, longTextColumn, textColumn, timeColumn, varchar } from './columns';
import type { Logger } from '../../platform/logger';
import { inTransaction } from './transaction';

@Entity('outbox')
export class OutboxMessage {
  @PrimaryColumn(ID) id: string;
  @Column(varchar(60)) topic: string;
  @Column({ type: 'text' }) payload: string;
  @Column(TIME) createdAt: Date;
  @Column({ type: 'int', default: 0 }) attempts: number;
  @Column(TIME) nextAttemptAt: Date;
  @Column({ ...TIME, nullable: true }) deliveredAt: Date | null;
  @Column({ type: 'text', nullable: true }) lastError: string | null;
}

/** The outbox table, for a subgraph's migration. */
export function outboxTable(): Table {
  return new Table({
    name: 'outbox',
    columns: [
      idColumn(),
      textColumn('topic', 60),
      longTextColumn('payload'),
      timeColumn('createdAt'),
      { name: 'attempts', type: 'int', default: 0 },
      timeColumn('nextAttemptAt'),
      timeColumn('deliveredAt', true),
      longTextColumn('lastError', true),
    ],
    indices: [new TableIndex({ columnNames: ['deliveredAt', 'nextAttemptAt'] })],
  });
}

/** Writes a message inside the caller's transaction. */
export async function enqueue(
  manager: EntityManager,
  topic: string,
  payload: unknown,
  id: string = crypto.randomUUID(),
): Promise<void> {
  const now = new Date();
  await manager.getRepository(OutboxMessage).insert({
    id,
    topic,
    payload: JSON.stringify(payload),
    createdAt: now,
    attempts: 0,
    nextAttemptAt: now,
    deliveredAt: null,
    lastError: null,
  });
}

/** Delivers a batch of one topic; returns the ids delivered (all of them when it returns nothing), throws to retry all. */
export type OutboxHandler = (messages: OutboxMessage[]) => Promise<string[] | void>;

const MAX_BACKOFF_MS = 5 * 60_000;

export class Relay {
  private timer?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: DataSource,
    private readonly handlers: Record<string, OutboxHandler>,
    private readonly log: Logger,
    private readonly options = { intervalMs: 2000, batchSize: 100 },
  ) {}

  /** Delivers what is owed at once (a restart's backlog), then every interval. */
  start(): void {
    void this.deliver();
    this.timer = setInterval(() => void this.deliver(), this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Resolves when the pass under way (if any) is done; never throws. */
  idle(): Promise<void> {
    return this.running;
  }

  /** One delivery pass, after any pass already running; never throws. */
  deliver(): Promise<void> {
    this.running = this.running
      .then(() => this.pass())
      .catch((error: unknown) => this.log.error({ err: error }, 'outbox pass failed'));
    return this.running;
  }

  private async pass(): Promise<void> {
    const repository = this.db.getRepository(OutboxMessage);
    const due = await repository.find({
      where: { deliveredAt: IsNull(), nextAttemptAt: LessThanOrEqual(new Date()) },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: this.options.batchSize,
    });
    const topics = new Map<string, OutboxMessage[]>();
    for (const message of due) topics.set(message.topic, [...(topics.get(message.topic) ?? []), message]);
    for (const [topic, messages] of topics) {
      const handler = this.handlers[topic] as OutboxHandler | undefined;
      let delivered: string[] = [];
      let failure: string | null = handler ? null : `no handler for topic "${topic}"`;
      if (handler) {
        try {
          delivered = (await handler(messages)) ?? messages.map((m) => m.id);
        } catch (error) {
          failure = error instanceof Error ? error.message : String(error);
        }
      }
      const failed = messages.filter((message) => !delivered.includes(message.id));
      await inTransaction(this.db, async (tx) => {
        const outbox = tx.getRepository(OutboxMessage);
        // `attempts` counts every try, the one that succeeded too.
        if (delivered.length > 0)
          await outbox.update({ id: In(delivered) }, { deliveredAt: new Date(), attempts: () => 'attempts + 1' });
        for (const message of failed) {
          const attempts = message.attempts + 1;
          const backoff = Math.min(1000 * 2 ** attempts, MAX_BACKOFF_MS);
          await outbox.update(
            { id: message.id },
            {
              attempts,
              nextAttemptAt: new Date(Date.now() + backoff),
              lastError: (failure ?? 'not confirmed by the receiver').slice(0, 2000),
            },
          );
        }
      });
      if (failed.length > 0)
        this.log.warn({ topic, count: failed.length, reason: failure }, 'outbox delivery failed; will retry');
    }
  }
}
