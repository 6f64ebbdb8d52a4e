/**
 * Entering documents and modifying them (each save a revision, R-T.2); moving them through the
 * workflow is publishing.ts. Every act is checked live with the owners of the facts
 * (publishing-right.ts). The body is sanitised on the way in: no script, event handler or unsafe
 * link survives.
 */
import crypto from 'node:crypto';
import sanitizeHtml from 'sanitize-html';
import type { DataSource, EntityManager } from 'typeorm';
import { auditRecord, enqueueAudit } from '../../common/audit';
import type { Caller } from '../../common/caller';
import { sortKey } from '../../common/collation';
import { isUniqueViolation } from '../../common/database';
import { badInput, conflict, notFound } from '../../../platform/errors';
import { inTransaction } from '../../common/transaction';
import { changed, enqueueChange } from '../../common/changes';
import { DOCUMENT_KINDS, Document, DocumentTag, type DocumentKind } from '../entities/document';
import { IdempotencyKey } from '../entities/idempotency';
import { Revision } from '../entities/revision';
import { Section } from '../entities/section';
import { assertMayPublish, type Asker } from './publishing-right';
import { appendRevision, changedFields, contentOf, type Content } from './revisions';
import { small, type ContentWorkers } from './heavy-work';
import { searchIndexFor, searchableTextInSlices, type IndexedText } from './search';
import { mayRead } from './visibility';
import { assertEditable } from './workflow';
import { PreparerDocument } from '../../organisation/generated/peer-operations';

/** A document nothing is scheduled for and no incident took down. */
export const NO_SCHEDULE = {
  scheduledPublishAt: null,
  scheduledUnpublishAt: null,
  scheduledUnpublishReason: null,
  scheduledByAccountId: null,
  scheduledByLogin: null,
  scheduledByPersonId: null,
  scheduleError: null,
  takenDownByIncidentId: null,
} as const;

export interface CreateDocument {
  channelId: string;
  sectionId?: string | null;
  responsibleUnitId: string;
  title: string;
  lead?: string | null;
  body: string;
  kind: DocumentKind;
  language?: string | null;
  tags?: string[] | null;
  occurredAt?: Date | null;
  preparedByPersonId?: string | null;
}

export type ContentChanges = Partial<Pick<CreateDocument, 'title' | 'lead' | 'body' | 'kind' | 'language' | 'tags'>>;
/** Changes as a client sends them: a field left out or null stays as it is, but for the lead, which null removes. */
export type ContentUpdate = { [Field in keyof ContentChanges]?: ContentChanges[Field] | null };

const ALLOWED_HTML: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'em',
    'b',
    'i',
    'u',
    's',
    'ul',
    'ol',
    'li',
    'a',
    'h2',
    'h3',
    'h4',
    'blockquote',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'img',
    'figure',
    'figcaption',
  ],
  allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt'], th: ['scope'] },
  allowedSchemes: ['https', 'mailto', 'tel'],
  allowProtocolRelative: false,
  // Images only from https addresses: no relative or protocol-relative source a page could resolve elsewhere.
  exclusiveFilter: (frame) => frame.tag === 'img' && !/^https:\/\//i.test(frame.attribs.src ?? ''),
  disallowedTagsMode: 'discard',
};

/** What a body may hold (HTML, after sanitising): a long regulation fits; a register belongs in an attachment. */
const MAX_BODY_CHARACTERS = 500_000;

/** Markup in a plain-text field ("<script", "<img", "</b"): refused, never stored to be rendered by a page. */
const MARKUP = /<\s*\/?\s*[a-z!?]/i;

function plainText(value: string, field: string): string {
  if (MARKUP.test(value)) throw badInput(`"${field}" is plain text: write it without HTML tags.`, field);
  return value;
}

export function sanitizeBody(html: string): string {
  return sanitizeHtml(html, ALLOWED_HTML).trim();
}

export function slugify(title: string): string {
  return sortKey(title).replace(/ /g, '-').slice(0, 120) || 'dokument';
}

/** Checks and normalises content; the result is what is stored. */
export function validContent(input: Required<ContentChanges>): Content {
  const title = plainText(input.title.trim(), 'title');
  if (!title || title.length > 300) throw badInput('"title" must be 1-300 characters.', 'title');
  if (!DOCUMENT_KINDS.includes(input.kind)) throw badInput(`Unknown document kind "${input.kind}".`, 'kind');
  const language = (input.language ?? 'pl').trim();
  if (!/^[a-z]{2,3}(-[A-Z]{2})?$/.test(language))
    throw badInput('"language" must be a language tag such as "pl" or "en".', 'language');
  const body = sanitizeBody(input.body);
  if (!body) throw badInput('"body" is empty once unsafe markup is removed.', 'body');
  if (body.length > MAX_BODY_CHARACTERS)
    throw badInput(
      `"body" is longer than ${MAX_BODY_CHARACTERS.toLocaleString('en-US')} characters; split it into several documents or attach it as a file.`,
      'body',
    );
  const tags = [
    ...new Set((input.tags ?? []).map((tag) => plainText(tag.trim().toLowerCase(), 'tags')).filter(Boolean)),
  ];
  if (tags.length > 20 || tags.some((tag) => tag.length > 60))
    throw badInput('At most 20 tags of at most 60 characters each.', 'tags');
  const lead = input.lead?.trim() ? plainText(input.lead.trim(), 'lead') : null;
  return { title, lead, body, kind: input.kind, language, tags: tags.sort() };
}

