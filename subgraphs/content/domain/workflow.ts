/**
 * The document workflow as data (STYLE.md): states, the transitions between them, and what each
 * needs. Publishing means entering or modifying information (§1 of the order), so every transition
 * needs a live PUBLISH grant for the document's unit on its channel.
 */
import { conflict } from '../../common/errors';
import type { DocumentStatus } from '../entities/document';

export type Transition = 'publish' | 'unpublish' | 'archive';

export const WORKFLOW: Record<Transition, { from: readonly DocumentStatus[]; to: DocumentStatus; needsReason: boolean }> = {
  publish: { from: ['DRAFT', 'UNPUBLISHED'], to: 'PUBLISHED', needsReason: false },
  unpublish: { from: ['PUBLISHED'], to: 'UNPUBLISHED', needsReason: true },
  archive: { from: ['DRAFT', 'PUBLISHED', 'UNPUBLISHED'], to: 'ARCHIVED', needsReason: true },
};

/** The state a transition leads to, or CONFLICT when the document is not in a state it starts from. */
export function nextStatus(current: DocumentStatus, transition: Transition): DocumentStatus {
  const rule = WORKFLOW[transition];
  if (!rule.from.includes(current)) {
    throw conflict(`A ${current.toLowerCase()} document cannot be ${transition === 'publish' ? 'published' : `${transition}d`}; it must be ${rule.from.map((s) => s.toLowerCase()).join(' or ')}.`);
  }
  return rule.to;
}
