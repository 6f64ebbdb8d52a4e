import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, TIME, varchar } from '../../common/columns';

/** Functions the order names, held by one person at a time; ended holdings stay as history. */
export const FUNCTIONS = ['EDITOR_IN_CHIEF', 'WKS_DIRECTOR', 'DEPUTY_MAYOR', 'SYSTEM_ADMINISTRATOR', 'DPO', 'BIP_ADMIN'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

@Entity('function_holding')
export class FunctionHolding {
  @PrimaryColumn(ID) id: string;
  @Column(varchar(40)) function: FunctionName;
  @Column(ID) personId: string;
  @Column(TIME) startedAt: Date;
  @Column({ ...TIME, nullable: true }) endedAt: Date | null;
}
