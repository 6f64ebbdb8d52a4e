import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, TIME, varchar } from '../../common/columns';
import type { ChannelKind } from './channel';

export const REQUEST_KINDS = ['NEW_SERVICE', 'CHANGE', 'RETIREMENT'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];
export const REQUEST_STATES = ['SUBMITTED', 'RETURNED', 'APPROVED', 'REJECTED', 'WITHDRAWN'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/** One item of the graphic-line checklist a request states. */
export interface ChecklistItem {
  item: string;
  compliant: boolean;
  note: string | null;
}

/**
 * A unit head's notification of an intended new service, a change to one, or its retirement
 * decided by the editorial office. Not for BIP.
 */
@Entity('service_request')
export class ServiceRequest {
  @PrimaryColumn(ID) id: string;
  @Column(varchar(20)) kind: RequestKind;
  @Column(varchar(20)) state: RequestState;
  @Column(ID) unitId: string;
  @Column(ID) channelId: string;
  @Column({ ...varchar(200), nullable: true }) proposedName: string | null;
  @Column({ ...varchar(30), nullable: true }) proposedKind: ChannelKind | null;
  @Column({ ...varchar(500), nullable: true }) proposedAddress: string | null;
  @Column({ type: 'text' }) description: string;
  @Column({ type: 'text' }) justification: string;
  @Column(varchar(20)) graphicLineVersion: string;
  /** JSON array of ChecklistItem. */
  @Column({ type: 'text' }) checklist: string;
  @Column(ID) submittedByPersonId: string;
  @Column(ID) submittedByAccountId: string;
  @Column(TIME) submittedAt: Date;
  @Column(TIME) updatedAt: Date;
}

export const DECISIONS = ['APPROVE', 'REJECT', 'RETURN'] as const;
export type Decision = (typeof DECISIONS)[number];

/** The editorial office's decision on a request, binding the unit. */
@Entity('service_decision')
export class ServiceDecision {
  @PrimaryColumn(ID) id: string;
  @Column(ID) requestId: string;
  @Column(varchar(20)) decision: Decision;
  @Column({ type: 'text' }) rationale: string;
  @Column({ type: 'text', nullable: true }) conditions: string | null;
  @Column(ID) decidedByAccountId: string;
  @Column(ID) decidedByPersonId: string;
  @Column(TIME) decidedAt: Date;
}
