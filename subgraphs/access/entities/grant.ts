import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, TIME, varchar } from '../../common/columns';

/**
 * What can be granted. PUBLISH is the only permission an act of MPI needs; MANAGE_SECTIONS
 * is no longer granted (no act checks it, and the structure of channels is the editorial office's own,
 * ) and stays only on grants recorded before.
 */
export const PERMISSIONS = ['PUBLISH'] as const;
export type Permission = (typeof PERMISSIONS)[number] | 'MANAGE_SECTIONS';

/** A permission granted to an account for a channel and/or unit, resting on a designation. */
@Entity('access_grant')
export class Grant {
  @PrimaryColumn(ID) id: string;
  @Column(ID) accountId: string;
  @Column(varchar(40)) permission: Permission;
  @Column({ ...ID, nullable: true }) unitId: string | null;
  @Column({ ...ID, nullable: true }) channelId: string | null;
  @Column({ ...ID, nullable: true }) designationId: string | null;
  @Column(TIME) validFrom: Date;
  @Column({ ...TIME, nullable: true }) validUntil: Date | null;
  @Column({ type: 'text', nullable: true }) basis: string | null;
  @Column({ ...ID, nullable: true }) grantedByAccountId: string | null;
  @Column({ ...TIME, nullable: true }) revokedAt: Date | null;
  @Column({ ...ID, nullable: true }) revokedByAccountId: string | null;
  @Column({ type: 'text', nullable: true }) revocationReason: string | null;
  @Column(TIME) createdAt: Date;
}
