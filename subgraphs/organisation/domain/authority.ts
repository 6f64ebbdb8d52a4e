/**
 * Who may change the organisation's data. Deny by default: each act names who may take it.
 * a unit head issues the unit's orders and designations. Functions and headships are
 * recorded by the system administrator from the acts that appoint them.
 */
import type { Caller } from '../../common/caller';
import { forbidden } from '../../common/errors';

export function assertHeads(caller: Caller, unitId: string, act: string): void {
  if (!caller.headOf.includes(unitId)) throw forbidden(`Only the head of the unit may ${act}.`);
}

export function assertRecordsFunctions(caller: Caller): void {
  if (!caller.roles.has('SYSTEM_ADMINISTRATOR')) {
    throw forbidden('Only the system administrator records who holds a function or heads a unit.');
  }
}
