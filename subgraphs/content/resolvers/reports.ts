/** Reports for the editorial office: publication delay per unit and channel. */
import type { SubgraphContext } from '../../common/context';
import { badInput, forbidden } from '../../../platform/errors';
import { delayFigures } from '../domain/delay';
import { Document } from '../entities/document';
import type { QueryResolvers } from '../generated/resolvers';

export const reportQueries: QueryResolvers = {
  publicationDelays: async (_: unknown, args, ctx: SubgraphContext) => {
    const caller = await ctx.requireCaller();
    if (!caller.roles.has('EDITORIAL_OFFICE_MEMBER') && !caller.roles.has('WKS_DIRECTOR')) {
      throw forbidden('Publication delays are reported to the editorial office and the Director of WKS.');
    }
    if (args.from >= args.to) throw badInput('"from" must be earlier than "to".', 'from');
    if (!(args.thresholdHours > 0)) throw badInput('"thresholdHours" must be more than 0.', 'thresholdHours');
    const qb = ctx.db
      .getRepository(Document)
      .createQueryBuilder('document')
      .select(['document.responsibleUnitId', 'document.channelId', 'document.occurredAt', 'document.publishedAt'])
      .where('document.publishedAt >= :from AND document.publishedAt < :to', { from: args.from, to: args.to });
    if (args.unitId) qb.andWhere('document.responsibleUnitId = :unitId', { unitId: args.unitId });
    if (args.channelId) qb.andWhere('document.channelId = :channelId', { channelId: args.channelId });
    const rows = await qb.getMany();
    const samples = rows.map((row) => ({
      unitId: row.responsibleUnitId,
      channelId: row.channelId,
      delayMs: (row.publishedAt as Date).getTime() - row.occurredAt.getTime(),
    }));
    return delayFigures(samples, args.thresholdHours).map((figures) => ({
      ...figures,
      unit: { __typename: 'Unit', id: figures.unitId },
      channel: { __typename: 'Channel', id: figures.channelId },
    }));
  },
};
