import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, TIME, varchar } from '../../common/columns';

export const PERMISSIONS = ['PUBLISH', 'MANAGE_SECTIONS'] as const;
export type Permission = (typeof PERMISSIONS)[number];

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

  /** In force at `now`: started, not expired, not revoked. */
  isActive(now = new Date()): boolean {
    return this.validFrom <= now && (this.validUntil === null || this.validUntil > now) && this.revokedAt === null;
  }
}
