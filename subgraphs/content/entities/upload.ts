import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { ID, TIME, varchar } from '../../common/columns';

/**
 * A file received at `POST /uploads` and not yet attached (issue 12): its bytes are already in the attachment
 * store under their checksum; `addAttachment(input: { uploadId })` turns it into an attachment of a document.
 * Only the account that sent it may use it, once, before it expires.
 */
@Entity('upload')
@Index(['accountId', 'expiresAt'])
export class Upload {
  @PrimaryColumn(ID) id: string;
  @Column(ID) accountId: string;
  @Column({ type: 'int' }) size: number;
  @Column(varchar(64)) sha256: string;
  /** What the bytes are, as identified by their signature; null when not a format the platform recognises. */
  @Column({ ...varchar(100), nullable: true }) detectedMediaType: string | null;
  @Column(TIME) createdAt: Date;
  @Column(TIME) expiresAt: Date;
}
