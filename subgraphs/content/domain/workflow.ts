/**
 * The document workflow as data (STYLE.md): states, the transitions between them, and what each
 * needs. Publishing means entering or modifying information (§1 of the order), so every transition
 * and every edit needs a live PUBLISH grant for the document's unit on its channel.
 */
import { conflict } from '../../common/errors';
import type { DocumentStatus } from '../entities/document';

export type Transition = 'publish' | 'unpublish' | 'archive';

export const WORKFLOW: Record<Transition, { from: readonly DocumentStatus[]; to: DocumentStatus; needsReason: boolean }> = {
  publish: { from: ['DRAFT', 'UNPUBLISHED'], to: 'PUBLISHED', needsReason: false },
  unpublish: { from: ['PUBLISHED'], to: 'UNPUBLISHED', needsReason: true },
  archive: { from: ['DRAFT', 'PUBLISHED', 'UNPUBLISHED'], to: 'ARCHIVED', needsReason: true },
};

/** States whose content may still be edited; a modification of a published document needs a reason (R-T.2). */
export const EDITABLE: readonly DocumentStatus[] = ['DRAFT', 'PUBLISHED', 'UNPUBLISHED'];

const PAST: Record<Transition, string> = { publish: 'published', unpublish: 'unpublished', archive: 'archived' };

/** The state a transition leads to, or CONFLICT when the document is not in a state it starts from. */
export function nextStatus(current: DocumentStatus, transition: Transition): DocumentStatus {
  const rule = WORKFLOW[transition];
  if (!rule.from.includes(current)) {
    throw conflict(`A ${current.toLowerCase()} document cannot be ${PAST[transition]}; it must be ${rule.from.map((s) => s.toLowerCase()).join(' or ')}.`);
  }
  return rule.to;
}

export function assertEditable(current: DocumentStatus): void {
  if (!EDITABLE.includes(current)) throw conflict(`An ${current.toLowerCase()} document is kept for the record and cannot be changed.`);
}
