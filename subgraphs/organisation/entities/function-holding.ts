import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, TIME, varchar } from '../../common/columns';

/** Functions the order names; UNIT_HEAD is held for one unit. One holder at a time; ended holdings stay as history. */
export const FUNCTIONS = [
  'UNIT_HEAD',
  'EDITOR_IN_CHIEF',
  'WKS_DIRECTOR',
  'DEPUTY_MAYOR',
  'SYSTEM_ADMINISTRATOR',
  'DPO',
  'BIP_ADMIN',
] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

@Entity('function_holding')
export class FunctionHolding {
  @PrimaryColumn(ID) id: string;
  @Column(varchar(40)) function: FunctionName;
  @Column(ID) personId: string;
  /** The unit headed, for UNIT_HEAD; null for the other functions. */
  @Column({ ...ID, nullable: true }) unitId: string | null;
  @Column(TIME) startedAt: Date;
  @Column({ ...TIME, nullable: true }) endedAt: Date | null;
  /** The act the change rests on, e.g. "Zarządzenie nr 123/2026". */
  @Column({ type: 'text', nullable: true }) basis: string | null;
  @Column({ ...ID, nullable: true }) recordedByAccountId: string | null;

  isActive(now = new Date()): boolean {
    return this.startedAt <= now && (this.endedAt === null || this.endedAt > now);
  }
}
