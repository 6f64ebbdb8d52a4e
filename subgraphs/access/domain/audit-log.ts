/**
 * The audit log (R-T.3): append-only. The access subgraph writes its own acts in the same
 * transaction as the act; other subgraphs deliver theirs from their outboxes, and a delivery seen
 * twice is stored once (entries keep the id their origin gave them).
 */
import { In, type DataSource, type EntityManager } from 'typeorm';
import type { AuditRecord } from '../../common/audit';
import { badInput } from '../../../platform/errors';
import { inTransaction } from '../../common/transaction';
import { AUDIT_ACTIONS, AuditEntry, type AuditAction } from '../entities/audit-entry';

function toEntry(record: AuditRecord, recordedAt: Date): AuditEntry {
  if (!AUDIT_ACTIONS.includes(record.action as AuditAction))
    throw badInput(`Unknown audit action "${record.action}".`, 'action');
  return Object.assign(new AuditEntry(), {
    id: record.id,
    occurredAt: new Date(record.occurredAt),
    source: record.source,
    actorAccountId: record.actorAccountId,
    actorLogin: record.actorLogin,
    action: record.action as AuditAction,
    subjectType: record.subjectType,
    subjectId: record.subjectId,
    basis: record.basis,
    details: JSON.stringify(record.details ?? {}),
    recordedAt,
  });
}

/** Appends one of this subgraph's own entries inside the act's transaction. */
export async function appendAudit(tx: EntityManager, record: AuditRecord): Promise<void> {
  await tx.getRepository(AuditEntry).insert(toEntry(record, new Date()));
}

/** Appends entries delivered by another subgraph; returns how many were new. */
export async function appendDelivered(db: DataSource, records: AuditRecord[]): Promise<number> {
  const now = new Date();
  const entries = records.map((record) => toEntry(record, now));
  return inTransaction(db, async (tx) => {
    const known = new Set(
      (
        await tx.getRepository(AuditEntry).find({ select: { id: true }, where: { id: In(entries.map((e) => e.id)) } })
      ).map((e) => e.id),
    );
    const fresh = entries.filter(
      (entry, i) => !known.has(entry.id) && entries.findIndex((e) => e.id === entry.id) === i,
    );
    if (fresh.length) await tx.getRepository(AuditEntry).insert(fresh);
    return fresh.length;
  });
}
