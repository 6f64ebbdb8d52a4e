import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, TIME, varchar } from '../../common/columns';

export { AUDIT_ACTIONS, type AuditAction } from '../../common/audit';
import type { AuditAction } from '../../common/audit';

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
