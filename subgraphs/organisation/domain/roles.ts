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
  /** Units the person heads now. */
  headOf: Unit[];
  /** Function holdings of the person that have not ended. */
  functions: FunctionHolding[];
}

export function rolesOf({ unit, headOf, functions }: RoleFacts, now = new Date()): Role[] {
  const roles = new Set<Role>();
  if (headOf.length > 0) roles.add('UNIT_HEAD');
  if (unit?.isEditorialOffice) roles.add('EDITORIAL_OFFICE_MEMBER');
  for (const holding of functions) {
    if (holding.startedAt <= now && (holding.endedAt === null || holding.endedAt > now)) {
      roles.add(holding.function);
      // The editor-in-chief leads the editorial office, whichever unit the post is filed under.
      if (holding.function === 'EDITOR_IN_CHIEF') roles.add('EDITORIAL_OFFICE_MEMBER');
    }
  }
  return [...roles];
}
