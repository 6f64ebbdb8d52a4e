import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, TIME, varchar } from '../../common/columns';
import type { DocumentKind } from './document';

/** One version of a document's content (rejestr zmian, R-T.2): kept forever, never changed. */
@Entity('revision')
export class Revision {
  @PrimaryColumn(ID) id: string;
  @Column(ID) documentId: string;
  @Column({ type: 'int' }) number: number;
  @Column(varchar(300)) title: string;
  @Column({ type: 'text', nullable: true }) lead: string | null;
  @Column({ type: 'text' }) body: string;
  @Column(varchar(20)) kind: DocumentKind;
  @Column(varchar(10)) language: string;
  /** JSON array of the tags. */
  @Column({ type: 'text' }) tags: string;
  /** JSON array of the fields that differ from the revision before. */
  @Column({ type: 'text' }) changedFields: string;
  @Column({ type: 'text', nullable: true }) reason: string | null;
  /** The revision this one restored, if it is a restore. */
  @Column({ type: 'int', nullable: true }) restoredFrom: number | null;
  @Column({ ...ID, nullable: true }) authorAccountId: string | null;
  @Column({ ...ID, nullable: true }) authorPersonId: string | null;
  @Column(TIME) createdAt: Date;
}
