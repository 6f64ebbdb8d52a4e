/**
 * Appointments to functions that carry power over MPI: the system administrator records
 * the act that appoints someone as a proposal, and it gives no role until the authority the order gives
 * (CONFIRMED_BY in authority.ts) confirms it. No one decides on a proposal they made, or on one that
 * appoints them. The workflow is one table: states, acts, and who takes each.
 */
import crypto from 'node:crypto';
import type { DataSource } from 'typeorm';
import { auditRecord, enqueueAudit, type AuditAction } from '../../common/audit';
import type { Caller } from '../../common/caller';
import { isUniqueViolation } from '../../common/database';
import { badInput, conflict, forbidden, notFound } from '../../common/errors';
import { inTransaction } from '../../common/transaction';
import type { FunctionName } from '../entities/function-holding';
import { FunctionProposal, type ProposalState } from '../entities/function-proposal';
import { assertRecordsFunctions, confirmersNamed, confirmersOf, needsConfirmation } from './authority';
import { checkedAppointment, currentHoldings, recordHolding } from './functions';
import { requiredText } from './validation';

export type ProposalAct = 'propose' | 'confirm' | 'decline' | 'withdraw';

/** Who takes an act: the system administrator, who records appointments, or the function's confirming authority. */
type Taker = 'RECORDER' | 'AUTHORITY';

/** The appointment workflow: from which states each act may be taken, where it leads, who takes it, its audit action. */
interface ProposalRule {
  from: readonly (ProposalState | 'NONE')[];
  to: ProposalState;
  by: Taker;
  done: string;
  audit: AuditAction;
}

export const PROPOSAL_WORKFLOW: Record<ProposalAct, ProposalRule> = {
  propose: { from: ['NONE'], to: 'PROPOSED', by: 'RECORDER', done: 'proposed', audit: 'FUNCTION_PROPOSED' },
  confirm: { from: ['PROPOSED'], to: 'CONFIRMED', by: 'AUTHORITY', done: 'confirmed', audit: 'FUNCTION_CONFIRMED' },
  decline: { from: ['PROPOSED'], to: 'DECLINED', by: 'AUTHORITY', done: 'declined', audit: 'FUNCTION_DECLINED' },
  withdraw: { from: ['PROPOSED'], to: 'WITHDRAWN', by: 'RECORDER', done: 'withdrawn', audit: 'FUNCTION_PROPOSAL_WITHDRAWN' },
};

type Proposed = Pick<FunctionProposal, 'function' | 'personId' | 'proposedByPersonId'> & { state: ProposalState | 'NONE' };

function assertMayTake(caller: Caller, act: ProposalAct, proposal: Proposed): void {
  const rule = PROPOSAL_WORKFLOW[act];
  if (rule.by === 'RECORDER') assertRecordsFunctions(caller);
  else {
    const fn = proposal.function;
    if (!confirmersOf(fn).some((role) => caller.roles.has(role))) {
      const who = confirmersNamed(fn);
      throw forbidden(`Only ${who} may ${act} an appointment as ${fn} (R-5.1): the Mayor's structure decides it, not who records it.`);
    }
    if (proposal.proposedByPersonId === caller.personId) {
      throw forbidden(`No one decides on their own proposal: another person who is ${confirmersNamed(fn)} must ${act} it.`);
    }
    if (proposal.personId === caller.personId) {
      throw forbidden(`No one decides on their own appointment: another person who is ${confirmersNamed(fn)} must ${act} it.`);
    }
  }
  if (!rule.from.includes(proposal.state)) {
    throw conflict(
      `The appointment was already ${proposal.state.toLowerCase()}, so it cannot be ${rule.done} now; ` +
        'if it is still wanted, the system administrator proposes it again.',
    );
  }
}

export interface ProposeFunction {
  function: FunctionName;
  personId: string;
  basis: string;
}

