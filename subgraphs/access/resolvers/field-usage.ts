/** Field usage (issue 14): what the gateways count, and what the editorial office reads of it. */
import { requireService, type SubgraphContext } from '../../common/context';
import { recordFieldUsage, schemaUsage, servedApiSchema, unusedFields } from '../domain/field-usage';
import type { MutationResolvers, QueryResolvers } from '../generated/resolvers';

const schemaOf = (ctx: SubgraphContext) => servedApiSchema(ctx.services.config.supergraphPath);

export const fieldUsageQueries: QueryResolvers = {
  schemaUsage: async (_: unknown, args, ctx: SubgraphContext) =>
    schemaUsage(ctx.db, await ctx.requireCaller(), schemaOf(ctx), args),
  unusedFields: async (_: unknown, { since }, ctx: SubgraphContext) =>
    unusedFields(ctx.db, await ctx.requireCaller(), schemaOf(ctx), since),
};

export const fieldUsageMutations: MutationResolvers = {
  recordFieldUsage: (_: unknown, { entries }, ctx: SubgraphContext) => {
    requireService(ctx, ['gateway']);
    return recordFieldUsage(ctx.db, entries);
  },
};
