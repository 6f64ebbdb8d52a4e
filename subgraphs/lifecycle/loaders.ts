/** The lifecycle subgraph's batched reads: one SQL query per kind, whatever the list length. */
import { In } from 'typeorm';
import type { SubgraphContext } from '../common/context';
import { inOrderOf } from '../common/loaders';
import { paginateGroups, type PageArgs, type SortKey } from '../common/pagination';
import { PUBLIC_STATUSES } from './domain/visibility';
import { Channel } from './entities/channel';

export const channelById = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, Channel | null>('channelById', async (ids) =>
    inOrderOf(ids, await ctx.db.getRepository(Channel).findBy({ id: In([...ids]) })),
  );

export const channelOrder: SortKey<Channel>[] = [
  { column: 'channel.sortName', direction: 'ASC', value: (channel) => channel.sortName },
  { column: 'channel.id', direction: 'ASC', value: (channel) => channel.id },
];

/** Pages of channels for many owning units at once; `publicOnly` hides unapproved and retired ones. */
export const channelsOwnedBy = (ctx: SubgraphContext, args: PageArgs, publicOnly: boolean) =>
  ctx.loaders.get(`channelsOwnedBy:${publicOnly}:${args.first}:${args.after}`, (unitIds: readonly string[]) => {
    const qb = ctx.db.getRepository(Channel).createQueryBuilder('channel');
    if (publicOnly) qb.andWhere('channel.status IN (:...statuses)', { statuses: PUBLIC_STATUSES });
    return paginateGroups(qb, 'channel.ownerUnitId', unitIds, channelOrder, args);
  });
