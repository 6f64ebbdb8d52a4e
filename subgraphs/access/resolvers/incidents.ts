/** Security incidents, figures for the annual report, and what access adds to the editorial inbox. */
import { assertHolds } from '../../common/authority';
import { In, Not } from 'typeorm';
import type { SubgraphContext } from '../../common/context';
import { groupedBy, inOrderOf, existing } from '../../common/loaders';
import { badInput, forbidden } from '../../../platform/errors';
import { OutboxMessage } from '../../common/outbox';
import { paginate, type SortKey } from '../../common/pagination';
import { designationsAwaitingGrants } from '../domain/grants';
import { gdprDeadline, liftAction, moveIncident, openIncident } from '../domain/incidents';
import { AuditEntry } from '../entities/audit-entry';
import { INCIDENT_STATES, Incident, IncidentNotification, ProtectiveAction } from '../entities/incident';
import { accountById } from '../loaders';
import type { MutationResolvers, QueryResolvers, Resolvers } from '../generated/resolvers';

const incidentOrder: SortKey<Incident>[] = [
  { column: 'i.openedAt', direction: 'DESC', value: (i) => i.openedAt, date: true },
  { column: 'i.id', direction: 'DESC', value: (i) => i.id },
];

async function assertInvestigates(ctx: SubgraphContext): Promise<void> {
  assertHolds(
    await ctx.requireCaller(),
    ['EDITORIAL_OFFICE_MEMBER', 'SYSTEM_ADMINISTRATOR', 'DPO'],
    'read security incidents',
  );
}

export const incidentQueries: QueryResolvers = {
  incidents: async (_: unknown, args, ctx: SubgraphContext) => {
    await assertInvestigates(ctx);
    const qb = ctx.db.getRepository(Incident).createQueryBuilder('i');
    if (args.state) {
      if (!INCIDENT_STATES.includes(args.state)) throw badInput(`Unknown state "${args.state}".`, 'state');
      qb.andWhere('i.state = :state', { state: args.state });
    }
    return paginate(qb, incidentOrder, args);
  },
  incident: async (_: unknown, { id }, ctx: SubgraphContext) => {
    await assertInvestigates(ctx);
    return ctx.db.getRepository(Incident).findOneBy({ id });
  },
  accessStatistics: async (_: unknown, { exceptChannelIds, ...args }, ctx: SubgraphContext) => {
    assertHolds(
      await ctx.requireCaller(),
      ['EDITORIAL_OFFICE_MEMBER', 'WKS_DIRECTOR', 'DPO'],
      'read the access figures',
    );
    if (args.from >= args.to) throw badInput('"from" must be earlier than "to".', 'from');
    const count = (action: string, exceptChannels: readonly string[] = []) => {
      const qb = ctx.db
        .getRepository(AuditEntry)
        .createQueryBuilder('e')
        .where('e.action = :action AND e.occurredAt >= :from AND e.occurredAt < :to', { action, ...args });
      // grants limited to the channels left out (the annual report leaves out BIP's) are not counted.
      if (exceptChannels.length)
        qb.andWhere('e.subjectId NOT IN (SELECT g.id FROM access_grant g WHERE g.channelId IN (:...exceptChannels))', {
          exceptChannels,
        });
      return qb.getCount();
    };
    const incidents = await ctx.db
      .getRepository(Incident)
      .createQueryBuilder('i')
      .where('i.openedAt >= :from AND i.openedAt < :to', args)
      .getMany();
    // an incident suspends accounts and revokes grants as its protective actions, not through
    // suspendAccount or revokeGrant: those count too.
    const byIncidents = (kind: 'SUSPEND_ACCOUNT' | 'REVOKE_GRANT', exceptChannels: readonly string[] = []) => {
      const qb = ctx.db
        .getRepository(ProtectiveAction)
        .createQueryBuilder('a')
        .where('a.kind = :kind AND a.takenAt >= :from AND a.takenAt < :to', { kind, ...args });
      if (exceptChannels.length)
        qb.andWhere('a.targetId NOT IN (SELECT g.id FROM access_grant g WHERE g.channelId IN (:...exceptChannels))', {
          exceptChannels,
        });
      // An account two incidents hold suspended is one account suspended.
      return qb
        .select('COUNT(DISTINCT a.targetId)', 'n')
        .getRawOne<{ n: string | number }>()
        .then((row) => Number(row?.n ?? 0));
    };
    return {
      grantsMade: await count('GRANT_CREATED', exceptChannelIds ?? []),
      grantsRevoked:
        (await count('GRANT_REVOKED', exceptChannelIds ?? [])) +
        (await byIncidents('REVOKE_GRANT', exceptChannelIds ?? [])),
      accountsSuspended: (await count('ACCOUNT_SUSPENDED')) + (await byIncidents('SUSPEND_ACCOUNT')),
      incidentsOpened: incidents.length,
      incidentsWithPersonalData: incidents.filter((i) => i.personalDataInvolved).length,
    };
  },
};

