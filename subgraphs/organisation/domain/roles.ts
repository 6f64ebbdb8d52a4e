/**
 * A person's roles, derived from live organisation data: heading a unit,
 * working in the editorial office, and holding one of the functions the order names.
 */
import type { Role } from '../../common/caller';
import type { FunctionHolding } from '../entities/function-holding';
import type { Person } from '../entities/person';
import type { Unit } from '../entities/unit';

export interface RoleFacts {
  person: Person;
  /** The person's own unit, if any. */
  unit: Unit | null;
  /** The person's function holdings that have not ended (UNIT_HEAD ones name their unit). */
  functions: FunctionHolding[];
}

export function headOf({ functions }: RoleFacts, now = new Date()): string[] {
  return functions
    .filter((h) => h.function === 'UNIT_HEAD' && h.unitId && h.isActive(now))
    .map((h) => h.unitId as string);
}

export function rolesOf(facts: RoleFacts, now = new Date()): Role[] {
  const roles = new Set<Role>();
  if (facts.unit?.isEditorialOffice) roles.add('EDITORIAL_OFFICE_MEMBER');
  for (const holding of facts.functions) {
    if (!holding.isActive(now)) continue;
    roles.add(holding.function);
    // The editor-in-chief leads the editorial office, whichever unit the post is filed under.
    if (holding.function === 'EDITOR_IN_CHIEF') roles.add('EDITORIAL_OFFICE_MEMBER');
  }
  return [...roles];
}
