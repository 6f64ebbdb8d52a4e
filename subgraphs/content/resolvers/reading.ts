/** Reading: documents, feeds, search, sections, metadata and the change register. */
import type { SubgraphContext } from '../../common/context';
import { badInput } from '../../../platform/errors';
import { paginate, type PageArgs, type SortKey } from '../../common/pagination';
import { isAcceptedType, UNVERIFIED_MEDIA_TYPE } from '../domain/attachment-types';
import { MAX_INLINE_ATTACHMENT_BYTES, attachmentPath, attachmentStore } from '../domain/attachments';
import { megabytes } from '../../../platform/request-body';
import { asFirstPublished, contentOf } from '../domain/revisions';
import { contentWorkers, small } from '../domain/heavy-work';
import { searchWords } from '../domain/search';
import { searchResults } from '../domain/search/results';
import { firstReadableRevision, mayRead, mayReadDrafts } from '../domain/visibility';
import type { Attachment } from '../entities/attachment';
import type { Document } from '../entities/document';
import type { Revision } from '../entities/revision';
import type { Section } from '../entities/section';
import type { StatusChange } from '../entities/status-change';
import {
  attachmentsOf,
  documentById,
  feedOrder,
  feedsBy,
  publishedBySlug,
  publishedDocuments,
  revisionByNumber,
  revisionsOf,
  sectionById,
  sectionsOf,
  statusChangesOf,
  tagsOf,
} from '../loaders';
import type {
  AttachmentResolvers,
  DocumentResolvers,
  QueryResolvers,
  Resolvers,
  RevisionResolvers,
  SectionResolvers,
  StatusChangeResolvers,
} from '../generated/resolvers';

const HOUR = 3_600_000;
const MAX_DIFFS_PER_REQUEST = 2;
/** How many diffs this request has asked for (keyed by the request's loaders, which every resolver of it shares). */
const diffsAsked = new WeakMap<object, number>();
const tagFeedOrder: SortKey<Document>[] = [
  { column: 't.publishedAt', direction: 'DESC', value: (doc) => doc.publishedAt ?? new Date(0), date: true },
  { column: 't.documentId', direction: 'DESC', value: (doc) => doc.id },
];
const person = (id: string | null) => (id ? { __typename: 'Person', id } : null);

async function readable(document: Document | null, ctx: SubgraphContext): Promise<Document | null> {
  if (!document) return null;
  if (document.status === 'PUBLISHED') return document;
  return mayRead(await ctx.activeCaller(), document) ? document : null;
}

/**
 * R-T.2: whether the caller reads the document's register from its first draft, or (as the public)
 * from the revision first published. A document that is not published reaches only those who may read
 * its drafts; for a published one the caller is looked at, so an anonymous answer stays shareable.
 */
async function readsDrafts(document: Document, ctx: SubgraphContext): Promise<boolean> {
  return document.status !== 'PUBLISHED' || mayReadDrafts(await ctx.activeCaller(), document);
}

/** A revision as the caller may see it: none before the register's start, the first published one as new. */
function shown(revision: Revision | null, document: Document, drafts: boolean): Revision | null {
  const first = firstReadableRevision(drafts, document);
  if (!revision || first === null || revision.number < first) return null;
  return !drafts && revision.number === first ? asFirstPublished(revision) : revision;
}

