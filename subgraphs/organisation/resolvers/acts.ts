/** Functions, internal orders and designations: reading them and the acts that change them. */
import type { SubgraphContext } from '../../common/context';
import { existing } from '../../common/loaders';
import { assignFunction } from '../domain/functions';
import { designatePublisher, withdrawDesignation } from '../domain/designations';
import { issueOrder } from '../domain/orders';
import { IsNull } from 'typeorm';
import { Designation } from '../entities/designation';
import { FunctionHolding } from '../entities/function-holding';
import type { Duty, InternalOrder } from '../entities/internal-order';
import type { Person } from '../entities/person';
import type { Unit } from '../entities/unit';
import {
  categoriesOfOrder,
  channelsOfDesignation,
  designationById,
  designationsBy,
  orderById,
  orderInForce,
  ordersOfUnit,
  personById,
  unitById,
  type CategoryWithDuties,
} from '../loaders';
import type { MutationResolvers, QueryResolvers, Resolvers } from '../generated/resolvers';

/** Internal orders and designations are internal records: for signed-in, active accounts and the platform's services. */
export async function signedIn<T>(ctx: SubgraphContext, read: () => Promise<T>): Promise<T> {
  if (!ctx.service) await ctx.requireCaller();
  return read();
}

export const actQueries: QueryResolvers = {
  functionHolders: (_: unknown, args, ctx: SubgraphContext) =>
    ctx.db
      .getRepository(FunctionHolding)
      .find({ where: { function: args.function }, order: { startedAt: 'DESC', id: 'DESC' } })
      .then((rows) => (args.includeEnded ? rows : rows.filter((h) => h.isActive()))),
  internalOrder: (_: unknown, { id }, ctx: SubgraphContext) => signedIn(ctx, () => orderById(ctx).load(id)),
  designation: (_: unknown, { id }, ctx: SubgraphContext) => signedIn(ctx, () => designationById(ctx).load(id)),
  activeDesignations: (_: unknown, __: unknown, ctx: SubgraphContext) =>
    signedIn(ctx, async () =>
      (
        await ctx.db
          .getRepository(Designation)
          .find({ where: { withdrawnAt: IsNull() }, order: { createdAt: 'DESC', id: 'DESC' } })
      ).filter((d) => d.isActive()),
    ),
};

export const actMutations: MutationResolvers = {
  assignFunction: async (_: unknown, { input }, ctx: SubgraphContext) =>
    assignFunction(ctx.db, await ctx.requireCaller(), input),
  issueInternalOrder: async (_: unknown, { input }, ctx: SubgraphContext) =>
    issueOrder(ctx.db, await ctx.requireCaller(), input),
  designatePublisher: async (_: unknown, { input }, ctx: SubgraphContext) =>
    designatePublisher(ctx.db, ctx.peers, await ctx.requireCaller(), ctx.authorization, input),
  withdrawDesignation: async (_: unknown, args, ctx: SubgraphContext) =>
    withdrawDesignation(ctx.db, await ctx.requireCaller(), args.id, args.reason),
};

export const actFields: Resolvers = {
  Unit: {
    internalOrder: (unit: Unit, _: unknown, ctx: SubgraphContext) =>
      signedIn(ctx, () => orderInForce(ctx).load(unit.id)),
    internalOrders: (unit: Unit, args, ctx: SubgraphContext) =>
      signedIn(ctx, () => ordersOfUnit(ctx, args).load(unit.id)),
    designations: (unit: Unit, args, ctx: SubgraphContext) =>
      signedIn(ctx, () => designationsBy(ctx, 'unitId', !args.includeInactive, args).load(unit.id)),
  },
  Person: {
    designations: (person: Person, args, ctx: SubgraphContext) =>
      signedIn(ctx, () => designationsBy(ctx, 'personId', !args.includeInactive, args).load(person.id)),
  },
  FunctionHolding: {
    person: (holding: FunctionHolding, _: unknown, ctx: SubgraphContext) =>
      existing(personById(ctx).load(holding.personId)),
    unit: (holding: FunctionHolding, _: unknown, ctx: SubgraphContext) =>
      holding.unitId ? unitById(ctx).load(holding.unitId) : null,
    active: (holding: FunctionHolding) => holding.isActive(),
  },
  InternalOrder: {
    __resolveReference: (ref: { id: string }, ctx: SubgraphContext) => signedIn(ctx, () => orderById(ctx).load(ref.id)),
    unit: (order: InternalOrder, _: unknown, ctx: SubgraphContext) => existing(unitById(ctx).load(order.unitId)),
    inForce: (order: InternalOrder) => order.inForceUnitId !== null,
    supersededBy: (order: InternalOrder, _: unknown, ctx: SubgraphContext) =>
      order.supersededById ? orderById(ctx).load(order.supersededById) : null,
    issuedBy: (order: InternalOrder, _: unknown, ctx: SubgraphContext) =>
      existing(personById(ctx).load(order.issuedByPersonId)),
    categories: (order: InternalOrder, _: unknown, ctx: SubgraphContext) => categoriesOfOrder(ctx).load(order.id),
  },
  InformationCategory: {
    preparedBy: (category: CategoryWithDuties, _: unknown, ctx: SubgraphContext) =>
      peopleWith(category, 'PREPARE', ctx),
    updatedBy: (category: CategoryWithDuties, _: unknown, ctx: SubgraphContext) => peopleWith(category, 'UPDATE', ctx),
    publishedBy: (category: CategoryWithDuties, _: unknown, ctx: SubgraphContext) =>
      peopleWith(category, 'PUBLISH', ctx),
  },
  Designation: {
    __resolveReference: (ref: { id: string }, ctx: SubgraphContext) =>
      signedIn(ctx, () => designationById(ctx).load(ref.id)),
    unit: (designation: Designation, _: unknown, ctx: SubgraphContext) =>
      existing(unitById(ctx).load(designation.unitId)),
    person: (designation: Designation, _: unknown, ctx: SubgraphContext) =>
      existing(personById(ctx).load(designation.personId)),
    designatedBy: (designation: Designation, _: unknown, ctx: SubgraphContext) =>
      existing(personById(ctx).load(designation.designatedByPersonId)),
    channels: async (designation: Designation, _: unknown, ctx: SubgraphContext) =>
      (await channelsOfDesignation(ctx).load(designation.id)).map((id) => ({ __typename: 'Channel', id })),
    active: (designation: Designation) => designation.isActive(),
  },
};

async function peopleWith(category: CategoryWithDuties, duty: Duty, ctx: SubgraphContext) {
  const ids = category.responsibilities.filter((r) => r.duty === duty).map((r) => r.personId);
  return (await personById(ctx).loadMany(ids)).filter((p): p is Person => p !== null && !(p instanceof Error));
}
