/** Thin resolvers: read arguments, ask the oversight rules, load in batches, map to the schema. */
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { SubgraphContext } from '../common/context';
import { badInput, forbidden } from '../common/errors';
import { paginate, type PageArgs, type SortKey } from '../common/pagination';
import { DateTime } from '../common/scalars';
import { mayListAccounts, mayReadGrantsOfAccount, mayReadGrantsOfChannel, mayReadGrantsOfUnit } from './domain/oversight';
import { Account } from './entities/account';
import type { Grant } from './entities/grant';
import { accountById, accountOfPerson, grantById, grantsBy } from './loaders';

const ACCOUNT_STATUSES = ['ACTIVE', 'SUSPENDED'];
const accountOrder: SortKey<Account>[] = [
  { column: 'account.login', direction: 'ASC', value: (account) => account.login },
  { column: 'account.id', direction: 'ASC', value: (account) => account.id },
];

export const resolvers: GraphQLResolverMap<SubgraphContext> = {
  DateTime,
  Query: {
    // Only the account itself: other subgraphs ask this to learn who calls them.
    viewer: (_: unknown, __: unknown, ctx: SubgraphContext) =>
      ctx.claims ? ctx.db.getRepository(Account).findOneBy({ login: ctx.claims.login }) : null,
    account: async (_: unknown, { id }: { id: string }, ctx: SubgraphContext) => {
      await ctx.requireCaller();
      return accountById(ctx).load(id);
    },
    accounts: async (_: unknown, args: PageArgs & { status?: string }, ctx: SubgraphContext) => {
      const caller = await ctx.requireCaller();
      if (!mayListAccounts(caller)) throw forbidden('Only the editorial office, the system administrator and the DPO may list accounts.');
      const qb = ctx.db.getRepository(Account).createQueryBuilder('account');
      if (args.status) {
        if (!ACCOUNT_STATUSES.includes(args.status)) throw badInput(`Unknown account status "${args.status}".`, 'status');
        qb.andWhere('account.status = :status', { status: args.status });
      }
      return paginate(qb, accountOrder, args);
    },
  },
  Account: {
    __resolveReference: (ref: { id: string }, ctx: SubgraphContext) => accountById(ctx).load(ref.id),
    person: (account: Account) => ({ __typename: 'Person', id: account.personId }),
    grants: async (account: Account, args: PageArgs, ctx: SubgraphContext) => {
      const caller = await ctx.requireCaller();
      if (!mayReadGrantsOfAccount(caller, account.id)) throw forbidden('Only the account itself and the editorial office may read its grants.');
      return grantsBy(ctx, 'accountId', args).load(account.id);
    },
  },
  Grant: {
    __resolveReference: async (ref: { id: string }, ctx: SubgraphContext) => {
      const grant = await grantById(ctx).load(ref.id);
      const caller = await ctx.requireCaller();
      return grant && mayReadGrantsOfAccount(caller, grant.accountId) ? grant : null;
    },
    account: (grant: Grant, _: unknown, ctx: SubgraphContext) => accountById(ctx).load(grant.accountId),
    channel: (grant: Grant) => (grant.channelId ? { __typename: 'Channel', id: grant.channelId } : null),
    unit: (grant: Grant) => (grant.unitId ? { __typename: 'Unit', id: grant.unitId } : null),
    active: (grant: Grant) => grant.isActive(),
  },
  Person: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    account: async (person: { id: string }, _: unknown, ctx: SubgraphContext) =>
      (await ctx.activeCaller()) ? accountOfPerson(ctx).load(person.id) : null,
  },
  Channel: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    grants: async (channel: { id: string }, args: PageArgs, ctx: SubgraphContext) => {
      const caller = await ctx.requireCaller();
      if (!mayReadGrantsOfChannel(caller)) throw forbidden('Only the editorial office (or, for BIP, its admin) may read the grants on a channel.');
      return grantsBy(ctx, 'channelId', args).load(channel.id);
    },
  },
  Unit: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    grants: async (unit: { id: string }, args: PageArgs, ctx: SubgraphContext) => {
      const caller = await ctx.requireCaller();
      if (!mayReadGrantsOfUnit(caller, unit.id)) throw forbidden("Only the unit's head and the editorial office may read the grants made for a unit.");
      return grantsBy(ctx, 'unitId', args).load(unit.id);
    },
  },
};
