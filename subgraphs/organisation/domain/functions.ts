/**
 * Recording who holds a function or heads a unit. One holder at a
 * time: appointing a new one ends the current holding, which stays readable as history. Functions
 * that carry power over MPI are not recorded here in one step: see function-proposals.ts.
 */
import crypto from 'node:crypto';
import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import { auditRecord, enqueueAudit } from '../../common/audit';
import type { Caller } from '../../common/caller';
import { badInput, conflict, forbidden, notFound } from '../../../platform/errors';
import { inTransaction } from '../../common/transaction';
import { changed, enqueueChange } from '../../common/changes';
import { FUNCTIONS, FunctionHolding, type FunctionName } from '../entities/function-holding';
import { Person } from '../entities/person';
import { Unit } from '../entities/unit';
import { assertRecordsFunctions, confirmersNamed, needsConfirmation } from './authority';
import { requiredText } from './validation';

export interface AssignFunction {
  function: FunctionName;
  personId: string;
  unitId?: string | null;
  basis: string;
}

/** An appointment that passed the checks every appointment passes, one-step or proposed. */
export interface Appointment {
  function: FunctionName;
  personId: string;
  unitId: string | null;
  basis: string;
}

export async function checkedAppointment(db: DataSource, caller: Caller, input: AssignFunction): Promise<Appointment> {
  // functions are given by the city's structure, recorded by the system administrator: never to himself.
  if (input.personId === caller.personId)
    throw forbidden('No one records a function for themselves; another authorised person must record it.');
  if (!FUNCTIONS.includes(input.function)) throw badInput(`Unknown function "${input.function}".`, 'function');
  const basis = requiredText(input.basis, 'basis', 1000);
  const unitId = input.unitId ?? null;
  if (input.function === 'UNIT_HEAD' && !unitId)
    throw badInput('A unit head is appointed for a unit: give "unitId".', 'unitId');
  if (input.function !== 'UNIT_HEAD' && unitId)
    throw badInput(`${input.function} is not held for a unit: leave "unitId" out.`, 'unitId');
  if (!(await db.getRepository(Person).existsBy({ id: input.personId })))
    throw notFound(`No person with id ${input.personId}.`);
  if (unitId && !(await db.getRepository(Unit).existsBy({ id: unitId }))) throw notFound(`No unit with id ${unitId}.`);
  return { function: input.function, personId: input.personId, unitId, basis };
}

export async function assignFunction(db: DataSource, caller: Caller, input: AssignFunction): Promise<FunctionHolding> {
  assertRecordsFunctions(caller);
  const appointment = await checkedAppointment(db, caller, input);
  if (needsConfirmation(appointment.function)) {
    throw forbidden(
      `${appointment.function} carries power over MPI, so it is not recorded in one step: propose it (proposeFunction) ` +
        `and it takes effect when ${confirmersNamed(appointment.function)} confirms it.`,
    );
  }
  return inTransaction(db, async (tx) => {
    const { holding, ended } = await recordHolding(tx, appointment, caller.accountId);
    await enqueueAudit(
      tx,
      auditRecord(
        'organisation',
        caller,
        'FUNCTION_ASSIGNED',
        { type: 'FunctionHolding', id: holding.id },
        appointment.basis,
        {
          function: appointment.function,
          personId: appointment.personId,
          unitId: appointment.unitId,
          ended,
        },
      ),
    );
    return holding;
  });
}

/** The holdings of a function (of a unit, for UNIT_HEAD) that have not ended. */
export function currentHoldings(
  manager: EntityManager | DataSource,
  fn: FunctionName,
  unitId: string | null,
): Promise<FunctionHolding[]> {
  return manager.getRepository(FunctionHolding).findBy({ function: fn, unitId: unitId ?? IsNull(), endedAt: IsNull() });
}

/**
 * Puts an appointment in force from now, ending the current holder's, and tells caches that the people
 * (their roles) and the unit (its head) changed. Returns the ended holdings for the audit entry.
 */
export async function recordHolding(
  tx: EntityManager,
  appointment: Appointment,
  recordedByAccountId: string,
): Promise<{ holding: FunctionHolding; ended: { holdingId: string; personId: string }[] }> {
  const holdings = tx.getRepository(FunctionHolding);
  const current = await currentHoldings(tx, appointment.function, appointment.unitId);
  if (current.some((holding) => holding.personId === appointment.personId)) {
    throw conflict('This person already holds the function.');
  }
  const now = new Date();
  for (const holding of current) await holdings.update({ id: holding.id }, { endedAt: now });
  const holding = holdings.create({
    id: crypto.randomUUID(),
    function: appointment.function,
    personId: appointment.personId,
    unitId: appointment.unitId,
    startedAt: now,
    endedAt: null,
    basis: appointment.basis,
    recordedByAccountId,
  });
  await holdings.insert(holding);
  const people = [appointment.personId, ...current.map((h) => h.personId)].flatMap((id) =>
    changed('Person', id, false),
  );
  await enqueueChange(tx, [...(appointment.unitId ? changed('Unit', appointment.unitId, false) : []), ...people]);
  return { holding, ended: current.map((h) => ({ holdingId: h.id, personId: h.personId })) };
}