export const incidentMutations: MutationResolvers = {
  openIncident: async (_: unknown, { input }, ctx: SubgraphContext) =>
    openIncident(ctx.db, { peers: ctx.peers, authorization: ctx.authorization }, await ctx.requireCaller(), input),
  setIncidentState: async (_: unknown, args, ctx: SubgraphContext) => {
    if (args.state === 'OPEN')
      throw badInput('An incident is opened once; it can only become contained or closed.', 'state');
    return moveIncident(ctx.db, await ctx.requireCaller(), args.id, args.state, args.note);
  },
  liftProtectiveAction: async (_: unknown, args, ctx: SubgraphContext) =>
    liftAction(ctx.db, await ctx.requireCaller(), args.id, args.reason),
};

const actionsOf = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, ProtectiveAction[]>('actionsOf', async (ids) =>
    groupedBy(
      ids,
      await ctx.db
        .getRepository(ProtectiveAction)
        .find({ where: { incidentId: In([...ids]) }, order: { takenAt: 'ASC', kind: 'ASC' } }),
      (a) => a.incidentId,
    ),
  );

const loadOutboxMessages = (ctx: SubgraphContext) => async (ids: readonly string[]) =>
  inOrderOf(ids, await ctx.db.getRepository(OutboxMessage).findBy({ id: In([...ids]) }));

const outboxMessage = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, OutboxMessage | null>('outboxMessage', loadOutboxMessages(ctx));

export const incidentFields: Resolvers = {
  Incident: {
    openedBy: (incident: Incident, _: unknown, ctx: SubgraphContext) =>
      existing(accountById(ctx).load(incident.openedByAccountId)),
    gdprDeadline: (incident: Incident) => gdprDeadline(incident),
    gdprHoursRemaining: (incident: Incident) => {
      const deadline = gdprDeadline(incident);
      return deadline ? Math.round(((deadline.getTime() - Date.now()) / 3_600_000) * 100) / 100 : null;
    },
    protectiveActions: (incident: Incident, _: unknown, ctx: SubgraphContext) => actionsOf(ctx).load(incident.id),
    // Issue 12: what still waits for another service, from the actions' own states.
    protectiveActionsPending: async (incident: Incident, _: unknown, ctx: SubgraphContext) =>
      (await actionsOf(ctx).load(incident.id)).filter((a) => a.state === 'PENDING' || a.state === 'LIFTING').length,
    notifications: async (incident: Incident, _: unknown, ctx: SubgraphContext) => {
      const notifications = await ctx.loaders
        .get<string, IncidentNotification[]>('notificationsOf', async (ids) =>
          groupedBy(
            ids,
            await ctx.db
              .getRepository(IncidentNotification)
              .find({ where: { incidentId: In([...ids]) }, order: { recipient: 'ASC' } }),
            (n) => n.incidentId,
          ),
        )
        .load(incident.id);
      const messages = (
        await ctx.loaders
          .get<string, OutboxMessage | null>('outboxMessage', loadOutboxMessages(ctx))
          .loadMany(notifications.map((n) => n.id))
      ).filter((m): m is OutboxMessage => !!m && !(m instanceof Error));
      return notifications.map((n) => {
        const message = messages.find((m) => m.id === n.id);
        return {
          id: n.id,
          recipient: n.recipient,
          state: message?.deliveredAt ? ('DELIVERED' as const) : ('PENDING' as const),
          attempts: message?.attempts ?? 0,
          lastError: message?.deliveredAt ? null : (message?.lastError ?? null),
          deliveredAt: message?.deliveredAt ?? null,
        };
      });
    },
  },
  ProtectiveAction: {
    // A remote action's message has the action's id (domain/incidents.ts).
    deliveryAttempts: async (action: ProtectiveAction, _: unknown, ctx: SubgraphContext) =>
      (await outboxMessage(ctx).load(action.id))?.attempts ?? 0,
    lastError: async (action: ProtectiveAction, _: unknown, ctx: SubgraphContext) => {
      if (action.state !== 'PENDING') return null;
      const message = await outboxMessage(ctx).load(action.id);
      return message?.deliveredAt ? null : (message?.lastError ?? null);
    },
    liftedBy: (action: ProtectiveAction, _: unknown, ctx: SubgraphContext) =>
      action.liftedByAccountId ? accountById(ctx).load(action.liftedByAccountId) : null,
  },
  EditorialInbox: {
    __resolveReference: async (_: unknown, ctx: SubgraphContext) =>
      (await ctx.activeCaller())?.roles.has('EDITORIAL_OFFICE_MEMBER') ? { id: 'editorial-office' } : null,
    openIncidents: async (_: unknown, __: unknown, ctx: SubgraphContext) => {
      await assertInvestigates(ctx);
      return ctx.db.getRepository(Incident).find({ where: { state: Not('CLOSED') }, order: { openedAt: 'ASC' } });
    },
    designationsWithoutGrants: async (_: unknown, __: unknown, ctx: SubgraphContext) => {
      const caller = await ctx.requireCaller();
      if (!caller.roles.has('EDITORIAL_OFFICE_MEMBER')) throw forbidden("The inbox is the editorial office's.");
      const waiting = await designationsAwaitingGrants(ctx.db, { peers: ctx.peers, authorization: ctx.authorization });
      return waiting.map((id) => ({ __typename: 'Designation', id }));
    },
  },
};
