/**
 * The document workflow as data (STYLE.md): states, the acts between them, and who takes each. Publishing means
 * entering or modifying information (§1 of the order), so every act, and every edit, needs a live PUBLISH grant for
 * the document's unit on its channel: a rule access answers, named here and resolved by publishing.ts.
 */
import { conflict } from '../../../platform/errors';
import { sentence, statesWords, stateWord, withArticle, type Workflow } from '../../common/workflow';
import { DOCUMENT_STATUSES, type DocumentStatus } from '../entities/document';

export type Transition = 'publish' | 'unpublish' | 'archive';

/** A PUBLISH grant in force for the document's unit on its channel, the channel live and not frozen (access decides). */
export type DocumentRule = 'PUBLISH_GRANT';

/** What each act is called once done, in messages. */
interface Done {
  done: string;
}

const GRANT = ['PUBLISH_GRANT'] as const;

export const WORKFLOW: Workflow<DocumentStatus, Transition, DocumentRule, Done> = {
  states: DOCUMENT_STATUSES,
  acts: {
    publish: { from: ['DRAFT', 'UNPUBLISHED'], to: 'PUBLISHED', who: GRANT, needsReason: false, done: 'published' },
    // R-T.2: taking a document down or archiving it says why.
    unpublish: { from: ['PUBLISHED'], to: 'UNPUBLISHED', who: GRANT, needsReason: true, done: 'unpublished' },
    archive: {
      from: ['DRAFT', 'PUBLISHED', 'UNPUBLISHED'],
      to: 'ARCHIVED',
      who: GRANT,
      needsReason: true,
      done: 'archived',
    },
  },
  rules: { PUBLISH_GRANT: 'whoever holds a PUBLISH grant in force for its unit on its channel (R-5.2.4)' },
  may: (act) => `${act} this document`,
  wrongState: (current, act) => {
    const { done, from } = WORKFLOW.acts[act];
    return sentence(`${withArticle(stateWord(current))} document cannot be ${done}; it must be ${statesWords(from)}.`);
  },
  noReason: (act) => ({
    field: 'reason',
    message: `Give a reason: a document is not ${act === 'archive' ? 'archived' : 'taken down'} without one.`,
  }),
};

/** States whose content may still be edited; a modification of a published document needs a reason (R-T.2). */
export const EDITABLE: readonly DocumentStatus[] = ['DRAFT', 'PUBLISHED', 'UNPUBLISHED'];

export function assertEditable(current: DocumentStatus): void {
  if (!EDITABLE.includes(current))
    throw conflict(`An ${current.toLowerCase()} document is kept for the record and cannot be changed.`);
}
