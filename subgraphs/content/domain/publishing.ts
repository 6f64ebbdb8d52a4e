/**
 * Moving documents through the workflow (workflow.ts): publishing, taking down, archiving, and the
 * take-downs of security incidents. Each move is kept twice, in its transaction: as a status change
 * in the document's register (R-T.2: who, when, why) and as an entry in the audit log (R-T.3: an act
 * of power). The metadata keeps the first publication (R-2.3, R-T.1) apart from the latest one.
 */
import crypto from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { auditRecord, enqueueAudit, type Actor, type AuditAction } from '../../common/audit';
import type { Caller } from '../../common/caller';
import { conflict, forbidden, notFound } from '../../../platform/errors';
import { inTransaction } from '../../common/transaction';
import { Document, DocumentTag, type DocumentStatus } from '../entities/document';
import { StatusChange, type StatusChangeKind } from '../entities/status-change';
import { DocumentHold } from '../entities/document-hold';
import { indexedTextFor, reindex, tagsOf, visibleDocument } from './documents';
import type { ContentWorkers } from './heavy-work';
import type { IndexedText } from './search';
import { publishingRefusal, refusedToPublishMessage, type Asker } from './publishing-right';
import { transition } from '../../common/workflow';
import { WORKFLOW, type Transition } from './workflow';
import { enqueueLiveEvent } from '../../common/live-events';

/** Whose act a move is: the caller; who scheduled it; who opened the incident or lifted its action. */
export interface Mover extends Actor {
  personId: string | null;
}

export interface Move {
  kind: StatusChangeKind;
  to: DocumentStatus;
  by: Mover;
  reason: string | null;
  /** Done by the platform at the time set in advance. */
  scheduled?: boolean;
  incidentId?: string | null;
}

export const TAKEN_DOWN =
  'The document was taken down by a security incident (R-5.2.5); it goes back only when the editorial office lifts that action.';

const KIND_OF: Record<Transition, StatusChangeKind> = {
  publish: 'PUBLISHED',
  unpublish: 'UNPUBLISHED',
  archive: 'ARCHIVED',
};

const AUDIT_ACTION: Record<StatusChangeKind, AuditAction> = {
  PUBLISHED: 'DOCUMENT_PUBLISHED',
  UNPUBLISHED: 'DOCUMENT_UNPUBLISHED',
  ARCHIVED: 'DOCUMENT_ARCHIVED',
  TAKEN_DOWN: 'DOCUMENT_TAKEN_DOWN',
  PUT_BACK: 'DOCUMENT_RESTORED',
};

/** What each move does to the document besides its status. */
function changesFor(document: Document, move: Move, now: Date): Partial<Document> {
  switch (move.kind) {
    case 'PUBLISHED':
      // R-T.1: the first publication stays (its time ends the publication delay); the latest is kept beside it.
      return {
        scheduledPublishAt: null,
        publishedAt: document.publishedAt ?? now,
        publishedByPersonId: document.publishedAt ? document.publishedByPersonId : move.by.personId,
        firstPublishedRevision: document.firstPublishedRevision ?? document.revision,
        lastPublishedAt: now,
        lastPublishedByPersonId: move.by.personId,
      };
    case 'UNPUBLISHED':
      return { scheduledUnpublishAt: null, scheduledUnpublishReason: null };
    case 'ARCHIVED':
      return { scheduledPublishAt: null, scheduledUnpublishAt: null, scheduledUnpublishReason: null };
    case 'TAKEN_DOWN':
      return { takenDownByIncidentId: move.incidentId ?? null };
    case 'PUT_BACK':
      // Not a new publication: the publishers of record stay those who published it.
      return { takenDownByIncidentId: null };
  }
}

/**
 * Publishes, unpublishes or archives. Access's publishing check is asked first: it works the caller out
 * (account, person, roles) for the whole request and hands it back, so the act needs no lookup of its own.
 * Its refusal is given only after the visibility check, so a hidden document still reads as not found; the
 * workflow table then decides, in its order: who (the grant), the state, the reason.
 */
export async function moveDocument(
  db: DataSource,
  workers: ContentWorkers,
  asker: Asker,
  callerOf: () => Promise<Caller>,
  id: string,
  act: Transition,
  reason?: string | null,
): Promise<Document> {
  const stored = await db.getRepository(Document).findOneBy({ id });
  const refusal =
    stored && asker.authorization
      ? await publishingRefusal(asker, null, { unitId: stored.responsibleUnitId, channelId: stored.channelId })
      : null;
  const caller = await callerOf();
  const document = await visibleDocument(db, caller, id);
  const rules = { PUBLISH_GRANT: refusal ? refusedToPublishMessage(refusal) : true };
  const { to, reason: why } = transition(WORKFLOW, act, document.status, caller, { rules, reason });
  return applyTransition(db, workers, document, { kind: KIND_OF[act], to, by: caller, reason: why });
}

/**
 * Moves a document if it is still as it was read: a conditional update, so two requests (or a
 * request and the scheduler) can never both publish it.
 */
export async function applyTransition(
  db: DataSource,
  workers: ContentWorkers,
  document: Document,
  move: Move,
): Promise<Document> {
  if (move.kind === 'PUBLISHED' && document.takenDownByIncidentId) throw forbidden(TAKEN_DOWN);
  // Issue 12: the index text of a long body is worked out before the transaction, off the event loop. The tags
  // read here are the document's at this revision: the move below is conditional on the revision.
  const text = await publishedText(db, workers, document, move);
  return inTransaction(db, (tx) => moveIn(tx, document, move, text));
}

