/** The content subgraph's batched reads: one SQL query per kind, whatever the list length. */
import { In } from 'typeorm';
import type { SubgraphContext } from '../common/context';
import { groupedBy, inOrderOf } from '../common/loaders';
import { paginateGroups, type PageArgs, type SortKey } from '../common/pagination';
import { Document } from './entities/document';
import { Section } from './entities/section';

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
  ctx.db.getRepository(Document).createQueryBuilder('document').where('document.status = :published', { published: 'PUBLISHED' });

/** Feeds of published documents for many channels, sections, units or people at once. */
export const feedsBy = (
  ctx: SubgraphContext,
  column: 'channelId' | 'sectionId' | 'responsibleUnitId' | 'preparedByPersonId',
  args: PageArgs,
) =>
  ctx.loaders.get(`feedsBy:${column}:${args.first}:${args.after}`, (parentIds: readonly string[]) =>
    paginateGroups(publishedDocuments(ctx), `document.${column}`, parentIds, feedOrder, args),
  );