export async function proposeFunction(db: DataSource, caller: Caller, input: ProposeFunction): Promise<FunctionProposal> {
  assertMayTake(caller, 'propose', { ...input, proposedByPersonId: caller.personId, state: 'NONE' });
  const appointment = await checkedAppointment(db, caller, input);
  if (!needsConfirmation(appointment.function)) {
    throw badInput(`${appointment.function} needs no confirmation: record it in one step (assignFunction).`, 'function');
  }
  if ((await currentHoldings(db, appointment.function, null)).some((h) => h.personId === appointment.personId)) {
    throw conflict('This person already holds the function.');
  }
  const waiting = () =>
    conflict(`An appointment as ${appointment.function} already waits for confirmation: it is confirmed, declined or withdrawn before another is proposed.`);
  // The unique index on pendingFunction decides between two proposals made at the same moment.
  if (await db.getRepository(FunctionProposal).existsBy({ pendingFunction: appointment.function })) throw waiting();
  const proposal = db.getRepository(FunctionProposal).create({
    id: crypto.randomUUID(),
    function: appointment.function,
    personId: appointment.personId,
    basis: appointment.basis,
    state: 'PROPOSED',
    pendingFunction: appointment.function,
    proposedAt: new Date(),
    proposedByPersonId: caller.personId,
    proposedByAccountId: caller.accountId,
    decidedAt: null,
    decidedByPersonId: null,
    decidedByAccountId: null,
    reason: null,
    holdingId: null,
  });
  try {
    return await inTransaction(db, async (tx) => {
      await tx.getRepository(FunctionProposal).insert(proposal);
      await enqueueAudit(tx, auditOf(caller, 'propose', proposal, proposal.basis, {}));
      return proposal;
    });
  } catch (error) {
    throw isUniqueViolation(error) ? waiting() : error;
  }
}

export function confirmFunction(db: DataSource, caller: Caller, id: string): Promise<FunctionProposal> {
  return decide(db, caller, 'confirm', id, null);
}

export function declineFunction(db: DataSource, caller: Caller, id: string, reason: string): Promise<FunctionProposal> {
  return decide(db, caller, 'decline', id, reason);
}

export function withdrawFunctionProposal(db: DataSource, caller: Caller, id: string, reason: string): Promise<FunctionProposal> {
  return decide(db, caller, 'withdraw', id, reason);
}

/** Takes a proposal out of PROPOSED; confirming it puts the appointment in force in the same transaction. */
async function decide(
  db: DataSource,
  caller: Caller,
  act: Exclude<ProposalAct, 'propose'>,
  id: string,
  reason: string | null,
): Promise<FunctionProposal> {
  const found = await db.getRepository(FunctionProposal).findOneBy({ id });
  if (!found) throw notFound(`No appointment proposal with id ${id}.`);
  assertMayTake(caller, act, found);
  // A decline or a withdrawal says why; a confirmation rests on the proposal's basis.
  const why = act === 'confirm' ? null : requiredText(reason, 'reason', 1000);
  return inTransaction(db, async (tx) => {
    const proposals = tx.getRepository(FunctionProposal);
    const decided = {
      state: PROPOSAL_WORKFLOW[act].to,
      pendingFunction: null,
      decidedAt: new Date(),
      decidedByPersonId: caller.personId,
      decidedByAccountId: caller.accountId,
      reason: why,
    };
    const result = await proposals.update({ id, state: 'PROPOSED' }, decided);
    if (result.affected === 0) throw conflict('The proposal was decided at the same moment by someone else; reload it.');
    const proposal = Object.assign(found, decided);
    let details: Record<string, unknown> = {};
    if (act === 'confirm') {
      const appointment = { function: proposal.function, personId: proposal.personId, unitId: null, basis: proposal.basis };
      const { holding, ended } = await recordHolding(tx, appointment, proposal.proposedByAccountId);
      await proposals.update({ id }, { holdingId: holding.id });
      proposal.holdingId = holding.id;
      details = { holdingId: holding.id, ended };
    }
    await enqueueAudit(tx, auditOf(caller, act, proposal, why ?? proposal.basis, details));
    return proposal;
  });
}

function auditOf(caller: Caller, act: ProposalAct, proposal: FunctionProposal, basis: string, details: Record<string, unknown>) {
  return auditRecord('organisation', caller, PROPOSAL_WORKFLOW[act].audit, { type: 'FunctionProposal', id: proposal.id }, basis, {
    function: proposal.function,
    personId: proposal.personId,
    proposedByPersonId: proposal.proposedByPersonId,
    ...details,
  });
}