export const readingQueries: QueryResolvers = {
  document: async (_: unknown, { id }, ctx: SubgraphContext) => readable(await documentById(ctx).load(id), ctx),
  documents: (_: unknown, args, ctx: SubgraphContext) => {
    const qb = publishedDocuments(ctx);
    if (args.channelId) qb.andWhere('document.channelId = :channelId', { channelId: args.channelId });
    if (args.sectionId) qb.andWhere('document.sectionId = :sectionId', { sectionId: args.sectionId });
    if (args.unitId) qb.andWhere('document.responsibleUnitId = :unitId', { unitId: args.unitId });
    if (args.tag) {
      // Walk the tag's own (tag, publishedAt, documentId) index in order; the same values as the document's.
      qb.innerJoin('document_tag', 't', 't.documentId = document.id AND t.tag = :tag AND t.publishedAt IS NOT NULL', {
        tag: args.tag.trim().toLowerCase(),
      });
      return paginate(qb, tagFeedOrder, args);
    }
    if (args.publishedFrom && args.publishedTo && args.publishedFrom >= args.publishedTo)
      throw badInput('"publishedFrom" must be earlier than "publishedTo".', 'publishedFrom');
    if (args.publishedFrom) qb.andWhere('document.publishedAt >= :from', { from: args.publishedFrom });
    if (args.publishedTo) qb.andWhere('document.publishedAt < :to', { to: args.publishedTo });
    return paginate(qb, feedOrder, args);
  },
  search: (_: unknown, args, ctx: SubgraphContext) => {
    return searchResults(ctx.db, searchWords(args.query), args);
  },
  section: (_: unknown, { id }, ctx: SubgraphContext) => sectionById(ctx).load(id),
};

export const documentFields: DocumentResolvers = {
  __resolveReference: async (ref: { id: string }, ctx: SubgraphContext) =>
    readable(await documentById(ctx).load(ref.id), ctx),
  channel: (document: Document) => ({ __typename: 'Channel', id: document.channelId }),
  section: (document: Document, _: unknown, ctx: SubgraphContext) =>
    document.sectionId ? sectionById(ctx).load(document.sectionId) : null,
  responsibleUnit: (document: Document) => ({ __typename: 'Unit', id: document.responsibleUnitId }),
  preparedBy: (document: Document) => person(document.preparedByPersonId),
  // Issue 12: long texts count against the answer's size as they are put in.
  body: (document: Document, _: unknown, ctx: SubgraphContext) => ctx.charge(document.body),
  tags: (document: Document, _: unknown, ctx: SubgraphContext) => tagsOf(ctx).load(document.id),
  delayHours: (document: Document) =>
    document.publishedAt
      ? Math.round(((document.publishedAt.getTime() - document.occurredAt.getTime()) / HOUR) * 100) / 100
      : null,
  // R-T.1: the metryczka. Publishing is not modifying: lastModified is the content's latest revision.
  metadata: (document: Document) => ({
    responsibleUnit: { __typename: 'Unit', id: document.responsibleUnitId },
    preparedBy: person(document.preparedByPersonId),
    enteredBy: person(document.enteredByPersonId),
    publishedBy: person(document.publishedByPersonId),
    lastPublishedBy: person(document.lastPublishedByPersonId ?? null),
    lastModifiedBy: person(document.lastModifiedByPersonId),
    occurredAt: document.occurredAt,
    producedAt: document.createdAt,
    publishedAt: document.publishedAt,
    lastPublishedAt: document.lastPublishedAt,
    lastModifiedAt: document.updatedAt,
    revisionCount: document.revision,
    firstPublishedRevision: document.firstPublishedRevision,
  }),
  revisions: async (document: Document, args, ctx: SubgraphContext) => {
    const drafts = await readsDrafts(document, ctx);
    const page = await revisionsOf(ctx, args, !drafts).load(document.id);
    if (drafts) return page;
    const nodes = page.nodes.map((revision) => shown(revision, document, false) as Revision);
    return { ...page, nodes, edges: page.edges.map((edge, i) => ({ ...edge, node: nodes[i] })) };
  },
  revisionNumber: async (document: Document, { number }, ctx: SubgraphContext) =>
    shown(await revisionByNumber(ctx).load(`${document.id} ${number}`), document, await readsDrafts(document, ctx)),
  diff: async (document: Document, args, ctx: SubgraphContext) => {
    // Comparing is the expensive read: a request may ask for two, not dozens under aliases.
    const asked = (diffsAsked.get(ctx.loaders) ?? 0) + 1;
    diffsAsked.set(ctx.loaders, asked);
    if (asked > MAX_DIFFS_PER_REQUEST)
      throw badInput(
        `At most ${MAX_DIFFS_PER_REQUEST} diffs in one request; ask for the others in another one.`,
        'diff',
      );
    const drafts = await readsDrafts(document, ctx);
    const load = async (number: number) =>
      shown(await revisionByNumber(ctx).load(`${document.id} ${number}`), document, drafts);
    const [from, to] = await Promise.all([load(args.from), load(args.to)]);
    if (!from || !to) {
      const register = drafts ? 'The document has' : 'The public change register of this document has';
      throw badInput(
        `${register} revisions ${firstReadableRevision(drafts, document)} to ${document.revision}.`,
        from ? 'to' : 'from',
      );
    }
    // Issue 12: comparing long revisions takes up to the diff's time cap per field: in a worker thread.
    return contentWorkers(ctx.services).run('compareRevisions', [from, to], {
      onLoop: small(from.body.length + to.body.length),
    });
  },
  statusChanges: (document: Document, args, ctx: SubgraphContext) => statusChangesOf(ctx, args).load(document.id),
  attachments: (document: Document, _: unknown, ctx: SubgraphContext) => attachmentsOf(ctx).load(document.id),
};

