import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { varchar } from '../../common/columns';

/** Issue 14: how many operations of one client used one field on one day (UTC), added up from the gateways. */
@Entity('field_usage')
@Index(['day', 'coordinate'])
export class FieldUsageCount {
  /** `Type.field`. */
  @PrimaryColumn(varchar(200)) coordinate: string;
  /** YYYY-MM-DD, UTC. */
  @PrimaryColumn(varchar(10)) day: string;
  /** PARTNER, FRONTEND or ANONYMOUS. */
  @PrimaryColumn(varchar(10)) clientKind: string;
  /** The partner's id or the frontend's apollographql-client-name; empty for anonymous. */
  @PrimaryColumn(varchar(100)) clientName: string;
  /** The frontend's apollographql-client-version; empty when none was sent. */
  @PrimaryColumn(varchar(50)) clientVersion: string;
  @Column({ type: 'int' }) count: number;
}
