import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, TIME, varchar } from '../../common/columns';

export const INCIDENT_STATES = ['OPEN', 'CONTAINED', 'CLOSED'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

/** A security incident of MPI, opened by the editorial office with its protective actions. */
@Entity('incident')
export class Incident {
  @PrimaryColumn(ID) id: string;
  @Column(varchar(300)) title: string;
  @Column({ type: 'text' }) description: string;
  @Column({ type: 'boolean', default: false }) personalDataInvolved: boolean;
  @Column(TIME) detectedAt: Date;
  @Column(varchar(20)) state: IncidentState;
  @Column(ID) openedByAccountId: string;
  @Column(ID) openedByPersonId: string;
  @Column(TIME) openedAt: Date;
  @Column({ ...TIME, nullable: true }) containedAt: Date | null;
  @Column({ ...TIME, nullable: true }) closedAt: Date | null;
  @Column(TIME) updatedAt: Date;
}

export const ACTION_KINDS = ['SUSPEND_ACCOUNT', 'REVOKE_GRANT', 'FREEZE_CHANNEL', 'TAKE_DOWN_DOCUMENT'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];
export const ACTION_STATES = ['PENDING', 'DONE', 'LIFTING', 'LIFTED', 'REFUSED'] as const;
export type ActionState = (typeof ACTION_STATES)[number];

/** A protective action of an incident: taken at once, lifted only by the editorial office with a reason. */
@Entity('protective_action')
export class ProtectiveAction {
  @PrimaryColumn(ID) id: string;
  @Column(ID) incidentId: string;
  @Column(varchar(30)) kind: ActionKind;
  @Column(ID) targetId: string;
  @Column(varchar(20)) state: ActionState;
  @Column(TIME) takenAt: Date;
  @Column({ ...TIME, nullable: true }) doneAt: Date | null;
  @Column({ ...TIME, nullable: true }) liftedAt: Date | null;
  @Column({ ...ID, nullable: true }) liftedByAccountId: string | null;
  @Column({ type: 'text', nullable: true }) liftReason: string | null;
  /** why an action taken before its target could be checked was refused (or undone) once it could be. */
  @Column({ type: 'text', nullable: true }) refusalReason: string | null;
}

export const RECIPIENTS = ['SYSTEM_ADMINISTRATOR', 'DPO'] as const;
export type Recipient = (typeof RECIPIENTS)[number];

/** A report of an incident to the system administrator or the DPO; delivered from the outbox (same id). */
@Entity('incident_notification')
export class IncidentNotification {
  @PrimaryColumn(ID) id: string;
  @Column(ID) incidentId: string;
  @Column(varchar(30)) recipient: Recipient;
  @Column(TIME) createdAt: Date;
}
