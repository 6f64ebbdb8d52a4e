/** The annual report and the editorial office's inbox. */
import { assertHolds } from '../../common/authority';
import type { Role } from '../../common/caller';
import { In } from 'typeorm';
import type { SubgraphContext } from '../../common/context';
import { forbidden } from '../../../platform/errors';
import {
  decideReport,
  generateReport,
  isLate,
  publishReport,
  reportDeadline,
  submitReport,
  type AnnualFigures,
} from '../domain/annual-report';
import { isOverdue } from '../domain/tickets';
import { AnnualReport } from '../entities/annual-report';
import { ServiceRequest } from '../entities/service-request';
import { Ticket } from '../entities/ticket';
import { existing } from '../../common/loaders';
import { channelById } from '../loaders';
import type { ChannelCount, MutationResolvers, QueryResolvers, RequestCount, Resolvers } from '../generated/resolvers';

/** The figures as the report stored them (domain/annual-report.ts), their kinds and states being the schema's. */
type StoredFigures = Omit<AnnualFigures, 'channels' | 'requests' | 'bip'> & {
  channels: ChannelCount[];
  requests: RequestCount[];
  bip?: Omit<NonNullable<AnnualFigures['bip']>, 'channels'> & { channels: ChannelCount[] };
};

const person = (id: string | null) => (id ? { __typename: 'Person', id } : null);

async function isEditorial(ctx: SubgraphContext): Promise<boolean> {
  return (await ctx.activeCaller())?.roles.has('EDITORIAL_OFFICE_MEMBER') ?? false;
}

const DRAFT_READERS: Role[] = ['WKS_DIRECTOR', 'DEPUTY_MAYOR', 'EDITORIAL_OFFICE_MEMBER', 'DPO'];

async function assertEditorial(ctx: SubgraphContext): Promise<void> {
  assertHolds(await ctx.requireCaller(), 'EDITORIAL_OFFICE_MEMBER', "read the editorial office's inbox");
}

export const reportQueries: QueryResolvers = {
  annualReport: async (_: unknown, { year }, ctx: SubgraphContext) => {
    const caller = await ctx.requireCaller();
    const report = await ctx.db.getRepository(AnnualReport).findOneBy({ year });
    // until published, the report and its figures (incidents, revoked grants) are for those who make,
    // approve and publish it, and the DPO: the same people who may read accessStatistics.
    if (report && report.state !== 'PUBLISHED' && !DRAFT_READERS.some((role) => caller.roles.has(role))) {
      throw forbidden(
        'The annual report is readable by the Director of WKS, the Deputy Mayor, the editorial office and the DPO until it is published.',
      );
    }
    return report;
  },
  editorialInbox: async (_: unknown, __: unknown, ctx: SubgraphContext) => {
    await assertEditorial(ctx);
    return { id: 'editorial-office' };
  },
};

export const reportMutations: MutationResolvers = {
  generateAnnualReport: async (_: unknown, { year }, ctx: SubgraphContext) =>
    generateReport(ctx.db, ctx.peers, await ctx.requireCaller(), ctx.authorization, year),
  submitAnnualReport: async (_: unknown, { year }, ctx: SubgraphContext) =>
    submitReport(ctx.db, await ctx.requireCaller(), year),
  approveAnnualReport: async (_: unknown, { year }, ctx: SubgraphContext) =>
    decideReport(ctx.db, await ctx.requireCaller(), year, true, null),
  returnAnnualReport: async (_: unknown, args, ctx: SubgraphContext) =>
    decideReport(ctx.db, await ctx.requireCaller(), args.year, false, args.reason),
  publishAnnualReport: async (_: unknown, { year }, ctx: SubgraphContext) =>
    publishReport(ctx.db, ctx.peers, await ctx.requireCaller(), ctx.authorization, year),
};

export const reportFields: Resolvers = {
  AnnualReport: {
    figures: (report: AnnualReport, _: unknown, ctx: SubgraphContext) => {
      const figures = JSON.parse(report.figures) as StoredFigures;
      // Channels are this subgraph's own: loaded here; units are the organisation's: referenced.
      const publications = (rows: AnnualFigures['publications']) =>
        rows.map((p) => ({
          ...p,
          unit: { __typename: 'Unit', id: p.unitId },
          channel: existing(channelById(ctx).load(p.channelId)),
        }));
      return {
        ...figures,
        ...figures.access,
        publications: publications(figures.publications),
        bip: figures.bip ? { ...figures.bip, publications: publications(figures.bip.publications) } : null,
      };
    },
    deadline: (report: AnnualReport) => reportDeadline(report.year),
    late: (report: AnnualReport) => isLate(report),
    submittedBy: (report: AnnualReport) => person(report.submittedByPersonId),
    decidedBy: (report: AnnualReport) => person(report.decidedByPersonId),
    document: (report: AnnualReport) =>
      report.publishedDocumentId ? { __typename: 'Document', id: report.publishedDocumentId } : null,
  },
  // Every field checks the caller: the inbox can also be reached as an entity, straight at this subgraph.
  EditorialInbox: {
    __resolveReference: async (_: unknown, ctx: SubgraphContext) =>
      (await isEditorial(ctx)) ? { id: 'editorial-office' } : null,
    undecidedRequests: async (_: unknown, __: unknown, ctx: SubgraphContext) => (
      await assertEditorial(ctx),
      ctx.db
        .getRepository(ServiceRequest)
        .find({ where: { state: 'SUBMITTED' }, order: { submittedAt: 'ASC', id: 'ASC' } })
    ),
    overdueTickets: async (_: unknown, __: unknown, ctx: SubgraphContext) => (
      await assertEditorial(ctx),
      (
        await ctx.db
          .getRepository(Ticket)
          .find({ where: { state: In(['OPEN', 'IN_PROGRESS']) }, order: { deadline: 'ASC' } })
      ).filter((t) => isOverdue(t))
    ),
    annualReport: async (_: unknown, __: unknown, ctx: SubgraphContext) => (
      await assertEditorial(ctx),
      ctx.db.getRepository(AnnualReport).findOneBy({ year: new Date().getUTCFullYear() })
    ),
    annualReportLate: async (_: unknown, __: unknown, ctx: SubgraphContext) => {
      await assertEditorial(ctx);
      const year = new Date().getUTCFullYear() - 1;
      const report = await ctx.db.getRepository(AnnualReport).findOneBy({ year });
      return isLate({ year, submittedAt: report?.submittedAt ?? null });
    },
  },
};
