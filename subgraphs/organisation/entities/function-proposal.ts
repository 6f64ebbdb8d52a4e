import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, TIME, varchar } from '../../common/columns';
import type { FunctionName } from './function-holding';

export const PROPOSAL_STATES = ['PROPOSED', 'CONFIRMED', 'DECLINED', 'WITHDRAWN'] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];

/**
 * An appointment to a function that carries power over MPI, recorded by the system administrator and
 * waiting for the confirmation of the authority the order gives. It gives no role until
 * confirmed; confirming it records the FunctionHolding. Decided proposals stay as history.
 */
@Entity('function_proposal')
export class FunctionProposal {
  @PrimaryColumn(ID) id: string;
  @Column(varchar(40)) function: FunctionName;
  @Column(ID) personId: string;
  /** The act the appointment rests on, e.g. "Zarządzenie nr 123/2026". */
  @Column({ type: 'text' }) basis: string;
  @Column(varchar(20)) state: ProposalState;
  /** Equals `function` while the proposal waits, null once decided: a unique index keeps one waiting per function. */
  @Column({ ...varchar(40), nullable: true }) pendingFunction: FunctionName | null;
  @Column(TIME) proposedAt: Date;
  @Column(ID) proposedByPersonId: string;
  @Column(ID) proposedByAccountId: string;
  @Column({ ...TIME, nullable: true }) decidedAt: Date | null;
  @Column({ ...ID, nullable: true }) decidedByPersonId: string | null;
  @Column({ ...ID, nullable: true }) decidedByAccountId: string | null;
  /** Why it was declined or withdrawn. */
  @Column({ type: 'text', nullable: true }) reason: string | null;
  /** The holding its confirmation recorded. */
  @Column({ ...ID, nullable: true }) holdingId: string | null;
}
