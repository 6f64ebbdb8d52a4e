/**
 * Who reads what. Published documents are public; anything else is for the responsible unit
 * (its people and its head, R-4.1) and the editorial office, which supervises publishing.
 */
import type { Caller } from '../../common/caller';
import type { Document } from '../entities/document';

/** Those who may read what is not public of a document: its drafts, and it when taken down or archived. */
export function mayReadDrafts(caller: Caller | null, document: Document): boolean {
  if (!caller) return false;
  return (
    caller.roles.has('EDITORIAL_OFFICE_MEMBER') ||
    caller.unitId === document.responsibleUnitId ||
    caller.headOf.includes(document.responsibleUnitId)
  );
}

export function mayRead(caller: Caller | null, document: Document): boolean {
  return document.status === 'PUBLISHED' || mayReadDrafts(caller, document);
}

/**
 * R-T.2: the public change register starts at publication. The revision first published and every
 * later one are public; the drafts before it stay with those who could see them. Null: nothing is
 * public yet.
 */
export function firstReadableRevision(draftReader: boolean, document: Document): number | null {
  return draftReader ? 1 : (document.firstPublishedRevision ?? null);
}
