/**
 * Who may change the organisation's data. Deny by default: each act names who may take it.
 * a unit head issues the unit's orders and designations. Functions and headships are
 * recorded by the system administrator from the acts that appoint them; a function that carries power
 * over MPI takes effect only when the authority the order gives confirms it (CONFIRMED_BY).
 */
import { namesOf } from '../../common/authority';
import { type Caller, type Role } from '../../common/caller';
import { forbidden } from '../../../platform/errors';
import type { FunctionName } from '../entities/function-holding';

export { assertHeadOf } from '../../common/authority';

export function assertRecordsFunctions(caller: Caller): void {
  if (!caller.roles.has('SYSTEM_ADMINISTRATOR')) {
    throw forbidden('Only the system administrator records who holds a function or heads a unit.');
  }
}

/**
 * Functions that carry power over publishing, the audit log, accounts, incidents or the annual report,
 * and who confirms an appointment to each. The Mayor's structure decides who holds them, not the
 * system administrator who records it:
 * - §8: the editorial office works inside WKS and its Director supervises MPI and carries out
 *   the order, so the Director confirms the editor-in-chief and the system administrator of MPI; the Deputy
 *   Mayor, to whom the Director answers, may confirm them too (e.g. while the Director's post is empty).
 * - the Director answers to the Deputy Mayor, who confirms the Director.
 * - The Deputy Mayor is appointed by the Mayor, whom the platform does not know; the Director of WKS, who
 *   carries out the order (§8), confirms the record.
 * - The DPO oversees the editorial office and the Director (audit log, incidents), and BIP lies outside WKS
 *   and the editorial office: neither is confirmed by those it is independent of, but by the
 *   Deputy Mayor.
 * UNIT_HEAD is not here: a headship gives power over one unit's own orders and designations, and every
 * grant resting on them is still the editorial office's; it is recorded in one step.
 */
export const CONFIRMED_BY: Readonly<Partial<Record<FunctionName, readonly Role[]>>> = {
  EDITOR_IN_CHIEF: ['WKS_DIRECTOR', 'DEPUTY_MAYOR'],
  SYSTEM_ADMINISTRATOR: ['WKS_DIRECTOR', 'DEPUTY_MAYOR'],
  WKS_DIRECTOR: ['DEPUTY_MAYOR'],
  DEPUTY_MAYOR: ['WKS_DIRECTOR'],
  DPO: ['DEPUTY_MAYOR'],
  BIP_ADMIN: ['DEPUTY_MAYOR'],
};

export function confirmersOf(fn: FunctionName): readonly Role[] {
  return CONFIRMED_BY[fn] ?? [];
}

export function needsConfirmation(fn: FunctionName): boolean {
  return confirmersOf(fn).length > 0;
}

/** "the Director of WKS or the Deputy Mayor …", for messages. */
export function confirmersNamed(fn: FunctionName): string {
  return namesOf(confirmersOf(fn));
}
