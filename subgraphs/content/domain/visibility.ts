/**
 * Who reads what. Published documents are public; anything else is for the responsible unit
 * (its people and its head, R-4.1) and the editorial office, which supervises publishing.
 */
import type { Caller } from '../../common/caller';
import type { Document } from '../entities/document';

export function mayRead(caller: Caller | null, document: Document): boolean {
  if (document.status === 'PUBLISHED') return true;
  if (!caller) return false;
  return (
    caller.roles.has('EDITORIAL_OFFICE_MEMBER') ||
    caller.unitId === document.responsibleUnitId ||
    caller.headOf.includes(document.responsibleUnitId)
  );
}
