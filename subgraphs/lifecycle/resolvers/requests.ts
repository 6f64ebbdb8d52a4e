/** Service requests and decisions. */
import type { SubgraphContext } from '../../common/context';
import { existing } from '../../common/loaders';
import { badInput } from '../../../platform/errors';
import { paginate, type SortKey } from '../../common/pagination';
import { decideRequest, resubmitRequest, submitRequest, withdrawRequest } from '../domain/requests';
import type { Channel } from '../entities/channel';
import { REQUEST_STATES, ServiceRequest, type ChecklistItem, type ServiceDecision } from '../entities/service-request';
import { channelById, decisionsOf, requestsOfChannel } from '../loaders';
import type { MutationResolvers, QueryResolvers, Resolvers } from '../generated/resolvers';

const requestOrder: SortKey<ServiceRequest>[] = [
  { column: 'r.submittedAt', direction: 'DESC', value: (r) => r.submittedAt, date: true },
  { column: 'r.id', direction: 'DESC', value: (r) => r.id },
];
const person = (id: string) => ({ __typename: 'Person', id });

export const requestQueries: QueryResolvers = {
  serviceRequests: async (_: unknown, args, ctx: SubgraphContext) => {
    await ctx.requireCaller();
    const qb = ctx.db.getRepository(ServiceRequest).createQueryBuilder('r');
    if (args.state) {
      if (!REQUEST_STATES.includes(args.state)) throw badInput(`Unknown state "${args.state}".`, 'state');
      qb.andWhere('r.state = :state', { state: args.state });
    }
    if (args.unitId) qb.andWhere('r.unitId = :unitId', { unitId: args.unitId });
    return paginate(qb, requestOrder, args);
  },
  serviceRequest: async (_: unknown, { id }, ctx: SubgraphContext) => {
    await ctx.requireCaller();
    return ctx.db.getRepository(ServiceRequest).findOneBy({ id });
  },
};

export const requestMutations: MutationResolvers = {
  submitServiceRequest: async (_: unknown, { input }, ctx: SubgraphContext) =>
    submitRequest(ctx.db, await ctx.requireCaller(), input),
  resubmitServiceRequest: async (_: unknown, args, ctx: SubgraphContext) =>
    resubmitRequest(ctx.db, await ctx.requireCaller(), args.id, args),
  withdrawServiceRequest: async (_: unknown, args, ctx: SubgraphContext) =>
    withdrawRequest(ctx.db, await ctx.requireCaller(), args.id, args.reason),
  decideServiceRequest: async (_: unknown, { input }, ctx: SubgraphContext) =>
    decideRequest(ctx.db, await ctx.requireCaller(), input),
};

export const requestFields: Resolvers = {
  Channel: {
    serviceRequests: async (channel: Channel, _: unknown, ctx: SubgraphContext) =>
      (await ctx.activeCaller()) ? requestsOfChannel(ctx).load(channel.id) : null,
  },
  ServiceRequest: {
    unit: (request: ServiceRequest) => ({ __typename: 'Unit', id: request.unitId }),
    channel: (request: ServiceRequest, _: unknown, ctx: SubgraphContext) =>
      existing(channelById(ctx).load(request.channelId)),
    checklist: (request: ServiceRequest) => JSON.parse(request.checklist) as ChecklistItem[],
    submittedBy: (request: ServiceRequest) => person(request.submittedByPersonId),
    decisions: (request: ServiceRequest, _: unknown, ctx: SubgraphContext) => decisionsOf(ctx).load(request.id),
  },
  ServiceDecision: {
    decidedBy: (decision: ServiceDecision) => person(decision.decidedByPersonId),
  },
};
