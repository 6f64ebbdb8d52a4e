import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AccountStatus } from '../../common/caller';
import { ID, TIME, varchar } from '../../common/columns';

/** A Sezam user, linked to a person of the organisation subgraph. */
@Entity('account')
export class Account {
  @PrimaryColumn(ID) id: string;
  @Column(varchar(100)) login: string;
  @Column(ID) personId: string;
  @Column(varchar(20)) status: AccountStatus;
  /** When and why the status last changed (suspension, reactivation). */
  @Column({ ...TIME, nullable: true }) statusChangedAt: Date | null;
  @Column({ type: 'text', nullable: true }) statusReason: string | null;
  @Column(TIME) createdAt: Date;
}
