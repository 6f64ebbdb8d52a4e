/** Technical assistance and the graphic line. */
import type { SubgraphContext } from '../../common/context';
import { existing } from '../../common/loaders';
import { forbidden } from '../../../platform/errors';
import { currentGraphicLine, graphicLineVersions, publishGraphicLine, type DesignTokens } from '../domain/graphic-line';
import { isOverdue, moveTicket, openTicket } from '../domain/tickets';
import type { Channel } from '../entities/channel';
import { GraphicLineVersion } from '../entities/graphic-line';
import { Ticket } from '../entities/ticket';
import { channelById, ticketsOfChannel } from '../loaders';
import type { MutationResolvers, QueryResolvers, Resolvers } from '../generated/resolvers';

export const assistanceQueries: QueryResolvers = {
  tickets: async (_: unknown, args, ctx: SubgraphContext) => {
    const caller = await ctx.requireCaller();
    if (!caller.roles.has('EDITORIAL_OFFICE_MEMBER'))
      throw forbidden("The list of assistance tickets is the editorial office's (R-5.2.6).");
    const tickets = await ctx.db
      .getRepository(Ticket)
      .find({ where: args.state ? { state: args.state } : {}, order: { deadline: 'ASC', id: 'ASC' } });
    return args.overdueOnly ? tickets.filter((t) => isOverdue(t)) : tickets;
  },
  ticket: async (_: unknown, { id }: { id: string }, ctx: SubgraphContext) => {
    const caller = await ctx.requireCaller();
    if (!caller.roles.has('EDITORIAL_OFFICE_MEMBER'))
      throw forbidden("Assistance tickets are the editorial office's (R-5.2.6).");
    return ctx.db.getRepository(Ticket).findOneBy({ id });
  },
  graphicLine: (_: unknown, __: unknown, ctx: SubgraphContext) => currentGraphicLine(ctx.db),
  graphicLineVersions: (_: unknown, __: unknown, ctx: SubgraphContext) => graphicLineVersions(ctx.db),
};

export const assistanceMutations: MutationResolvers = {
  openTicket: async (_: unknown, { input }, ctx: SubgraphContext) =>
    openTicket(ctx.db, await ctx.requireCaller(), input),
  updateTicketState: async (_: unknown, args, ctx: SubgraphContext) =>
    moveTicket(ctx.db, await ctx.requireCaller(), args.id, args.state, args.note ?? null),
  publishGraphicLine: async (_: unknown, { input }, ctx: SubgraphContext) =>
    publishGraphicLine(ctx.db, await ctx.requireCaller(), {
      version: input.version,
      notes: input.notes,
      tokens: { colours: input.colours, typography: input.typography, logoRules: input.logoRules },
    }),
};

export const assistanceFields: Resolvers = {
  Channel: {
    tickets: async (channel: Channel, _: unknown, ctx: SubgraphContext) => {
      const caller = await ctx.activeCaller();
      const allowed =
        caller && (caller.roles.has('EDITORIAL_OFFICE_MEMBER') || caller.headOf.includes(channel.ownerUnitId));
      return allowed ? ticketsOfChannel(ctx).load(channel.id) : null;
    },
  },
  Ticket: {
    channel: (ticket: Ticket, _: unknown, ctx: SubgraphContext) => existing(channelById(ctx).load(ticket.channelId)),
    overdue: (ticket: Ticket) => isOverdue(ticket),
    openedBy: (ticket: Ticket) => ({ __typename: 'Person', id: ticket.openedByPersonId }),
  },
  GraphicLineVersion: {
    colours: (v: GraphicLineVersion) => (JSON.parse(v.tokens) as DesignTokens).colours,
    typography: (v: GraphicLineVersion) => (JSON.parse(v.tokens) as DesignTokens).typography,
    logoRules: (v: GraphicLineVersion) => (JSON.parse(v.tokens) as DesignTokens).logoRules,
    current: async (v: GraphicLineVersion, _: unknown, ctx: SubgraphContext) =>
      (
        await ctx.loaders
          .get<string, GraphicLineVersion | null>('currentGraphicLine', async (keys) => {
            const current = await currentGraphicLine(ctx.db);
            return keys.map(() => current);
          })
          .load('current')
      )?.version === v.version,
  },
};
