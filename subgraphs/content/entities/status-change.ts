import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, TIME, varchar } from '../../common/columns';
import type { DocumentStatus } from './document';

export const STATUS_CHANGE_KINDS = ['PUBLISHED', 'UNPUBLISHED', 'ARCHIVED', 'TAKEN_DOWN', 'PUT_BACK'] as const;
export type StatusChangeKind = (typeof STATUS_CHANGE_KINDS)[number];

/**
 * One move of a document through the workflow, in its change register (R-T.2): who published it,
 * took it down or archived it, when and why. Kept forever, never changed.
 */
@Entity('status_change')
export class StatusChange {
  @PrimaryColumn(ID) id: string;
  @Column(ID) documentId: string;
  /** 1 for the document's first move, one more for each later one: the register's order. */
  @Column({ type: 'int' }) number: number;
  @Column(varchar(20)) kind: StatusChangeKind;
  @Column(varchar(20)) fromStatus: DocumentStatus;
  @Column(varchar(20)) toStatus: DocumentStatus;
  @Column({ type: 'text', nullable: true }) reason: string | null;
  /** The revision that was current: what was published or taken down. */
  @Column({ type: 'int' }) revision: number;
  /** Whose act it was: the person acting, who scheduled it, or who opened or lifted the incident's action. */
  @Column({ ...ID, nullable: true }) actorAccountId: string | null;
  @Column({ ...ID, nullable: true }) actorPersonId: string | null;
  /** Done by the platform at a time set in advance (scheduleDocument). */
  @Column({ type: 'boolean', default: false }) scheduled: boolean;
  /** The security incident whose protective action it was. */
  @Column({ ...ID, nullable: true }) incidentId: string | null;
  @Column(TIME) occurredAt: Date;
}
