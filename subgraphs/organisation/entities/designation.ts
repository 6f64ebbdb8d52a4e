import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, TIME } from '../../common/columns';

/**
 * A unit head's designation of a person responsible for publishing, the prerequisite of a
 * publishing grant. Optionally limited to channels; withdrawal is recorded, never deleted.
 */
@Entity('designation')
export class Designation {
  @PrimaryColumn(ID) id: string;
  @Column(ID) unitId: string;
  @Column(ID) personId: string;
  @Column(TIME) validFrom: Date;
  @Column({ ...TIME, nullable: true }) validUntil: Date | null;
  @Column({ ...TIME, nullable: true }) withdrawnAt: Date | null;
  @Column({ type: 'text', nullable: true }) withdrawalReason: string | null;
  @Column({ type: 'text', nullable: true }) basis: string | null;
  @Column(ID) designatedByPersonId: string;
  @Column(TIME) createdAt: Date;

  isActive(now = new Date()): boolean {
    return this.validFrom <= now && (this.validUntil === null || this.validUntil > now) && this.withdrawnAt === null;
  }
}

/** A channel a designation is limited to; none means every channel. */
@Entity('designation_channel')
export class DesignationChannel {
  @PrimaryColumn(ID) designationId: string;
  @PrimaryColumn(ID) channelId: string;
}
