import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, TIME, varchar } from '../../common/columns';

export const DOCUMENT_STATUSES = ['DRAFT', 'PUBLISHED', 'UNPUBLISHED', 'ARCHIVED'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];
export const DOCUMENT_KINDS = ['NEWS', 'ANNOUNCEMENT', 'PAGE', 'LEGAL_ACT', 'REPORT'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/**
 * Information or a document on a channel, with its metadata (metryczka, R-T.1): who
 * prepared, entered, published and last modified it, and when the information arose.
 * Its content at every revision is in `revision` (R-T.2).
 */
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
  /** When the information arose or was received: the start of the publication delay. */
  @Column(TIME) occurredAt: Date;
  /** First publication: the end of the publication delay. */
  @Column({ ...TIME, nullable: true }) publishedAt: Date | null;
  @Column({ ...ID, nullable: true }) enteredByAccountId: string | null;
  @Column({ ...ID, nullable: true }) enteredByPersonId: string | null;
  /** Who published it first (with `publishedAt`). */
  @Column({ ...ID, nullable: true }) publishedByPersonId: string | null;
  /**
   * The latest publication (the first one, or a later one after it was taken down). Optional to write:
   * bulk-generated rows (scripts/seed-large.ts) leave these three out, and read back null.
   */
  @Column({ ...TIME, nullable: true }) lastPublishedAt?: Date | null;
  @Column({ ...ID, nullable: true }) lastPublishedByPersonId?: string | null;
  /** R-T.2: the revision current at the first publication; the public's change register starts there. */
  @Column({ type: 'int', nullable: true }) firstPublishedRevision?: number | null;
  /** Who made the latest revision; with `updatedAt`, the last modification of the content. */
  @Column({ ...ID, nullable: true }) lastModifiedByPersonId: string | null;
  /** Number of the latest revision. */
  @Column({ type: 'int', default: 1 }) revision: number;
  @Column({ ...TIME, nullable: true }) scheduledPublishAt: Date | null;
  @Column({ ...TIME, nullable: true }) scheduledUnpublishAt: Date | null;
  /** Why it is to be taken down at `scheduledUnpublishAt`: the reason the register keeps when it is. */
  @Column({ type: 'text', nullable: true }) scheduledUnpublishReason: string | null;
  @Column({ ...ID, nullable: true }) scheduledByAccountId: string | null;
  @Column({ ...varchar(100), nullable: true }) scheduledByLogin: string | null;
  @Column({ ...ID, nullable: true }) scheduledByPersonId: string | null;
  @Column({ type: 'text', nullable: true }) scheduleError: string | null;
  /** The security incident that took the document down, until the action is lifted. */
  @Column({ ...ID, nullable: true }) takenDownByIncidentId: string | null;
  @Column(TIME) createdAt: Date;
  /** When the content last changed (the latest revision); moves through the workflow are in `status_change`. */
  @Column(TIME) updatedAt: Date;
}

/**
 * A tag of a document; feeds filter by it. It carries the document's first publication time so
 * that a feed by tag walks one index, (tag, publishedAt, documentId), in order.
 */
@Entity('document_tag')
export class DocumentTag {
  @PrimaryColumn(ID) documentId: string;
  @PrimaryColumn(varchar(60)) tag: string;
  @Column({ ...TIME, nullable: true }) publishedAt: Date | null;
}
