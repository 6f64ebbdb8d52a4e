/** Field usage (issue 14): what the gateways count, and what the editorial office reads of it. */
import { requireService, type SubgraphContext } from '../../common/context';
import {
  recordFieldUsage,
  schemaUsage,
  servedApiSchema,
  unusedFields,
  type FieldUsageEntry,
} from '../domain/field-usage';

const schemaOf = (ctx: SubgraphContext) => servedApiSchema(ctx.services.config.supergraphPath);

export const fieldUsageQueries = {
  schemaUsage: async (_: unknown, args: { coordinate: string; from: string; to: string }, ctx: SubgraphContext) =>
    schemaUsage(ctx.db, await ctx.requireCaller(), schemaOf(ctx), args),
  unusedFields: async (_: unknown, { since }: { since: string }, ctx: SubgraphContext) =>
    unusedFields(ctx.db, await ctx.requireCaller(), schemaOf(ctx), since),
};

export const fieldUsageMutations = {
  recordFieldUsage: (_: unknown, { entries }: { entries: FieldUsageEntry[] }, ctx: SubgraphContext) => {
    requireService(ctx, ['gateway']);
    return recordFieldUsage(ctx.db, entries);
  },
};
