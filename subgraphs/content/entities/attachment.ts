import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, TIME, varchar } from '../../common/columns';

/** A file attached to a document: metadata and checksum here, bytes in the attachment store. */
@Entity('attachment')
export class Attachment {
  @PrimaryColumn(ID) id: string;
  @Column(ID) documentId: string;
  @Column(varchar(255)) fileName: string;
  @Column(varchar(100)) mediaType: string;
  @Column({ type: 'int' }) size: number;
  @Column(varchar(64)) sha256: string;
  @Column(varchar(200)) storageKey: string;
  @Column({ ...ID, nullable: true }) addedByAccountId: string | null;
  @Column(TIME) createdAt: Date;
}
