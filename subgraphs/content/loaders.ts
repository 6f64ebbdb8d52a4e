/** The content subgraph's batched reads: one SQL query per kind, whatever the list length. */
import { In } from 'typeorm';
import type { SubgraphContext } from '../common/context';
import { groupedBy, inOrderOf } from '../common/loaders';
import { paginateGroups, type PageArgs, type SortKey } from '../common/pagination';
import { Attachment } from './entities/attachment';
import { Document, DocumentTag } from './entities/document';
import { Revision } from './entities/revision';
import { Section } from './entities/section';
import { StatusChange } from './entities/status-change';

export const documentById = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, Document | null>('documentById', async (ids) =>
    inOrderOf(ids, await ctx.db.getRepository(Document).findBy({ id: In([...ids]) })),
  );

export const sectionById = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, Section | null>('sectionById', async (ids) =>
    inOrderOf(ids, await ctx.db.getRepository(Section).findBy({ id: In([...ids]) })),
  );

export const sectionsOf = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, Section[]>('sectionsOf', async (channelIds) => {
    const rows = await ctx.db.getRepository(Section).find({
      where: { channelId: In([...channelIds]) },
      order: { position: 'ASC', id: 'ASC' },
    });
    return groupedBy(channelIds, rows, (section) => section.channelId);
  });

/** Newest published first; the index (…, status, publishedAt, id) serves every feed. */
export const feedOrder: SortKey<Document>[] = [
  { column: 'document.publishedAt', direction: 'DESC', value: (doc) => doc.publishedAt ?? new Date(0), date: true },
  { column: 'document.id', direction: 'DESC', value: (doc) => doc.id },
];

export const publishedDocuments = (ctx: SubgraphContext) =>
  ctx.db
    .getRepository(Document)
    .createQueryBuilder('document')
    .where('document.status = :published', { published: 'PUBLISHED' });

/** Feeds of published documents for many channels, sections, units or people at once. */
export const feedsBy = (
  ctx: SubgraphContext,
  column: 'channelId' | 'sectionId' | 'responsibleUnitId' | 'preparedByPersonId',
  args: PageArgs,
) =>
  ctx.loaders.get(`feedsBy:${column}:${args.first}:${args.after}`, (parentIds: readonly string[]) =>
    paginateGroups(publishedDocuments(ctx), `document.${column}`, parentIds, feedOrder, args),
  );

export const tagsOf = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, string[]>('tagsOf', async (ids) => {
    const rows = await ctx.db
      .getRepository(DocumentTag)
      .find({ where: { documentId: In([...ids]) }, order: { tag: 'ASC' } });
    return groupedBy(ids, rows, (row) => row.documentId).map((group) => group.map((row) => row.tag));
  });

export const attachmentsOf = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, Attachment[]>('attachmentsOf', async (ids) => {
    const rows = await ctx.db
      .getRepository(Attachment)
      .find({ where: { documentId: In([...ids]) }, order: { createdAt: 'ASC', id: 'ASC' } });
    return groupedBy(ids, rows, (row) => row.documentId);
  });

export const revisionOrder: SortKey<Revision>[] = [
  { column: 'revision.number', direction: 'DESC', value: (r) => r.number },
  { column: 'revision.id', direction: 'DESC', value: (r) => r.id },
];

/** Revisions of many documents at once: all of them, or (`publicOnly`) from the one first published on (R-T.2). */
export const revisionsOf = (ctx: SubgraphContext, args: PageArgs, publicOnly: boolean) =>
  ctx.loaders.get(`revisionsOf:${publicOnly}:${args.first}:${args.after}`, (documentIds: readonly string[]) => {
    const qb = ctx.db.getRepository(Revision).createQueryBuilder('revision');
    if (publicOnly)
      qb.innerJoin(
        Document,
        'published',
        'published.id = revision.documentId AND revision.number >= published.firstPublishedRevision',
      );
    return paginateGroups(qb, 'revision.documentId', documentIds, revisionOrder, args);
  });

export const statusChangeOrder: SortKey<StatusChange>[] = [
  { column: 'change.number', direction: 'DESC', value: (c) => c.number },
  { column: 'change.id', direction: 'DESC', value: (c) => c.id },
];

export const statusChangesOf = (ctx: SubgraphContext, args: PageArgs) =>
  ctx.loaders.get(`statusChangesOf:${args.first}:${args.after}`, (documentIds: readonly string[]) =>
    paginateGroups(
      ctx.db.getRepository(StatusChange).createQueryBuilder('change'),
      'change.documentId',
      documentIds,
      statusChangeOrder,
      args,
    ),
  );

/** Revisions by "documentId number" keys. */
export const revisionByNumber = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, Revision | null>('revisionByNumber', async (keys) => {
    const pairs = keys.map((key) => key.split(' '));
    const rows = await ctx.db
      .getRepository(Revision)
      .find({ where: pairs.map(([documentId, number]) => ({ documentId, number: Number(number) })) });
    return keys.map((key) => rows.find((r) => `${r.documentId} ${r.number}` === key) ?? null);
  });

/** Published documents by "channelId slug" keys. */
export const publishedBySlug = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, Document | null>('publishedBySlug', async (keys) => {
    const pairs = keys.map((key) => key.split(' '));
    const rows = await ctx.db
      .getRepository(Document)
      .find({ where: pairs.map(([channelId, slug]) => ({ channelId, slug, status: 'PUBLISHED' as const })) });
    return keys.map((key) => rows.find((d) => `${d.channelId} ${d.slug}` === key) ?? null);
  });