export async function tagsOf(db: DataSource | EntityManager, documentId: string): Promise<string[]> {
  return (await db.getRepository(DocumentTag).find({ where: { documentId }, order: { tag: 'ASC' } })).map((t) => t.tag);
}

async function currentContent(db: DataSource, document: Document): Promise<Content> {
  return { ...document, tags: await tagsOf(db, document.id) };
}

/**
 * R-T.1: the metadata names who prepared the information: the one entering it, or an employee of the
 * responsible unit (asked of organisation, the owner of people), never anyone at all.
 */
async function assertPreparer(asker: Asker, personId: string, unitId: string): Promise<void> {
  const { person } = await asker.peers.send(
    'organisation',
    PreparerDocument,
    { id: personId },
    { authorization: asker.authorization },
  );
  if (!person) throw badInput(`No person with id ${personId}.`, 'preparedByPersonId');
  if (person.unit?.id !== unitId) {
    throw badInput(
      '"preparedByPersonId" must name an employee of the responsible unit (or leave it out: you prepared it).',
      'preparedByPersonId',
    );
  }
}

/** The document, if the caller may see it; NOT_FOUND otherwise (no hint that a hidden one exists). */
export async function visibleDocument(db: DataSource, caller: Caller, id: string): Promise<Document> {
  const document = await db.getRepository(Document).findOneBy({ id });
  if (!document || !mayRead(caller, document)) throw notFound(`No document with id ${id}.`);
  return document;
}

/** Content as stored, checked and sanitised (validContent); a long body off the event loop (issue 12). */
export function checkedContent(workers: ContentWorkers, input: Required<ContentChanges>): Promise<Content> {
  return workers.run('checkContent', [input], { onLoop: small(input.body.length) });
}

/**
 * What the search index holds for content that is to be published, null for content that is not. Worked out
 * before the transaction: a long body takes hundreds of ms (in slices), and no transaction waits for it.
 */
export function indexedTextFor(published: boolean, content: Content): Promise<IndexedText | null> {
  if (!published) return Promise.resolve(null);
  return searchableTextInSlices(content);
}

/** Keeps the search index and the public copies of a document in step with it (`text`: indexedTextFor). */
export async function reindex(tx: EntityManager, document: Document, text: IndexedText | null): Promise<void> {
  // What the public sees changed: the document is or was published.
  if (document.status === 'PUBLISHED' || document.publishedAt)
    await enqueueChange(tx, changed('Document', document.id));
  const index = searchIndexFor(tx.connection);
  if (document.status === 'PUBLISHED' && text) await index.put(tx, document.id, text);
  else await index.remove(tx, document.id);
}

async function replaceTags(tx: EntityManager, document: Document, tags: string[]): Promise<void> {
  await tx.getRepository(DocumentTag).delete({ documentId: document.id });
  if (tags.length)
    await tx
      .getRepository(DocumentTag)
      .insert(tags.map((tag) => ({ documentId: document.id, tag, publishedAt: document.publishedAt })));
}

