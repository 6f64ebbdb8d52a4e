/** Thin resolvers: read arguments, apply the visibility rule, load in batches, map to the schema. */
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { SubgraphContext } from '../common/context';
import { badInput } from '../common/errors';
import { paginate, type PageArgs } from '../common/pagination';
import { DateTime } from '../common/scalars';
import { maySee, visibleStatuses } from './domain/visibility';
import { CHANNEL_KINDS, CHANNEL_STATUSES, Channel, type ChannelKind, type ChannelStatus } from './entities/channel';
import { channelById, channelOrder, channelsOwnedBy } from './loaders';

async function visible(channel: Channel | null, ctx: SubgraphContext): Promise<Channel | null> {
  // Another subgraph acting on its own account (e.g. the publishing scheduler) sees every channel.
  if (ctx.service) return channel;
  return channel && maySee(await ctx.activeCaller(), channel.status) ? channel : null;
}

export const resolvers: GraphQLResolverMap<SubgraphContext> = {
  DateTime,
  Query: {
    channel: async (_: unknown, { id }: { id: string }, ctx: SubgraphContext) => visible(await channelById(ctx).load(id), ctx),
    channelBySlug: async (_: unknown, { slug }: { slug: string }, ctx: SubgraphContext) =>
      visible(await ctx.db.getRepository(Channel).findOneBy({ slug }), ctx),
    channels: async (_: unknown, args: PageArgs & { kind?: ChannelKind; status?: ChannelStatus }, ctx: SubgraphContext) => {
      const qb = ctx.db.getRepository(Channel).createQueryBuilder('channel');
      if (args.kind) {
        if (!CHANNEL_KINDS.includes(args.kind)) throw badInput(`Unknown channel kind "${args.kind}".`, 'kind');
        qb.andWhere('channel.kind = :kind', { kind: args.kind });
      }
      if (args.status) {
        if (!CHANNEL_STATUSES.includes(args.status)) throw badInput(`Unknown channel status "${args.status}".`, 'status');
        qb.andWhere('channel.status = :status', { status: args.status });
      }
      const statuses = visibleStatuses(await ctx.activeCaller());
      if (statuses !== 'all') qb.andWhere('channel.status IN (:...statuses)', { statuses });
      return paginate(qb, channelOrder, args);
    },
  },
  Channel: {
    __resolveReference: async (ref: { id: string }, ctx: SubgraphContext) => visible(await channelById(ctx).load(ref.id), ctx),
    owner: (channel: Channel) => ({ __typename: 'Unit', id: channel.ownerUnitId }),
  },
  Unit: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    channels: async (unit: { id: string }, args: PageArgs, ctx: SubgraphContext) => {
      const publicOnly = visibleStatuses(await ctx.activeCaller()) !== 'all';
      return channelsOwnedBy(ctx, args, publicOnly).load(unit.id);
    },
  },
};
