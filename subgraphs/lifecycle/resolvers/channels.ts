/** Channels: the registry, its visibility rule, the map of MPI and protective freezes. */
import type { Actor } from '../../common/audit';
import { requireService, type SubgraphContext } from '../../common/context';
import { existing } from '../../common/loaders';
import { badInput } from '../../../platform/errors';
import { paginate, type PageArgs } from '../../common/pagination';
import { supervisionOf } from '../domain/authority';
import { linkChannels, setFrozen, unlinkChannels } from '../domain/channels';
import { PUBLIC_STATUSES, maySee, visibleStatuses } from '../domain/visibility';
import { CHANNEL_KINDS, CHANNEL_STATUSES, Channel, ChannelLink } from '../entities/channel';
import { channelById, channelOrder, channelsOwnedBy, linksFrom } from '../loaders';
import type { Resolvers } from '../generated/resolvers';

async function visible(channel: Channel | null, ctx: SubgraphContext): Promise<Channel | null> {
  // Another subgraph acting on its own account (e.g. the publishing scheduler) sees every channel.
  if (ctx.service || !channel) return channel;
  // Who is calling matters only for a channel the public does not see (and so the answer stays shareable).
  if (PUBLIC_STATUSES.includes(channel.status)) return channel;
  return maySee(await ctx.activeCaller(), channel.status) ? channel : null;
}

interface FreezeArgs {
  channelIds: string[];
  incidentId: string;
  actorAccountId?: string | null;
  actorLogin?: string | null;
}
/** Whose act the freeze (or its lifting) is, as access names them. */
const actorOf = (args: FreezeArgs): Actor => ({
  accountId: args.actorAccountId ?? null,
  login: args.actorLogin ?? null,
});

export const channelResolvers: Resolvers = {
  Query: {
    channelMap: async (_: unknown, __: unknown, ctx: SubgraphContext) =>
      visibleLinks(await ctx.db.getRepository(ChannelLink).find({ order: { createdAt: 'ASC' } }), ctx),
    channel: async (_: unknown, { id }, ctx: SubgraphContext) => visible(await channelById(ctx).load(id), ctx),
    channelBySlug: async (_: unknown, { slug }, ctx: SubgraphContext) =>
      visible(await ctx.db.getRepository(Channel).findOneBy({ slug }), ctx),
    channels: async (_: unknown, args, ctx: SubgraphContext) => {
      const qb = ctx.db.getRepository(Channel).createQueryBuilder('channel');
      if (args.kind) {
        if (!CHANNEL_KINDS.includes(args.kind)) throw badInput(`Unknown channel kind "${args.kind}".`, 'kind');
        qb.andWhere('channel.kind = :kind', { kind: args.kind });
      }
      if (args.status) {
        if (!CHANNEL_STATUSES.includes(args.status))
          throw badInput(`Unknown channel status "${args.status}".`, 'status');
        qb.andWhere('channel.status = :status', { status: args.status });
      }
      const statuses = visibleStatuses(await ctx.activeCaller());
      if (statuses !== 'all') qb.andWhere('channel.status IN (:...statuses)', { statuses });
      return paginate(qb, channelOrder, args);
    },
  },
  Mutation: {
    linkChannels: async (_: unknown, args, ctx: SubgraphContext) =>
      linkChannels(ctx.db, await ctx.requireCaller(), args.fromChannelId, args.toChannelId, args.kind),
    unlinkChannels: async (_: unknown, args, ctx: SubgraphContext) =>
      unlinkChannels(ctx.db, await ctx.requireCaller(), args.fromChannelId, args.toChannelId),
    freezeChannels: async (_: unknown, args, ctx: SubgraphContext) => {
      requireService(ctx, ['access']);
      return setFrozen(ctx.db, args.channelIds, true, args.incidentId, actorOf(args));
    },
    unfreezeChannels: async (_: unknown, args, ctx: SubgraphContext) => {
      requireService(ctx, ['access']);
      return setFrozen(ctx.db, args.channelIds, false, args.incidentId, actorOf(args));
    },
  },
  Channel: {
    __resolveReference: async (ref: { id: string }, ctx: SubgraphContext) =>
      visible(await channelById(ctx).load(ref.id), ctx),
    owner: (channel: Channel) => ({ __typename: 'Unit', id: channel.ownerUnitId }),
    supervision: (channel: Channel) => supervisionOf(channel),
    links: async (channel: Channel, _: unknown, ctx: SubgraphContext) =>
      visibleLinks(await linksFrom(ctx).load(channel.id), ctx),
  },
  ChannelLink: {
    from: (link: ChannelLink, _: unknown, ctx: SubgraphContext) => existing(channelById(ctx).load(link.fromChannelId)),
    to: (link: ChannelLink, _: unknown, ctx: SubgraphContext) => existing(channelById(ctx).load(link.toChannelId)),
  },
  Unit: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    channels: async (unit: { id: string }, args: PageArgs, ctx: SubgraphContext) => {
      const publicOnly = visibleStatuses(await ctx.activeCaller()) !== 'all';
      return channelsOwnedBy(ctx, args, publicOnly).load(unit.id);
    },
  },
};

/** Links whose two ends the caller may see: the public map shows no unapproved or retired channel. */
async function visibleLinks(links: ChannelLink[], ctx: SubgraphContext): Promise<ChannelLink[]> {
  const ends = await channelById(ctx).loadMany([...new Set(links.flatMap((l) => [l.fromChannelId, l.toChannelId]))]);
  const caller = await ctx.activeCaller();
  const seen = new Set(
    ends.filter((c): c is Channel => !!c && !(c instanceof Error) && maySee(caller, c.status)).map((c) => c.id),
  );
  return links.filter((l) => seen.has(l.fromChannelId) && seen.has(l.toChannelId));
}
