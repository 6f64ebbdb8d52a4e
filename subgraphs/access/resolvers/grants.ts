/** Grants: reading them where they apply, granting, revoking, and the live publishing check. */
import { requireService, type SubgraphContext } from '../../common/context';
import { existing } from '../../common/loaders';
import { forbidden } from '../../../platform/errors';
import type { PageArgs } from '../../common/pagination';
import { grantPermission, revokeGrant } from '../domain/grants';
import { whyNotInForce } from '../domain/in-force';
import { mayReadGrantsOfAccount, mayReadGrantsOfChannel, mayReadGrantsOfUnit } from '../domain/oversight';
import { publishingRight } from '../domain/publishing-right';
import type { Grant } from '../entities/grant';
import { accountById, designationFactsById, grantById, grantsBy } from '../loaders';
import type {
  ChannelResolvers,
  GrantResolvers,
  MutationResolvers,
  QueryResolvers,
  UnitResolvers,
} from '../generated/resolvers';

const asker = (ctx: SubgraphContext) => ({ peers: ctx.peers, authorization: ctx.authorization });

export const grantQueries: QueryResolvers = {
  publishingRight: async (_: unknown, args, ctx: SubgraphContext) => {
    const caller = await ctx.caller();
    if (!caller) {
      await ctx.requireCaller(); // throws, saying why there is no caller
      return null;
    }
    // The caller's designations in force were read with the caller, from live data, in this request.
    return publishingRight(ctx.db, asker(ctx), caller, args.unitId, args.channelId, caller.designations);
  },
  // The content subgraph's scheduler asks on its own account, for the account that scheduled.
  publishingRightOf: async (_: unknown, args, ctx: SubgraphContext) => {
    requireService(ctx, ['content']);
    const account = await accountById(ctx).load(args.accountId);
    if (!account) return { allowed: false, reason: 'The account no longer exists.', grant: null };
    return publishingRight(
      ctx.db,
      { peers: ctx.peers, service: await ctx.services.credentials.token() },
      { accountId: account.id, status: account.status },
      args.unitId,
      args.channelId,
    );
  },
};

export const grantMutations: MutationResolvers = {
  grantPermission: async (_: unknown, { input }, ctx: SubgraphContext) =>
    grantPermission(ctx.db, asker(ctx), await ctx.requireCaller(), input),
  revokeGrant: async (_: unknown, args, ctx: SubgraphContext) =>
    revokeGrant(ctx.db, asker(ctx), await ctx.requireCaller(), args.id, args.reason),
};

export const grantFields: GrantResolvers = {
  __resolveReference: async (ref: { id: string }, ctx: SubgraphContext) => {
    const grant = await grantById(ctx).load(ref.id);
    const caller = await ctx.requireCaller();
    return grant && mayReadGrantsOfAccount(caller, grant.accountId) ? grant : null;
  },
  account: (grant: Grant, _: unknown, ctx: SubgraphContext) => existing(accountById(ctx).load(grant.accountId)),
  channel: (grant: Grant) => (grant.channelId ? { __typename: 'Channel', id: grant.channelId } : null),
  unit: (grant: Grant) => (grant.unitId ? { __typename: 'Unit', id: grant.unitId } : null),
  designation: (grant: Grant) => (grant.designationId ? { __typename: 'Designation', id: grant.designationId } : null),
  grantedBy: (grant: Grant, _: unknown, ctx: SubgraphContext) =>
    grant.grantedByAccountId ? accountById(ctx).load(grant.grantedByAccountId) : null,
  revokedBy: (grant: Grant, _: unknown, ctx: SubgraphContext) =>
    grant.revokedByAccountId ? accountById(ctx).load(grant.revokedByAccountId) : null,
  active: async (grant: Grant, _: unknown, ctx: SubgraphContext) => !(await standing(grant, ctx)),
  inactiveReason: async (grant: Grant, _: unknown, ctx: SubgraphContext) => {
    const why = await standing(grant, ctx);
    return why ? `Not in force: ${why.reason}.` : null;
  },
};

/** the grant judged as the publishing check judges it; accounts and designations of a whole list are fetched at once. */
async function standing(grant: Grant, ctx: SubgraphContext) {
  const [account, designation] = await Promise.all([
    accountById(ctx).load(grant.accountId),
    grant.designationId ? designationFactsById(ctx).load(grant.designationId) : null,
  ]);
  return whyNotInForce(grant, { account, designation });
}

export const channelFields: ChannelResolvers = {
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  grants: async (channel: { id: string }, args: PageArgs, ctx: SubgraphContext) => {
    const caller = await ctx.requireCaller();
    if (!mayReadGrantsOfChannel(caller))
      throw forbidden('Only the editorial office (or, for BIP, its admin) may read the grants on a channel.');
    return grantsBy(ctx, 'channelId', args).load(channel.id);
  },
};

export const unitFields: UnitResolvers = {
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  grants: async (unit: { id: string }, args: PageArgs, ctx: SubgraphContext) => {
    const caller = await ctx.requireCaller();
    if (!mayReadGrantsOfUnit(caller, unit.id))
      throw forbidden("Only the unit's head and the editorial office may read the grants made for a unit.");
    return grantsBy(ctx, 'unitId', args).load(unit.id);
  },
};