export const attachmentFields: AttachmentResolvers = {
  // Issue 12: rows from before the bytes were checked (an SVG) are not declared as something a browser would render.
  mediaType: (attachment: Attachment) =>
    isAcceptedType(attachment.mediaType) ? attachment.mediaType : UNVERIFIED_MEDIA_TYPE,
  url: (attachment: Attachment) => attachmentPath(attachment.id),
  // Issue 12: a large file inline would be a many-megabyte answer parsed and copied on every hop; it is downloaded.
  contentBase64: async (attachment: Attachment, _: unknown, ctx: SubgraphContext) => {
    if (attachment.size > MAX_INLINE_ATTACHMENT_BYTES)
      throw badInput(
        `"${attachment.fileName}" is ${megabytes(attachment.size)}; contentBase64 carries files of up to 700 KB. Download it from its url.`,
        'contentBase64',
      );
    ctx.charge(null, Math.ceil(attachment.size / 3) * 4); // before the file is read
    return (await attachmentStore(ctx).get(attachment.storageKey)).toString('base64');
  },
};

export const revisionFields: RevisionResolvers = {
  body: (revision: Revision, _: unknown, ctx: SubgraphContext) => ctx.charge(revision.body),
  tags: (revision: Revision) => contentOf(revision).tags,
  changedFields: (revision: Revision) => JSON.parse(revision.changedFields) as string[],
  author: (revision: Revision) => person(revision.authorPersonId),
};

export const statusChangeFields: StatusChangeResolvers = {
  from: (change: StatusChange) => change.fromStatus,
  to: (change: StatusChange) => change.toStatus,
  by: (change: StatusChange) => person(change.actorPersonId),
  at: (change: StatusChange) => change.occurredAt,
};

export const sectionFields: SectionResolvers = {
  __resolveReference: (ref: { id: string }, ctx: SubgraphContext) => sectionById(ctx).load(ref.id),
  channel: (section: Section) => ({ __typename: 'Channel', id: section.channelId }),
  documents: (section: Section, args, ctx: SubgraphContext) => feedsBy(ctx, 'sectionId', args).load(section.id),
};

export const extensionFields: Resolvers = {
  Channel: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    sections: (channel: { id: string }, _: unknown, ctx: SubgraphContext) => sectionsOf(ctx).load(channel.id),
    document: (channel: { id: string }, { slug }: { slug: string }, ctx: SubgraphContext) =>
      publishedBySlug(ctx).load(`${channel.id} ${slug}`),
    documents: (channel: { id: string }, args: PageArgs, ctx: SubgraphContext) =>
      feedsBy(ctx, 'channelId', args).load(channel.id),
  },
  Unit: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    documents: (unit: { id: string }, args: PageArgs, ctx: SubgraphContext) =>
      feedsBy(ctx, 'responsibleUnitId', args).load(unit.id),
  },
  Person: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    preparedDocuments: (p: { id: string }, args: PageArgs, ctx: SubgraphContext) =>
      feedsBy(ctx, 'preparedByPersonId', args).load(p.id),
  },
};
