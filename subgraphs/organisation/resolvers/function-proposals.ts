/**
 * Appointments to functions that carry power: proposing, confirming, declining, withdrawing, reading.
 * Who is proposed for what is an internal record: for signed-in, active accounts and the platform's services.
 */
import type { SubgraphContext } from '../../common/context';
import { existing } from '../../common/loaders';
import { paginate, type SortKey } from '../../common/pagination';
import { confirmersOf } from '../domain/authority';
import {
  confirmFunction,
  declineFunction,
  proposeFunction,
  withdrawFunctionProposal,
} from '../domain/function-proposals';
import { FunctionProposal } from '../entities/function-proposal';
import { holdingById, personById } from '../loaders';
import { signedIn } from './acts';
import type { MutationResolvers, QueryResolvers, Resolvers } from '../generated/resolvers';

const proposalOrder: SortKey<FunctionProposal>[] = [
  { column: 'p.proposedAt', direction: 'DESC', value: (p) => p.proposedAt, date: true },
  { column: 'p.id', direction: 'DESC', value: (p) => p.id },
];

export const proposalQueries: QueryResolvers = {
  functionProposals: (_: unknown, args, ctx: SubgraphContext) =>
    signedIn(ctx, () =>
      paginate(
        ctx.db.getRepository(FunctionProposal).createQueryBuilder('p').where('p.state = :state', { state: args.state }),
        proposalOrder,
        args,
      ),
    ),
  functionProposal: (_: unknown, { id }, ctx: SubgraphContext) =>
    signedIn(ctx, () => ctx.db.getRepository(FunctionProposal).findOneBy({ id })),
};

export const proposalMutations: MutationResolvers = {
  proposeFunction: async (_: unknown, { input }, ctx: SubgraphContext) =>
    proposeFunction(ctx.db, await ctx.requireCaller(), input),
  confirmFunctionProposal: async (_: unknown, { id }, ctx: SubgraphContext) =>
    confirmFunction(ctx.db, await ctx.requireCaller(), id),
  declineFunctionProposal: async (_: unknown, args, ctx: SubgraphContext) =>
    declineFunction(ctx.db, await ctx.requireCaller(), args.id, args.reason),
  withdrawFunctionProposal: async (_: unknown, args, ctx: SubgraphContext) =>
    withdrawFunctionProposal(ctx.db, await ctx.requireCaller(), args.id, args.reason),
};

export const proposalFields: Resolvers = {
  FunctionProposal: {
    person: (p: FunctionProposal, _: unknown, ctx: SubgraphContext) => existing(personById(ctx).load(p.personId)),
    proposedBy: (p: FunctionProposal, _: unknown, ctx: SubgraphContext) =>
      existing(personById(ctx).load(p.proposedByPersonId)),
    decidedBy: (p: FunctionProposal, _: unknown, ctx: SubgraphContext) =>
      p.decidedByPersonId ? personById(ctx).load(p.decidedByPersonId) : null,
    confirmableBy: (p: FunctionProposal) => [...confirmersOf(p.function)],
    holding: (p: FunctionProposal, _: unknown, ctx: SubgraphContext) =>
      p.holdingId ? holdingById(ctx).load(p.holdingId) : null,
  },
};