export async function createDocument(
  db: DataSource,
  workers: ContentWorkers,
  asker: Asker,
  caller: Caller,
  input: CreateDocument,
  idempotencyKey?: string | null,
): Promise<Document> {
  const key = idempotencyKey?.trim() || null;
  if (key && key.length > 100) throw badInput('"idempotencyKey" is at most 100 characters.', 'idempotencyKey');
  if (key) {
    const earlier = await db.getRepository(IdempotencyKey).findOneBy({ accountId: caller.accountId, key });
    if (earlier) return db.getRepository(Document).findOneByOrFail({ id: earlier.resultId });
  }
  const content = await checkedContent(workers, {
    lead: null,
    language: 'pl',
    tags: [],
    ...input,
  } as Required<ContentChanges>);
  const now = new Date();
  const occurredAt = input.occurredAt ?? now;
  if (occurredAt.getTime() > now.getTime() + 60_000)
    throw badInput(
      '"occurredAt" is when the information arose or was received: it cannot be in the future.',
      'occurredAt',
    );
  if (input.sectionId) {
    const section = await db.getRepository(Section).findOneBy({ id: input.sectionId });
    if (!section || section.channelId !== input.channelId)
      throw badInput('The section is not a section of this channel.', 'sectionId');
  }
  await assertMayPublish(asker, caller, { unitId: input.responsibleUnitId, channelId: input.channelId });
  if (input.preparedByPersonId && input.preparedByPersonId !== caller.personId)
    await assertPreparer(asker, input.preparedByPersonId, input.responsibleUnitId);

  try {
    return await inTransaction(db, async (tx) => {
      const documents = tx.getRepository(Document);
      const base = slugify(content.title);
      let slug = base;
      for (let n = 2; await documents.existsBy({ channelId: input.channelId, slug }); n += 1) slug = `${base}-${n}`;
      const document = documents.create({
        ...content,
        id: crypto.randomUUID(),
        channelId: input.channelId,
        sectionId: input.sectionId ?? null,
        responsibleUnitId: input.responsibleUnitId,
        preparedByPersonId: input.preparedByPersonId ?? caller.personId,
        slug,
        status: 'DRAFT',
        occurredAt,
        publishedAt: null,
        enteredByAccountId: caller.accountId,
        enteredByPersonId: caller.personId,
        publishedByPersonId: null,
        lastPublishedAt: null,
        lastPublishedByPersonId: null,
        firstPublishedRevision: null,
        lastModifiedByPersonId: caller.personId,
        revision: 1,
        ...NO_SCHEDULE,
        createdAt: now,
        updatedAt: now,
      });
      await documents.insert(document);
      await replaceTags(tx, document, content.tags);
      await appendRevision(tx, document, content, {
        number: 1,
        changed: changedFields(null, content),
        reason: null,
        author: caller,
      });
      if (key)
        await tx.getRepository(IdempotencyKey).insert({
          accountId: caller.accountId,
          key,
          operation: 'createDocument',
          resultId: document.id,
          createdAt: now,
        });
      return document;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      // The same key sent twice at once: the second returns the first one's document.
      const earlier = key
        ? await db.getRepository(IdempotencyKey).findOneBy({ accountId: caller.accountId, key })
        : null;
      if (earlier) return db.getRepository(Document).findOneByOrFail({ id: earlier.resultId });
      throw conflict(
        'Another document with the same address was entered on this channel at the same moment; send it again.',
      );
    }
    throw error;
  }
}

/** Saves new content as the next revision; on a published document a reason is required (R-T.2). */
async function saveContent(
  db: DataSource,
  workers: ContentWorkers,
  asker: Asker,
  caller: Caller,
  document: Document,
  content: Content,
  meta: { reason: string | null; restoredFrom?: number },
): Promise<Document> {
  assertEditable(document.status);
  const before = await currentContent(db, document);
  const changed = changedFields(before, content);
  if (changed.length === 0) return document;
  if (document.status === 'PUBLISHED' && !meta.reason) {
    throw badInput('Modifying a published document needs a reason: it goes to the change register (R-T.2).', 'reason');
  }
  await assertMayPublish(asker, caller, { unitId: document.responsibleUnitId, channelId: document.channelId });
  const text = await indexedTextFor(document.status === 'PUBLISHED', content);
  return inTransaction(db, async (tx) => {
    const now = new Date();
    const number = document.revision + 1;
    const { tags: _tags, ...columns } = content;
    const result = await tx
      .getRepository(Document)
      .update(
        { id: document.id, revision: document.revision },
        { ...columns, revision: number, updatedAt: now, lastModifiedByPersonId: caller.personId },
      );
    if (result.affected === 0)
      throw conflict('The document was changed at the same moment by someone else; reload and try again.');
    await replaceTags(tx, document, content.tags);
    await appendRevision(tx, document, content, {
      number,
      changed,
      reason: meta.reason,
      restoredFrom: meta.restoredFrom,
      author: caller,
    });
    if (meta.restoredFrom) {
      // R-T.3: restoring an earlier version is a publishing act of its own.
      const subject = { type: 'Document', id: document.id };
      await enqueueAudit(
        tx,
        auditRecord('content', caller, 'DOCUMENT_REVISION_RESTORED', subject, meta.reason, {
          restoredFrom: meta.restoredFrom,
          revision: number,
        }),
      );
    }
    const saved = Object.assign(document, columns, {
      revision: number,
      updatedAt: now,
      lastModifiedByPersonId: caller.personId,
    });
    await reindex(tx, saved, text);
    return saved;
  });
}

export async function updateDocument(
  db: DataSource,
  workers: ContentWorkers,
  asker: Asker,
  caller: Caller,
  id: string,
  changes: ContentUpdate,
  reason?: string | null,
): Promise<Document> {
  const document = await visibleDocument(db, caller, id);
  const current = await currentContent(db, document);
  const content = await checkedContent(workers, {
    ...current,
    ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined && v !== null)),
  } as Required<ContentChanges>);
  if ('lead' in changes && changes.lead === null) content.lead = null;
  return saveContent(db, workers, asker, caller, document, content, { reason: reason?.trim() || null });
}

export async function restoreRevision(
  db: DataSource,
  workers: ContentWorkers,
  asker: Asker,
  caller: Caller,
  id: string,
  number: number,
  reason: string,
): Promise<Document> {
  const document = await visibleDocument(db, caller, id);
  const revision = await db.getRepository(Revision).findOneBy({ documentId: id, number });
  if (!revision) throw notFound(`The document has no revision ${number}.`);
  const why = reason.trim();
  if (!why) throw badInput('Give a reason for restoring an earlier revision.', 'reason');
  return saveContent(db, workers, asker, caller, document, contentOf(revision), {
    reason: `Przywrócono wersję ${number}: ${why}`,
    restoredFrom: number,
  });
}
