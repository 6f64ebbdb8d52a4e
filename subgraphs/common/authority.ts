/**
 * Who may act, in one place for every subgraph (STYLE.md: access rules are plain functions). Deny by
 * default: an act names the roles that may take it, or the unit whose head may; anyone else gets
 * FORBIDDEN with a message that names who may.
 */
import { ROLE_NAMES, type Caller, type Role } from './caller';
import { forbidden } from '../../platform/errors';

/** Whether the caller holds any of the roles. */
export function holdsAny(caller: Caller, roles: Role | readonly Role[]): boolean {
  return (typeof roles === 'string' ? [roles] : roles).some((role) => caller.roles.has(role));
}

/** "the editorial office, the system administrator or the data protection officer". */
export function namesOf(roles: Role | readonly Role[]): string {
  return orList((typeof roles === 'string' ? [roles] : roles).map((role) => ROLE_NAMES[role]));
}

/** "a, b or c": alternatives in a sentence. */
export function orList(words: readonly string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** FORBIDDEN unless the caller holds one of the roles: "Only the editorial office may open incidents." */
export function assertHolds(caller: Caller, roles: Role | readonly Role[], act: string): void {
  if (!holdsAny(caller, roles)) throw forbidden(`Only ${namesOf(roles)} may ${act}.`);
}

/** FORBIDDEN unless the caller heads the unit (R-4.2, R-4.4: a unit head acts for the unit). */
export function assertHeadOf(caller: Caller, unitId: string, act: string): void {
  if (!caller.headOf.includes(unitId)) throw forbidden(`Only the head of the unit may ${act}.`);
}
