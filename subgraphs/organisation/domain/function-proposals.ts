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
import { badInput, conflict, notFound } from '../../../platform/errors';
import { inTransaction } from '../../common/transaction';
import type { FunctionName } from '../entities/function-holding';
import { stateWord, transition, type Workflow } from '../../common/workflow';
import { FunctionProposal, PROPOSAL_STATES, type ProposalState } from '../entities/function-proposal';
import { confirmersNamed, confirmersOf, needsConfirmation } from './authority';
import { checkedAppointment, currentHoldings, recordHolding } from './functions';
import { requiredText } from './validation';

export type ProposalAct = 'propose' | 'confirm' | 'decline' | 'withdraw';

/** The proposal's state; NONE before it is made. */
export type ProposalStanding = ProposalState | 'NONE';

/**
 * the authority the order gives for the function (CONFIRMED_BY), and not the person who proposed the
 * appointment nor the person it appoints: no one decides on their own proposal or their own appointment.
 */
export type ProposalRule = 'CONFIRMING_AUTHORITY';

/** What the table keeps beside each act: how it is named once done (in messages) and its audit action. */
interface Named {
  done: string;
  audit: AuditAction;
}

const RECORDER = ['SYSTEM_ADMINISTRATOR'] as const;

/**
 * The appointment workflow: the system administrator, who records appointments, proposes one or withdraws it; the
 * function's confirming authority confirms or declines it. A decline or a withdrawal says why; a confirmation rests
 * on the proposal's basis. Nothing leaves a decision: a wanted appointment is proposed again.
 */
export const PROPOSAL_WORKFLOW: Workflow<ProposalStanding, ProposalAct, ProposalRule, Named> = {
  states: ['NONE', ...PROPOSAL_STATES],
  acts: {
    propose: {
      from: ['NONE'],
      to: 'PROPOSED',
      who: RECORDER,
      needsReason: false,
      done: 'proposed',
      audit: 'FUNCTION_PROPOSED',
    },
    confirm: {
      from: ['PROPOSED'],
      to: 'CONFIRMED',
      who: ['CONFIRMING_AUTHORITY'],
      needsReason: false,
      done: 'confirmed',
      audit: 'FUNCTION_CONFIRMED',
    },
    decline: {
      from: ['PROPOSED'],
      to: 'DECLINED',
      who: ['CONFIRMING_AUTHORITY'],
      needsReason: true,
      done: 'declined',
      audit: 'FUNCTION_DECLINED',
    },
    withdraw: {
      from: ['PROPOSED'],
      to: 'WITHDRAWN',
      who: RECORDER,
      needsReason: true,
      done: 'withdrawn',
      audit: 'FUNCTION_PROPOSAL_WITHDRAWN',
    },
  },
  rules: { CONFIRMING_AUTHORITY: 'the authority that confirms the function, other than the proposer or the appointee' },
  may: (act) =>
    PROPOSAL_WORKFLOW.acts[act].who === RECORDER ? 'record who holds a function or heads a unit' : `${act} it`,
  wrongState: (current, act) =>
    `The appointment was already ${stateWord(current)}, so it cannot be ${PROPOSAL_WORKFLOW.acts[act].done} now; ` +
    'if it is still wanted, the system administrator proposes it again.',
  noReason: () => ({ field: 'reason', message: '"reason" must not be empty.' }),
};

type Proposed = Pick<FunctionProposal, 'function' | 'personId' | 'proposedByPersonId'>;

/** The CONFIRMING_AUTHORITY rule, answered for one proposal: true, or why not. */
export function confirmingAuthority(caller: Caller, act: ProposalAct, proposal: Proposed): true | string {
  const fn = proposal.function;
  const who = confirmersNamed(fn);
  if (!confirmersOf(fn).some((role) => caller.roles.has(role))) {
    return `Only ${who} may ${act} an appointment as ${fn} (R-5.1): the Mayor's structure decides it, not who records it.`;
  }
  const own =
    proposal.proposedByPersonId === caller.personId
      ? 'proposal'
      : proposal.personId === caller.personId
        ? 'appointment'
        : '';
  return own ? `No one decides on their own ${own}: another person who is ${who} must ${act} it.` : true;
}

/** Takes the act on the proposal as the table says; returns the reason given, trimmed. */
function take(
  caller: Caller,
  act: ProposalAct,
  proposal: Proposed & { state: ProposalStanding },
  reason?: string | null,
) {
  const rules = { CONFIRMING_AUTHORITY: confirmingAuthority(caller, act, proposal) };
  return transition(PROPOSAL_WORKFLOW, act, proposal.state, caller, { rules, reason }).reason;
}

export interface ProposeFunction {
  function: FunctionName;
  personId: string;
  basis: string;
}

export async function proposeFunction(
  db: DataSource,
  caller: Caller,
  input: ProposeFunction,
): Promise<FunctionProposal> {
  take(caller, 'propose', { ...input, proposedByPersonId: caller.personId, state: 'NONE' });
  const appointment = await checkedAppointment(db, caller, input);
  if (!needsConfirmation(appointment.function)) {
    throw badInput(
      `${appointment.function} needs no confirmation: record it in one step (assignFunction).`,
      'function',
    );
  }
  if ((await currentHoldings(db, appointment.function, null)).some((h) => h.personId === appointment.personId)) {
    throw conflict('This person already holds the function.');
  }
  const waiting = () =>
    conflict(
      `An appointment as ${appointment.function} already waits for confirmation: it is confirmed, declined or withdrawn before another is proposed.`,
    );
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

export function withdrawFunctionProposal(
  db: DataSource,
  caller: Caller,
  id: string,
  reason: string,
): Promise<FunctionProposal> {
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
  take(caller, act, found, reason);
  const why = PROPOSAL_WORKFLOW.acts[act].needsReason ? requiredText(reason, 'reason', 1000) : null;
  return inTransaction(db, async (tx) => {
    const proposals = tx.getRepository(FunctionProposal);
    const decided = {
      state: PROPOSAL_WORKFLOW.acts[act].to,
      pendingFunction: null,
      decidedAt: new Date(),
      decidedByPersonId: caller.personId,
      decidedByAccountId: caller.accountId,
      reason: why,
    };
    const result = await proposals.update({ id, state: 'PROPOSED' }, decided);
    if (result.affected === 0)
      throw conflict('The proposal was decided at the same moment by someone else; reload it.');
    const proposal = Object.assign(found, decided);
    let details: Record<string, unknown> = {};
    if (act === 'confirm') {
      const appointment = {
        function: proposal.function,
        personId: proposal.personId,
        unitId: null,
        basis: proposal.basis,
      };
      const { holding, ended } = await recordHolding(tx, appointment, proposal.proposedByAccountId);
      await proposals.update({ id }, { holdingId: holding.id });
      proposal.holdingId = holding.id;
      details = { holdingId: holding.id, ended };
    }
    await enqueueAudit(tx, auditOf(caller, act, proposal, why ?? proposal.basis, details));
    return proposal;
  });
}

function auditOf(
  caller: Caller,
  act: ProposalAct,
  proposal: FunctionProposal,
  basis: string,
  details: Record<string, unknown>,
) {
  return auditRecord(
    'organisation',
    caller,
    PROPOSAL_WORKFLOW.acts[act].audit,
    { type: 'FunctionProposal', id: proposal.id },
    basis,
    {
      function: proposal.function,
      personId: proposal.personId,
      proposedByPersonId: proposal.proposedByPersonId,
      ...details,
    },
  );
}
