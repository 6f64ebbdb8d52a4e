import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, TIME, varchar } from '../../common/columns';

/** A client's idempotency key: a retried mutation with the same key returns the first result. */
@Entity('idempotency_key')
export class IdempotencyKey {
  @PrimaryColumn(ID) accountId: string;
  @PrimaryColumn(varchar(100)) key: string;
  @Column(varchar(60)) operation: string;
  @Column(ID) resultId: string;
  @Column(TIME) createdAt: Date;
}
