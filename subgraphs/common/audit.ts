/**
 * Audit entries (R-T.3): every act of power, with who, when, what and on what basis. The access
 * subgraph keeps the append-only log; other subgraphs send theirs through their outbox, so an
 * entry commits with the act it records and reaches the log even after a crash.
 */
import crypto from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Caller } from './caller';
import type { SubgraphName } from '../../platform/config';
import { enqueue, type OutboxHandler } from './outbox';
import type { Peers } from '../../platform/peers';
import type { ServiceCredentials } from '../../platform/service-auth';
import { AppendAuditDocument } from '../access/generated/peer-operations';

export const AUDIT_TOPIC = 'audit';

/**
 * Every act the audit log records: one list, used by the access entity, every call site (a typo does
 * not compile) and checked against the SDL enum `AuditAction` (test/common/audit-actions.test.ts).
 */
export const AUDIT_ACTIONS = [
  'ACCOUNT_REGISTERED',
  'ACCOUNT_SUSPENDED',
  'ACCOUNT_REACTIVATED',
  'GRANT_CREATED',
  'GRANT_REVOKED',
  'FUNCTION_ASSIGNED',
  'FUNCTION_PROPOSED',
  'FUNCTION_CONFIRMED',
  'FUNCTION_DECLINED',
  'FUNCTION_PROPOSAL_WITHDRAWN',
  'ORDER_ISSUED',
  'DESIGNATION_CREATED',
  'DESIGNATION_WITHDRAWN',
  'INCIDENT_OPENED',
  'INCIDENT_STATE_CHANGED',
  'PROTECTIVE_ACTION_TAKEN',
  'PROTECTIVE_ACTION_LIFTED',
  'PROTECTIVE_ACTION_REFUSED',
  'REQUEST_SUBMITTED',
  'REQUEST_DECIDED',
  'REQUEST_WITHDRAWN',
  'CHANNEL_LINKED',
  'CHANNEL_UNLINKED',
  'CHANNEL_FROZEN',
  'CHANNEL_UNFROZEN',
  'TICKET_OPENED',
  'TICKET_UPDATED',
  'GRAPHIC_LINE_PUBLISHED',
  'REPORT_GENERATED',
  'REPORT_SUBMITTED',
  'REPORT_APPROVED',
  'REPORT_RETURNED',
  'REPORT_PUBLISHED',
  'DOCUMENT_TAKEN_DOWN',
  'DOCUMENT_RESTORED',
  'DOCUMENT_PUBLISHED',
  'DOCUMENT_UNPUBLISHED',
  'DOCUMENT_ARCHIVED',
  'DOCUMENT_REVISION_RESTORED',
  'DOCUMENT_SCHEDULED',
  'PARTNER_REGISTERED',
  'PARTNER_KEY_ISSUED',
  'PARTNER_KEY_REVOKED',
  'MANIFEST_UPLOADED',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditRecord {
  id: string;
  occurredAt: string;
  source: SubgraphName;
  actorAccountId: string | null;
  actorLogin: string | null;
  action: AuditAction;
  subjectType: string;
  subjectId: string;
  basis: string | null;
  details: Record<string, unknown>;
}

/**
 * Whose act it is: the caller, or the person on whose act the platform acts for them (who scheduled a
 * publication, who opened an incident or lifted its action); null for the platform on its own.
 */
export type Actor = { accountId: string | null; login: string | null };

export function auditRecord(
  source: SubgraphName,
  actor: Caller | Actor | null,
  action: AuditAction,
  subject: { type: string; id: string },
  basis: string | null,
  details: Record<string, unknown> = {},
): AuditRecord {
  return {
    id: crypto.randomUUID(),
    occurredAt: new Date().toISOString(),
    source,
    actorAccountId: actor?.accountId ?? null,
    actorLogin: actor?.login ?? null,
    action,
    subjectType: subject.type,
    subjectId: subject.id,
    basis,
    details,
  };
}

/** Puts an audit entry in the outbox, inside the transaction of the act it records. */
export function enqueueAudit(manager: EntityManager, record: AuditRecord): Promise<void> {
  return enqueue(manager, AUDIT_TOPIC, record, record.id);
}

/** Delivers outbox audit entries to the access subgraph, which ignores ids it already has. */
export function auditDelivery(peers: Peers, credentials: ServiceCredentials): OutboxHandler {
  return async (messages) => {
    const entries = messages.map((message) => {
      const record = JSON.parse(message.payload) as AuditRecord;
      return { ...record, details: JSON.stringify(record.details) };
    });
    await peers.send('access', AppendAuditDocument, { entries }, { service: await credentials.token() });
  };
}
