/**
 * Scheduled publishing and taking down. The schedule is in the database, so a restart misses
 * nothing: due documents are picked up on the next pass. Each move is a conditional update on the
 * state that was read, so a document is never published twice, whatever runs at the same time.
 * At the due time the act is checked again, on the scheduling account's behalf: a grant revoked
 * or a channel frozen since scheduling stops it, and the reason is kept on the document. What is
 * done is the act of whoever scheduled it: the register and the audit log name them (R-T.2, R-T.3).
 */
import { In, LessThanOrEqual, type DataSource } from 'typeorm';
import { auditRecord, enqueueAudit } from '../../common/audit';
import type { Caller } from '../../common/caller';
import { changed, enqueueChange } from '../../common/changes';
import type { SubgraphServices } from '../../common/context';
import { DomainError, badInput, conflict, forbidden } from '../../../platform/errors';
import type { Logger } from '../../../platform/logger';
import { periodicJob } from '../../common/periodic';
import type { BackgroundJob } from '../../common/server';
import { inTransaction } from '../../common/transaction';
import { Document } from '../entities/document';
import { visibleDocument } from './documents';
import { contentWorkers } from './heavy-work';
import { TAKEN_DOWN, applyTransition } from './publishing';
import { assertMayPublish, publishingRefusal, type Asker } from './publishing-right';
import { assertEditable } from './workflow';

export async function scheduleDocument(
  db: DataSource,
  asker: Asker,
  caller: Caller,
  id: string,
  at: { publishAt?: Date | null; unpublishAt?: Date | null; reason?: string | null },
): Promise<Document> {
  const document = await visibleDocument(db, caller, id);
  assertEditable(document.status);
  const now = Date.now();
  if (!at.publishAt && !at.unpublishAt) throw badInput('Give "publishAt", "unpublishAt" or both.', 'publishAt');
  if (at.publishAt && at.publishAt.getTime() <= now)
    throw badInput('"publishAt" must be in the future; publish now instead.', 'publishAt');
  if (at.publishAt && document.status === 'PUBLISHED') throw conflict('The document is already published.');
  if (at.publishAt && document.takenDownByIncidentId) throw forbidden(TAKEN_DOWN);
  if (at.unpublishAt && at.unpublishAt.getTime() <= now)
    throw badInput('"unpublishAt" must be in the future.', 'unpublishAt');
  if (at.publishAt && at.unpublishAt && at.unpublishAt <= at.publishAt)
    throw badInput('"unpublishAt" must be later than "publishAt".', 'unpublishAt');
  const reason = at.reason?.trim() || null;
  // As with unpublishDocument: a document is not taken down without a reason, kept in its register.
  if (at.unpublishAt && !reason)
    throw badInput('Give a reason for taking the document down at "unpublishAt".', 'reason');
  await assertMayPublish(asker, caller, { unitId: document.responsibleUnitId, channelId: document.channelId });
  const changes = {
    scheduledPublishAt: at.publishAt ?? document.scheduledPublishAt,
    scheduledUnpublishAt: at.unpublishAt ?? document.scheduledUnpublishAt,
    scheduledUnpublishReason: at.unpublishAt ? reason : document.scheduledUnpublishReason,
    scheduledByAccountId: caller.accountId,
    scheduledByLogin: caller.login,
    scheduledByPersonId: caller.personId,
    scheduleError: null,
  };
  await inTransaction(db, async (tx) => {
    await tx.getRepository(Document).update({ id }, changes);
    if (document.status === 'PUBLISHED') await enqueueChange(tx, changed('Document', id, false));
    const planned = {
      publishAt: changes.scheduledPublishAt?.toISOString() ?? null,
      unpublishAt: changes.scheduledUnpublishAt?.toISOString() ?? null,
    };
    await enqueueAudit(
      tx,
      auditRecord(
        'content',
        caller,
        'DOCUMENT_SCHEDULED',
        { type: 'Document', id },
        changes.scheduledUnpublishReason,
        planned,
      ),
    );
  });
  return Object.assign(document, changes);
}

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
    // Nobody on record to act for (a schedule written before the scheduler recorded who set it): no one's right to check.
    if (!document.scheduledByAccountId) {
      await giveUp(db, document, publishing, 'no account is on record as having scheduled it; schedule it again');
      continue;
    }
    try {
      const asker = { peers: services.peers, service: await services.credentials.token() };
      const refusal = await publishingRefusal(asker, document.scheduledByAccountId, {
        unitId: document.responsibleUnitId,
        channelId: document.channelId,
      });
      if (refusal) {
        await giveUp(db, document, publishing, refusal);
        continue;
      }
      const by = {
        accountId: document.scheduledByAccountId,
        login: document.scheduledByLogin,
        personId: document.scheduledByPersonId,
      };
      const reason = publishing ? null : document.scheduledUnpublishReason;
      const kind = publishing ? 'PUBLISHED' : 'UNPUBLISHED';
      await applyTransition(db, contentWorkers(services), document, { kind, to: kind, by, reason, scheduled: true });
      moved += 1;
    } catch (error) {
      // CONFLICT: another pass or a person moved it first; anything else is retried on the next pass.
      if (!(error instanceof DomainError && error.extensions.code === 'CONFLICT'))
        log.warn({ err: error, documentId: document.id }, 'scheduled act failed; will retry');
    }
  }
  return moved;
}

async function giveUp(db: DataSource, document: Document, publishing: boolean, reason: string): Promise<void> {
  const clear = publishing
    ? { scheduledPublishAt: null }
    : { scheduledUnpublishAt: null, scheduledUnpublishReason: null };
  await inTransaction(db, (tx) =>
    tx
      .getRepository(Document)
      .update(
        { id: document.id, status: document.status },
        { ...clear, scheduleError: `${publishing ? 'Publication' : 'Taking down'} not done: ${reason}` },
      ),
  );
}

export function scheduler(services: SubgraphServices, log: Logger): BackgroundJob {
  // What was published or taken down leaves the outbox at once (audit, response caches); overdue work from before a
  // restart is done at once.
  const pass = async () => ((await runDueSchedules(services, log)) > 0 ? services.relay?.deliver() : undefined);
  return periodicJob(services.config.schedulerIntervalMs, pass, log, 'scheduler pass', { atStart: true });
}
