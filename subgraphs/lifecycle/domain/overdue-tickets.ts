/**
 * issue 14: a ticket passing its deadline is no act of anybody, so a background job notices it: each pass
 * marks the open tickets past their deadline not yet announced, and writes a live event for each in the same
 * transaction (the outbox's rule), so a dashboard hears it once, whichever replica of the subgraph noticed.
 */
import { In, IsNull, LessThan, type DataSource } from 'typeorm';
import type { BackgroundJob } from '../../common/server';
import type { SubgraphServices } from '../../common/context';
import { enqueueLiveEvent } from '../../common/live-events';
import type { Logger } from '../../../platform/logger';
import { inTransaction } from '../../common/transaction';
import { Ticket } from '../entities/ticket';
import { periodicJob } from '../../common/periodic';

/** Announces the tickets that became overdue; returns how many. */
export async function announceOverdueTickets(db: DataSource, now = new Date()): Promise<number> {
  const due = await db.getRepository(Ticket).find({
    select: { id: true },
    where: { state: In(['OPEN', 'IN_PROGRESS']), deadline: LessThan(now), overdueAnnouncedAt: IsNull() },
    take: 100,
  });
  let announced = 0;
  for (const { id } of due) {
    await inTransaction(db, async (tx) => {
      // Conditional: another replica's pass may have announced it meanwhile.
      const result = await tx
        .getRepository(Ticket)
        .update({ id, overdueAnnouncedAt: IsNull() }, { overdueAnnouncedAt: now });
      if (!result.affected) return;
      await enqueueLiveEvent(tx, 'ticketOverdue', { ticketId: id });
      announced++;
    });
  }
  return announced;
}

export function overdueWatch(services: SubgraphServices, log: Logger): BackgroundJob {
  const pass = async () => ((await announceOverdueTickets(services.db)) > 0 ? services.relay?.deliver() : undefined);
  return periodicJob(services.config.schedulerIntervalMs, pass, log, 'overdue tickets pass', { atStart: true });
}
