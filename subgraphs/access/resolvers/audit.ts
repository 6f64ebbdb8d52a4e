/** The audit log: reading it, filtered, and taking entries delivered by other subgraphs. */
import { isSubgraphName } from '../../../platform/config';
import { requireService, type SubgraphContext } from '../../common/context';
import { badInput } from '../../../platform/errors';
import { paginate, type SortKey } from '../../common/pagination';
import { appendDelivered } from '../domain/audit-log';
import { assertReadsAudit } from '../domain/oversight';
import { AuditEntry } from '../entities/audit-entry';
import { accountById } from '../loaders';
import type { AuditEntryResolvers, MutationResolvers, QueryResolvers } from '../generated/resolvers';

const auditOrder: SortKey<AuditEntry>[] = [
  { column: 'e.occurredAt', direction: 'DESC', value: (e) => e.occurredAt, date: true },
  { column: 'e.id', direction: 'DESC', value: (e) => e.id },
];

export const auditQueries: QueryResolvers = {
  auditLog: async (_: unknown, args, ctx: SubgraphContext) => {
    assertReadsAudit(await ctx.requireCaller());
    const qb = ctx.db.getRepository(AuditEntry).createQueryBuilder('e');
    if (args.action) qb.andWhere('e.action = :action', { action: args.action });
    if (args.actorAccountId) qb.andWhere('e.actorAccountId = :actor', { actor: args.actorAccountId });
    if (args.subjectId) qb.andWhere('e.subjectId = :subject', { subject: args.subjectId });
    if (args.from && args.to && args.from >= args.to) throw badInput('"from" must be earlier than "to".', 'from');
    if (args.from) qb.andWhere('e.occurredAt >= :from', { from: args.from });
    if (args.to) qb.andWhere('e.occurredAt < :to', { to: args.to });
    return paginate(qb, auditOrder, args);
  },
};

export const auditMutations: MutationResolvers = {
  appendAuditEntries: async (_: unknown, { entries }, ctx: SubgraphContext) => {
    requireService(ctx, ['organisation', 'lifecycle', 'content']);
    const records = entries.map((entry) => {
      let details: Record<string, unknown>;
      try {
        details = JSON.parse(entry.details) as Record<string, unknown>;
      } catch {
        throw badInput(`Entry ${entry.id}: "details" is not JSON.`, 'details');
      }
      if (!isSubgraphName(entry.source)) throw badInput(`Entry ${entry.id}: "source" is not a subgraph.`, 'source');
      return {
        ...entry,
        source: entry.source,
        actorAccountId: entry.actorAccountId ?? null,
        actorLogin: entry.actorLogin ?? null,
        basis: entry.basis ?? null,
        details,
      };
    });
    return appendDelivered(ctx.db, records);
  },
};

export const auditEntryFields: AuditEntryResolvers = {
  actor: (entry: AuditEntry, _: unknown, ctx: SubgraphContext) =>
    entry.actorAccountId ? accountById(ctx).load(entry.actorAccountId) : null,
};
