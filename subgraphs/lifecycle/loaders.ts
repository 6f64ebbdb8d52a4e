/** The lifecycle subgraph's batched reads: one SQL query per kind, whatever the list length. */
import { In } from 'typeorm';
import type { SubgraphContext } from '../common/context';
import { groupedBy, inOrderOf } from '../common/loaders';
import { paginateGroups, type PageArgs, type SortKey } from '../common/pagination';
import { PUBLIC_STATUSES } from './domain/visibility';
import { Channel, ChannelLink } from './entities/channel';
import { ServiceDecision, ServiceRequest } from './entities/service-request';
import { Ticket } from './entities/ticket';

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

export const linksFrom = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, ChannelLink[]>('linksFrom', async (ids) => {
    const rows = await ctx.db
      .getRepository(ChannelLink)
      .find({ where: { fromChannelId: In([...ids]) }, order: { createdAt: 'ASC' } });
    return groupedBy(ids, rows, (link) => link.fromChannelId);
  });

export const requestsOfChannel = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, ServiceRequest[]>('requestsOfChannel', async (ids) => {
    const rows = await ctx.db
      .getRepository(ServiceRequest)
      .find({ where: { channelId: In([...ids]) }, order: { submittedAt: 'DESC', id: 'DESC' } });
    return groupedBy(ids, rows, (r) => r.channelId);
  });

export const decisionsOf = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, ServiceDecision[]>('decisionsOf', async (ids) => {
    const rows = await ctx.db
      .getRepository(ServiceDecision)
      .find({ where: { requestId: In([...ids]) }, order: { decidedAt: 'DESC', id: 'DESC' } });
    return groupedBy(ids, rows, (d) => d.requestId);
  });

export const ticketsOfChannel = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, Ticket[]>('ticketsOfChannel', async (ids) => {
    const rows = await ctx.db
      .getRepository(Ticket)
      .find({ where: { channelId: In([...ids]) }, order: { openedAt: 'DESC', id: 'DESC' } });
    return groupedBy(ids, rows, (t) => t.channelId);
  });
