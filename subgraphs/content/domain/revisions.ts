/**
 * The change register (rejestr zmian, R-T.2): every saved version of a document's content is a
 * revision — who, when, which fields changed and why. Revisions are never changed or deleted;
 * any two can be compared, and restoring one writes a new revision. The public reads the register
 * from the revision first published on (visibility.ts); moves through the workflow are kept beside
 * it (publishing.ts).
 */
import crypto from 'node:crypto';
import { createTwoFilesPatch } from 'diff';
import type { EntityManager } from 'typeorm';
import type { Caller } from '../../common/caller';
import { badInput } from '../../../platform/errors';
import type { Document, DocumentKind } from '../entities/document';
import { Revision } from '../entities/revision';

export const CONTENT_FIELDS = ['title', 'lead', 'body', 'kind', 'language', 'tags'] as const;
export type ContentField = (typeof CONTENT_FIELDS)[number];

export interface Content {
  title: string;
  lead: string | null;
  body: string;
  kind: DocumentKind;
  language: string;
  tags: string[];
}

const same = (a: Content[ContentField], b: Content[ContentField]) => JSON.stringify(a) === JSON.stringify(b);

export function changedFields(before: Content | null, after: Content): ContentField[] {
  return CONTENT_FIELDS.filter((field) => !before || !same(before[field], after[field]));
}

export function contentOf(revision: Revision): Content {
  return {
    title: revision.title,
    lead: revision.lead,
    body: revision.body,
    kind: revision.kind,
    language: revision.language,
    tags: JSON.parse(revision.tags) as string[],
  };
}

/**
 * R-T.2: to the public, the revision first published is the published state, all of it new: what
 * the drafts before it changed, and why, stays with those who could see the drafts.
 */
export function asFirstPublished(revision: Revision): Revision {
  return { ...revision, changedFields: JSON.stringify(CONTENT_FIELDS), reason: null, restoredFrom: null };
}

export async function appendRevision(
  tx: EntityManager,
  document: Document,
  content: Content,
  meta: {
    number: number;
    changed: ContentField[];
    reason: string | null;
    restoredFrom?: number;
    author: Caller | null;
  },
): Promise<Revision> {
  const revision = tx.getRepository(Revision).create({
    id: crypto.randomUUID(),
    documentId: document.id,
    number: meta.number,
    title: content.title,
    lead: content.lead,
    body: content.body,
    kind: content.kind,
    language: content.language,
    tags: JSON.stringify(content.tags),
    changedFields: JSON.stringify(meta.changed),
    reason: meta.reason,
    restoredFrom: meta.restoredFrom ?? null,
    authorAccountId: meta.author?.accountId ?? null,
    authorPersonId: meta.author?.personId ?? null,
    createdAt: new Date(),
  });
  await tx.getRepository(Revision).insert(revision);
  return revision;
}

export interface FieldChange {
  field: ContentField;
  before: string | null;
  after: string | null;
  /** A unified diff of the two texts. */
  patch: string;
}

/** Field-by-field differences between two revisions of the same document. */
export function diffRevisions(from: Revision, to: Revision): FieldChange[] {
  const a = contentOf(from);
  const b = contentOf(to);
  const text = (value: Content[ContentField]) =>
    value === null ? null : Array.isArray(value) ? value.join(', ') : String(value);
  return CONTENT_FIELDS.filter((field) => !same(a[field], b[field])).map((field) => ({
    field,
    before: text(a[field]),
    after: text(b[field]),
    patch: patchOf(field, from.number, to.number, text(a[field]) ?? '', text(b[field]) ?? ''),
  }));
}

/** The longest a field's comparison may take: the line diff is quadratic in the worst case (issue 12: seconds for 4,000 lines). */
const DIFF_TIME_MS = 200;

function patchOf(field: string, fromNumber: number, toNumber: number, before: string, after: string): string {
  const patch = createTwoFilesPatch(
    `revision ${fromNumber}`,
    `revision ${toNumber}`,
    `${before}\n`,
    `${after}\n`,
    '',
    '',
    { context: 2, timeout: DIFF_TIME_MS },
  );
  if (patch === undefined) {
    throw badInput(
      `The "${field}" of revisions ${fromNumber} and ${toNumber} differs too much to compare here; compare revisions closer together.`,
      'to',
    );
  }
  return patch;
}
