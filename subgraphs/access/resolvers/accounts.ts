/** Accounts: who is calling, lists for the editorial office, registration and suspension. */
import type { SubgraphContext } from '../../common/context';
import { badInput, forbidden } from '../../../platform/errors';
import { paginate, type SortKey } from '../../common/pagination';
import { changeAccountStatus, registerAccount } from '../domain/accounts';
import { mayListAccounts, mayReadGrantsOfAccount, overseesAccess } from '../domain/oversight';
import { Account } from '../entities/account';
import { accountById, accountOfPerson, grantsBy } from '../loaders';
import type { AccountResolvers, MutationResolvers, PersonResolvers, QueryResolvers } from '../generated/resolvers';

const ACCOUNT_STATUSES = ['ACTIVE', 'SUSPENDED'];
const asker = (ctx: SubgraphContext) => ({ peers: ctx.peers, authorization: ctx.authorization });
const accountOrder: SortKey<Account>[] = [
  { column: 'account.login', direction: 'ASC', value: (account) => account.login },
  { column: 'account.id', direction: 'ASC', value: (account) => account.id },
];

export const accountQueries: QueryResolvers = {
  // Only the account itself: other subgraphs ask this to learn who calls them.
  viewer: (_: unknown, __: unknown, ctx: SubgraphContext) =>
    ctx.claims ? ctx.db.getRepository(Account).findOneBy({ login: ctx.claims.login }) : null,
  account: async (_: unknown, { id }, ctx: SubgraphContext) => {
    await ctx.requireCaller();
    return accountById(ctx).load(id);
  },
  accounts: async (_: unknown, args, ctx: SubgraphContext) => {
    const caller = await ctx.requireCaller();
    if (!mayListAccounts(caller))
      throw forbidden('Only the editorial office, the system administrator and the DPO may list accounts.');
    const qb = ctx.db.getRepository(Account).createQueryBuilder('account');
    if (args.status) {
      if (!ACCOUNT_STATUSES.includes(args.status)) throw badInput(`Unknown account status "${args.status}".`, 'status');
      qb.andWhere('account.status = :status', { status: args.status });
    }
    return paginate(qb, accountOrder, args);
  },
};

export const accountMutations: MutationResolvers = {
  registerAccount: async (_: unknown, { input }, ctx: SubgraphContext) =>
    registerAccount(ctx.db, ctx.peers, await ctx.requireCaller(), ctx.authorization, input),
  suspendAccount: async (_: unknown, args, ctx: SubgraphContext) =>
    changeAccountStatus(ctx.db, asker(ctx), await ctx.requireCaller(), args.id, 'SUSPENDED', args.reason),
  reactivateAccount: async (_: unknown, args, ctx: SubgraphContext) =>
    changeAccountStatus(ctx.db, asker(ctx), await ctx.requireCaller(), args.id, 'ACTIVE', args.reason),
};

export const accountFields: AccountResolvers = {
  // Accounts are for signed-in callers only, also when reached as an entity straight at this subgraph.
  __resolveReference: async (ref: { id: string }, ctx: SubgraphContext) =>
    (await ctx.activeCaller()) ? accountById(ctx).load(ref.id) : null,
  person: (account: Account) => ({ __typename: 'Person', id: account.personId }),
  // Why an account was suspended may name an incident: for the account itself and those who oversee access.
  statusReason: async (account: Account, _: unknown, ctx: SubgraphContext) => {
    const caller = await ctx.activeCaller();
    return caller && (caller.accountId === account.id || overseesAccess(caller)) ? account.statusReason : null;
  },
  grants: async (account: Account, args, ctx: SubgraphContext) => {
    const caller = await ctx.requireCaller();
    if (!mayReadGrantsOfAccount(caller, account.id))
      throw forbidden('Only the account itself and the editorial office may read its grants.');
    return grantsBy(ctx, 'accountId', args).load(account.id);
  },
};

export const personFields: PersonResolvers = {
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  account: async (person: { id: string }, _: unknown, ctx: SubgraphContext) =>
    (await ctx.activeCaller()) ? accountOfPerson(ctx).load(person.id) : null,
};
