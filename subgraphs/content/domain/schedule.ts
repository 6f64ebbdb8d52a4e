/**
 * Scheduled publishing and taking down. The schedule is in the database, so a restart misses
 * nothing: due documents are picked up on the next pass. Each move is a conditional update on the
 * state that was read, so a document is never published twice, whatever runs at the same time.
 * At the due time the act is checked again, on the scheduling account's behalf: a grant revoked
 * or a channel frozen since scheduling stops it, and the reason is kept on the document.
 */
import { In, LessThanOrEqual, type DataSource } from 'typeorm';
import type { SubgraphServices } from '../../common/context';
import { DomainError } from '../../common/errors';
import type { Logger } from '../../common/logger';
import type { BackgroundJob } from '../../common/server';
import { inTransaction } from '../../common/transaction';
import { Document } from '../entities/document';
import { applyTransition } from './documents';
import { publishingRefusal } from './publishing-right';

export async function runDueSchedules(services: SubgraphServices, log: Logger, now = new Date()): Promise<number> {
  const db = services.db;
  const due = await db.getRepository(Document).find({
    where: [
      { scheduledPublishAt: LessThanOrEqual(now), status: In(['DRAFT', 'UNPUBLISHED']) },
      { scheduledUnpublishAt: LessThanOrEqual(now), status: 'PUBLISHED' },
    ],
    order: { id: 'ASC' },
    take: 100,
  });
  let moved = 0;
  for (const document of due) {
    const publishing = document.status !== 'PUBLISHED';
    if (publishing && document.takenDownByIncidentId) {
      await giveUp(db, document, true, 'taken down by a security incident');
      continue;
    }
    try {
      const asker = { peers: services.peers, service: await services.credentials.token() };
      const refusal = await publishingRefusal(asker, document.scheduledByAccountId, { unitId: document.responsibleUnitId, channelId: document.channelId });
      if (refusal) {
        await giveUp(db, document, publishing, refusal);
        continue;
      }
      await applyTransition(db, document, publishing ? 'PUBLISHED' : 'UNPUBLISHED', document.scheduledByPersonId);
      moved += 1;
    } catch (error) {
      // CONFLICT: another pass or a person moved it first; anything else is retried on the next pass.
      if (!(error instanceof DomainError && error.extensions.code === 'CONFLICT')) log.warn({ err: error, documentId: document.id }, 'scheduled act failed; will retry');
    }
  }
  return moved;
}

async function giveUp(db: DataSource, document: Document, publishing: boolean, reason: string): Promise<void> {
  const clear = publishing ? { scheduledPublishAt: null } : { scheduledUnpublishAt: null };
  await inTransaction(db, (tx) =>
    tx.getRepository(Document).update({ id: document.id, status: document.status }, { ...clear, scheduleError: `${publishing ? 'Publication' : 'Taking down'} not done: ${reason}` }),
  );
}

export function scheduler(services: SubgraphServices, log: Logger): BackgroundJob {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    // What was published or taken down leaves the outbox at once (audit, response caches).
    running = running
      .then(async () => ((await runDueSchedules(services, log)) > 0 ? services.relay?.deliver() : undefined))
      .catch((error: unknown) => log.error({ err: error }, 'scheduler pass failed'));
  };
  return {
    start() {
      tick(); // overdue work from before a restart is done at once
      timer = setInterval(tick, services.config.schedulerIntervalMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
