import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, TIME, varchar } from '../../common/columns';

export const DOCUMENT_STATUSES = ['DRAFT', 'PUBLISHED', 'UNPUBLISHED', 'ARCHIVED'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];
export const DOCUMENT_KINDS = ['NEWS', 'ANNOUNCEMENT', 'PAGE', 'LEGAL_ACT', 'REPORT'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** Information or a document on a channel, with the unit responsible for it. */
@Entity('document')
export class Document {
  @PrimaryColumn(ID) id: string;
  @Column(ID) channelId: string;
  @Column({ ...ID, nullable: true }) sectionId: string | null;
  @Column(ID) responsibleUnitId: string;
  @Column({ ...ID, nullable: true }) preparedByPersonId: string | null;
  @Column(varchar(300)) title: string;
  @Column(varchar(200)) slug: string;
  @Column({ type: 'text', nullable: true }) lead: string | null;
  @Column({ type: 'text' }) body: string;
  @Column(varchar(20)) kind: DocumentKind;
  @Column(varchar(10)) language: string;
  @Column(varchar(20)) status: DocumentStatus;
  @Column({ ...TIME, nullable: true }) publishedAt: Date | null;
  @Column(TIME) createdAt: Date;
  @Column(TIME) updatedAt: Date;
}
