/** Thin resolvers: read arguments, apply the reading rule, load in batches, map to the schema. */
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { SubgraphContext } from '../common/context';
import { paginate, type PageArgs } from '../common/pagination';
import { DateTime } from '../common/scalars';
import { createDocument, moveDocument, type CreateDocument } from './domain/documents';
import { mayRead } from './domain/visibility';
import type { Document } from './entities/document';
import type { Section } from './entities/section';
import { documentById, feedOrder, feedsBy, publishedDocuments, sectionById, sectionsOf } from './loaders';

async function readable(document: Document | null, ctx: SubgraphContext): Promise<Document | null> {
  if (!document) return null;
  if (document.status === 'PUBLISHED') return document;
  return mayRead(await ctx.activeCaller(), document) ? document : null;
}

const asker = (ctx: SubgraphContext) => ({ peers: ctx.peers, authorization: ctx.authorization });

export const resolvers: GraphQLResolverMap<SubgraphContext> = {
  DateTime,
  Mutation: {
    createDocument: async (_: unknown, { input }: { input: CreateDocument }, ctx: SubgraphContext) =>
      createDocument(ctx.db, asker(ctx), await ctx.requireCaller(), input),
    publishDocument: async (_: unknown, { id }: { id: string }, ctx: SubgraphContext) =>
      moveDocument(ctx.db, asker(ctx), await ctx.requireCaller(), id, 'publish'),
    unpublishDocument: async (_: unknown, args: { id: string; reason: string }, ctx: SubgraphContext) =>
      moveDocument(ctx.db, asker(ctx), await ctx.requireCaller(), args.id, 'unpublish', args.reason),
  },
  Query: {
    document: async (_: unknown, { id }: { id: string }, ctx: SubgraphContext) => readable(await documentById(ctx).load(id), ctx),
    documents: (_: unknown, args: PageArgs & { channelId?: string; sectionId?: string; unitId?: string }, ctx: SubgraphContext) => {
      const qb = publishedDocuments(ctx);
      if (args.channelId) qb.andWhere('document.channelId = :channelId', { channelId: args.channelId });
      if (args.sectionId) qb.andWhere('document.sectionId = :sectionId', { sectionId: args.sectionId });
      if (args.unitId) qb.andWhere('document.responsibleUnitId = :unitId', { unitId: args.unitId });
      return paginate(qb, feedOrder, args);
    },
    section: (_: unknown, { id }: { id: string }, ctx: SubgraphContext) => sectionById(ctx).load(id),
  },
  Document: {
    __resolveReference: async (ref: { id: string }, ctx: SubgraphContext) => readable(await documentById(ctx).load(ref.id), ctx),
    channel: (document: Document) => ({ __typename: 'Channel', id: document.channelId }),
    section: (document: Document, _: unknown, ctx: SubgraphContext) =>
      document.sectionId ? sectionById(ctx).load(document.sectionId) : null,
    responsibleUnit: (document: Document) => ({ __typename: 'Unit', id: document.responsibleUnitId }),
    preparedBy: (document: Document) =>
      document.preparedByPersonId ? { __typename: 'Person', id: document.preparedByPersonId } : null,
  },
  Section: {
    __resolveReference: (ref: { id: string }, ctx: SubgraphContext) => sectionById(ctx).load(ref.id),
    channel: (section: Section) => ({ __typename: 'Channel', id: section.channelId }),
    documents: (section: Section, args: PageArgs, ctx: SubgraphContext) => feedsBy(ctx, 'sectionId', args).load(section.id),
  },
  Channel: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    sections: (channel: { id: string }, _: unknown, ctx: SubgraphContext) => sectionsOf(ctx).load(channel.id),
    documents: (channel: { id: string }, args: PageArgs, ctx: SubgraphContext) => feedsBy(ctx, 'channelId', args).load(channel.id),
  },
  Unit: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    documents: (unit: { id: string }, args: PageArgs, ctx: SubgraphContext) => feedsBy(ctx, 'responsibleUnitId', args).load(unit.id),
  },
  Person: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    preparedDocuments: (person: { id: string }, args: PageArgs, ctx: SubgraphContext) =>
      feedsBy(ctx, 'preparedByPersonId', args).load(person.id),
  },
};