/** The search index text of a document the move publishes; null when it does not publish it. */
async function publishedText(
  db: DataSource | EntityManager,
  workers: ContentWorkers,
  document: Document,
  move: Move,
): Promise<IndexedText | null> {
  if (move.to !== 'PUBLISHED') return null;
  return indexedTextFor(true, { ...document, tags: await tagsOf(db, document.id) });
}

async function moveIn(tx: EntityManager, document: Document, move: Move, text: IndexedText | null): Promise<Document> {
  const now = new Date();
  const from: DocumentStatus = document.status;
  const changes: Partial<Document> = { status: move.to, ...changesFor(document, move, now) };
  const result = await tx
    .getRepository(Document)
    .update({ id: document.id, status: from, revision: document.revision }, changes);
  if (result.affected === 0) throw conflict('The document changed at the same moment; reload and try again.');
  const moved = Object.assign(document, changes);
  if (move.kind === 'PUBLISHED')
    await tx.getRepository(DocumentTag).update({ documentId: moved.id }, { publishedAt: moved.publishedAt });
  await reindex(tx, moved, text);
  await record(tx, moved, from, move, now);
  if (move.kind === 'PUBLISHED')
    await enqueueLiveEvent(tx, 'documentPublished', { documentId: moved.id, channelId: moved.channelId });
  return moved;
}

/** The move in the register (R-T.2) and in the audit log (R-T.3). */
async function record(
  tx: EntityManager,
  document: Document,
  from: DocumentStatus,
  move: Move,
  now: Date,
): Promise<void> {
  const changes = tx.getRepository(StatusChange);
  // The document's row is locked by the move's conditional update: no other move can take the same number.
  const number = ((await changes.maximum('number', { documentId: document.id })) ?? 0) + 1;
  const scheduled = move.scheduled ?? false;
  const incidentId = move.incidentId ?? null;
  await changes.insert({
    id: crypto.randomUUID(),
    documentId: document.id,
    number,
    kind: move.kind,
    fromStatus: from,
    toStatus: document.status,
    reason: move.reason,
    revision: document.revision,
    actorAccountId: move.by.accountId,
    actorPersonId: move.by.personId,
    scheduled,
    incidentId,
    occurredAt: now,
  });
  const details = {
    from,
    to: document.status,
    revision: document.revision,
    scheduled,
    ...(incidentId ? { incidentId } : {}),
  };
  await enqueueAudit(
    tx,
    auditRecord(
      'content',
      move.by,
      AUDIT_ACTION[move.kind],
      { type: 'Document', id: document.id },
      move.reason,
      details,
    ),
  );
}

/**
 * documents taken down as a protective action of an incident, and put back when the
 * editorial office lifts it. Asked by the access subgraph on its service credentials, on the act of
 * `by` (who opened the incident, or lifted the action); repeating either changes nothing more (the
 * outbox may deliver twice).
 */
export async function takeDown(
  db: DataSource,
  workers: ContentWorkers,
  ids: string[],
  incidentId: string,
  up: boolean,
  by: Mover,
): Promise<Document[]> {
  return inTransaction(db, async (tx) => {
    const documents = await tx.getRepository(Document).findBy({ id: In(ids) });
    if (documents.length !== new Set(ids).size) throw notFound('No document with one of the ids given.');
    const takeDownMove: Move = {
      kind: 'TAKEN_DOWN',
      to: 'UNPUBLISHED',
      by,
      incidentId,
      reason: `Zdjęty jako działanie ochronne incydentu bezpieczeństwa ${incidentId} (R-5.2.5).`,
    };
    const putBackMove: Move = {
      kind: 'PUT_BACK',
      to: 'PUBLISHED',
      by,
      incidentId,
      reason: `Przywrócony po zniesieniu działania ochronnego incydentu ${incidentId}.`,
    };
    const holds = tx.getRepository(DocumentHold);
    for (const document of documents) {
      const hold = { documentId: document.id, incidentId };
      if (!up) {
        // Taken down now, or already down by another incident: either way this incident holds it (once, whatever the retries).
        const down =
          document.status === 'PUBLISHED' ||
          (document.status === 'UNPUBLISHED' && document.takenDownByIncidentId !== null);
        if (down && !(await holds.existsBy(hold))) await holds.insert(hold);
        if (document.status === 'PUBLISHED') await moveIn(tx, document, takeDownMove, null);
        continue;
      }
      await holds.delete(hold);
      if (document.status !== 'UNPUBLISHED' || document.takenDownByIncidentId === null) continue;
      const remaining = await holds.findBy({ documentId: document.id });
      // it goes back only when no incident holds it any more.
      if (remaining.length === 0)
        await moveIn(tx, document, putBackMove, await publishedText(tx, workers, document, putBackMove));
      else if (document.takenDownByIncidentId === incidentId) {
        await tx
          .getRepository(Document)
          .update({ id: document.id }, { takenDownByIncidentId: remaining[0].incidentId });
        document.takenDownByIncidentId = remaining[0].incidentId;
      }
    }
    return documents;
  });
}
