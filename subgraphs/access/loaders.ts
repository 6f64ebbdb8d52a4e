/** The access subgraph's batched reads: one SQL query per kind, whatever the list length. */
import { In } from 'typeorm';
import type { SubgraphContext } from '../common/context';
import { inOrderOf } from '../common/loaders';
import { paginateGroups, type PageArgs, type SortKey } from '../common/pagination';
import { designationsFacts, type DesignationFacts } from './domain/owners';
import { Account } from './entities/account';
import { Grant } from './entities/grant';

export const accountById = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, Account | null>('accountById', async (ids) =>
    inOrderOf(ids, await ctx.db.getRepository(Account).findBy({ id: In([...ids]) })),
  );

export const accountOfPerson = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, Account | null>('accountOfPerson', async (personIds) => {
    const rows = await ctx.db.getRepository(Account).findBy({ personId: In([...personIds]) });
    const byPerson = new Map(rows.map((account) => [account.personId, account]));
    return personIds.map((id) => byPerson.get(id) ?? null);
  });

export const grantById = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, Grant | null>('grantById', async (ids) =>
    inOrderOf(ids, await ctx.db.getRepository(Grant).findBy({ id: In([...ids]) })),
  );

/** The designations grants rest on, as organisation has them now: one request for a whole list. */
export const designationFactsById = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, DesignationFacts | null>('designationFacts', async (ids) =>
    designationsFacts(
      ctx.peers,
      ids,
      ctx.authorization,
      ctx.authorization ? undefined : await ctx.services.credentials.token(),
    ),
  );

export const grantOrder: SortKey<Grant>[] = [
  { column: 'g.createdAt', direction: 'DESC', value: (grant) => grant.createdAt, date: true },
  { column: 'g.id', direction: 'DESC', value: (grant) => grant.id },
];

/** Pages of grants for many accounts, units or channels at once. */
export const grantsBy = (ctx: SubgraphContext, column: 'accountId' | 'unitId' | 'channelId', args: PageArgs) =>
  ctx.loaders.get(`grantsBy:${column}:${args.first}:${args.after}`, (parentIds: readonly string[]) =>
    paginateGroups(ctx.db.getRepository(Grant).createQueryBuilder('g'), `g.${column}`, parentIds, grantOrder, args),
  );
