import { Entity, PrimaryColumn } from 'typeorm';
import { ID } from '../../common/columns';

/**
 * a security incident holding a document taken down. A document two incidents took down goes back
 * only when neither holds it any more; lifting one incident's action never undoes the other's.
 */
@Entity('document_hold')
export class DocumentHold {
  @PrimaryColumn(ID) documentId: string;
  @PrimaryColumn(ID) incidentId: string;
}
