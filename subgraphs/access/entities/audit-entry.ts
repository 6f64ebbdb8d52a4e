import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, TIME, varchar } from '../../common/columns';

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

/** One act of power (R-T.3). Rows are only ever inserted: nothing in the API updates or deletes them. */
@Entity('audit_entry')
export class AuditEntry {
  @PrimaryColumn(ID) id: string;
  @Column(TIME) occurredAt: Date;
  @Column(varchar(20)) source: string;
  @Column({ ...ID, nullable: true }) actorAccountId: string | null;
  @Column({ ...varchar(100), nullable: true }) actorLogin: string | null;
  @Column(varchar(60)) action: AuditAction;
  @Column(varchar(40)) subjectType: string;
  @Column(ID) subjectId: string;
  @Column({ type: 'text', nullable: true }) basis: string | null;
  @Column({ type: 'text' }) details: string;
  @Column(TIME) recordedAt: Date;
}
