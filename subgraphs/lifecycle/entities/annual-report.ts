import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, TIME, varchar } from '../../common/columns';

export const REPORT_STATES = ['DRAFT', 'SUBMITTED', 'RETURNED', 'APPROVED', 'PUBLISHED'] as const;
export type ReportState = (typeof REPORT_STATES)[number];

/**
 * The annual report on MPI: built from the platform's own data, submitted by the Director
 * of WKS by 31 December, approved by the Deputy Mayor, published by the editorial office.
 */
@Entity('annual_report')
export class AnnualReport {
  @PrimaryColumn(ID) id: string;
  @Column({ type: 'int' }) year: number;
  @Column(varchar(20)) state: ReportState;
  /** JSON of the figures (AnnualFigures). */
  @Column({ type: 'text' }) figures: string;
  @Column(TIME) generatedAt: Date;
  @Column({ ...TIME, nullable: true }) submittedAt: Date | null;
  @Column({ ...ID, nullable: true }) submittedByPersonId: string | null;
  @Column({ ...TIME, nullable: true }) decidedAt: Date | null;
  @Column({ ...ID, nullable: true }) decidedByPersonId: string | null;
  @Column({ type: 'text', nullable: true }) returnReason: string | null;
  @Column({ ...TIME, nullable: true }) publishedAt: Date | null;
  @Column({ ...ID, nullable: true }) publishedDocumentId: string | null;
}
