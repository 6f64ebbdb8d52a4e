/**
 * Recording who holds a function or heads a unit. One holder at a
 * time: appointing a new one ends the current holding, which stays readable as history.
 */
import crypto from 'node:crypto';
import { IsNull, type DataSource } from 'typeorm';
import { auditRecord, enqueueAudit } from '../../common/audit';
import type { Caller } from '../../common/caller';
import { badInput, conflict, forbidden, notFound } from '../../common/errors';
import { inTransaction } from '../../common/transaction';
import { changed, enqueueChange } from '../../common/changes';
import { FUNCTIONS, FunctionHolding, type FunctionName } from '../entities/function-holding';
import { Person } from '../entities/person';
import { Unit } from '../entities/unit';
import { assertRecordsFunctions } from './authority';
import { requiredText } from './validation';

export interface AssignFunction {
  function: FunctionName;
  personId: string;
  unitId?: string | null;
  basis: string;
}

export async function assignFunction(db: DataSource, caller: Caller, input: AssignFunction): Promise<FunctionHolding> {
  assertRecordsFunctions(caller);
  // functions are given by the city's structure, recorded by the system administrator: never to himself.
  if (input.personId === caller.personId) throw forbidden('No one records a function for themselves; another authorised person must record it.');
  if (!FUNCTIONS.includes(input.function)) throw badInput(`Unknown function "${input.function}".`, 'function');
  const basis = requiredText(input.basis, 'basis', 1000);
  const unitId = input.unitId ?? null;
  if (input.function === 'UNIT_HEAD' && !unitId) throw badInput('A unit head is appointed for a unit: give "unitId".', 'unitId');
  if (input.function !== 'UNIT_HEAD' && unitId) throw badInput(`${input.function} is not held for a unit: leave "unitId" out.`, 'unitId');
  if (!(await db.getRepository(Person).existsBy({ id: input.personId }))) throw notFound(`No person with id ${input.personId}.`);
  if (unitId && !(await db.getRepository(Unit).existsBy({ id: unitId }))) throw notFound(`No unit with id ${unitId}.`);

  return inTransaction(db, async (tx) => {
    const holdings = tx.getRepository(FunctionHolding);
    const current = await holdings.findBy({ function: input.function, unitId: unitId ?? IsNull(), endedAt: IsNull() });
    if (current.some((holding) => holding.personId === input.personId)) {
      throw conflict('This person already holds the function.');
    }
    const now = new Date();
    for (const holding of current) await holdings.update({ id: holding.id }, { endedAt: now });
    const holding = holdings.create({
      id: crypto.randomUUID(),
      function: input.function,
      personId: input.personId,
      unitId,
      startedAt: now,
      endedAt: null,
      basis,
      recordedByAccountId: caller.accountId,
    });
    await holdings.insert(holding);
    // Public copies of the unit (its head) and of the people (their roles) are out of date now.
    const people = [input.personId, ...current.map((h) => h.personId)].flatMap((id) => changed('Person', id, false));
    await enqueueChange(tx, [...(unitId ? changed('Unit', unitId, false) : []), ...people]);
    await enqueueAudit(
      tx,
      auditRecord('organisation', caller, 'FUNCTION_ASSIGNED', { type: 'FunctionHolding', id: holding.id }, basis, {
        function: input.function,
        personId: input.personId,
        unitId,
        ended: current.map((h) => ({ holdingId: h.id, personId: h.personId })),
      }),
    );
    return holding;
  });
}
