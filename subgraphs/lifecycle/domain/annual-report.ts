/**
 * The annual report on MPI: generated from the platform's own data — channels and decisions
 * here, grants, suspensions and incidents from access, publications and delays from content —
 * submitted by the Director of WKS by 31 December, approved or returned by the Deputy Mayor, and
 * published by the editorial office as a document in the information service's section
 * "Sprawozdania i analizy". The report's workflow is one table.
 */
import crypto from 'node:crypto';
import { Between, type DataSource } from 'typeorm';
import { auditRecord, enqueueAudit, type AuditAction } from '../../common/audit';
import type { Caller } from '../../common/caller';
import { badInput, conflict, notFound } from '../../../platform/errors';
import { entitiesOf, type Peers } from '../../../platform/peers';
import { AccessStatisticsDocument } from '../../access/generated/peer-operations';
import {
  ChannelSectionsDocument,
  CreateReportDocumentDocument,
  PublicationDelaysDocument,
  PublishDocumentDocument,
} from '../../content/generated/peer-operations';
import { inTransaction } from '../../common/transaction';
import { transition, type Workflow } from '../../common/workflow';
import { AnnualReport, REPORT_STATES, type ReportState } from '../entities/annual-report';
import { Channel } from '../entities/channel';
import { ServiceDecision, ServiceRequest } from '../entities/service-request';
import { bipChannelIds, setBipApart, type BipFigures } from './bip-figures';
import { renderReport, reportNames } from './report-document';
import { enqueueLiveEvent } from '../../common/live-events';

export interface AnnualFigures {
  year: number;
  channels: { kind: string; status: string; count: number }[];
  requests: { kind: string; submitted: number; approved: number; rejected: number; returned: number }[];
  access: {
    grantsMade: number;
    grantsRevoked: number;
    accountsSuspended: number;
    incidentsOpened: number;
    incidentsWithPersonalData: number;
  };
  publications: {
    unitId: string;
    channelId: string;
    count: number;
    medianHours: number;
    p90Hours: number;
    overThreshold: number;
  }[];
  /** BIP apart (channels and publications above leave it out); absent in reports generated before. */
  bip?: BipFigures<AnnualFigures['publications'][number]>;
}

export type ReportAct = 'generate' | 'submit' | 'approve' | 'return' | 'publish';

/** The report's state; NONE before it is first generated. */
export type ReportStanding = ReportState | 'NONE';

/** What a refusal may quote: why the Deputy Mayor returned the report. */
type Returned = Pick<AnnualReport, 'returnReason'>;

/** What the table keeps beside each act: how it is named once done (in messages) and its audit action (a fixed list). */
interface Named {
  done: string;
  audit: AuditAction;
}

/**
 * The report workflow: the Director of WKS generates and submits it, the Deputy Mayor approves it or
 * returns it with a reason, the editorial office publishes it. A returned report is generated again before it is
 * submitted again, so what is submitted is always made from the current data.
 */
export const REPORT_WORKFLOW: Workflow<ReportStanding, ReportAct, never, Named, Returned | null> = {
  states: ['NONE', ...REPORT_STATES],
  acts: {
    generate: {
      from: ['NONE', 'DRAFT', 'RETURNED'],
      to: 'DRAFT',
      who: ['WKS_DIRECTOR'],
      needsReason: false,
      done: 'generated',
      audit: 'REPORT_GENERATED',
    },
    submit: {
      from: ['DRAFT'],
      to: 'SUBMITTED',
      who: ['WKS_DIRECTOR'],
      needsReason: false,
      done: 'submitted',
      audit: 'REPORT_SUBMITTED',
    },
    approve: {
      from: ['SUBMITTED'],
      to: 'APPROVED',
      who: ['DEPUTY_MAYOR'],
      needsReason: false,
      done: 'approved',
      audit: 'REPORT_APPROVED',
    },
    return: {
      from: ['SUBMITTED'],
      to: 'RETURNED',
      who: ['DEPUTY_MAYOR'],
      needsReason: true,
      done: 'returned',
      audit: 'REPORT_RETURNED',
    },
    publish: {
      from: ['APPROVED'],
      to: 'PUBLISHED',
      who: ['EDITORIAL_OFFICE_MEMBER'],
      needsReason: false,
      done: 'published',
      audit: 'REPORT_PUBLISHED',
    },
  },
  rules: {},
  may: (act) => `${act} the annual report (R-7)`,
  wrongState: (current, act, report) => {
    const why = current === 'RETURNED' && report?.returnReason;
    const reason = why ? ` The Deputy Mayor's reason: "${why}"` : '';
    const { is, next } = STANDING[current];
    return `The annual report is ${is}, so it cannot be ${REPORT_WORKFLOW.acts[act].done} now. ${next}${reason}`;
  },
  noReason: () => ({ field: 'reason', message: 'Say why the report is returned.' }),
};

/** Where the report stands, and what happens next from there: said whenever an act does not fit the state. */
const STANDING: Record<ReportStanding, { is: string; next: string }> = {
  NONE: { is: 'not generated yet', next: 'The Director of WKS generates it first (generateAnnualReport).' },
  DRAFT: { is: 'a draft', next: 'Next, the Director of WKS submits it to the Deputy Mayor (submitAnnualReport).' },
  SUBMITTED: { is: 'submitted', next: 'It waits for the Deputy Mayor, who approves it or returns it with a reason.' },
  RETURNED: {
    is: 'returned by the Deputy Mayor',
    next: 'Regenerate it first (generateAnnualReport): that makes a new draft from the current data, which the Director of WKS then submits again.',
  },
  APPROVED: {
    is: 'approved',
    next: 'Next, the editorial office publishes it in "Sprawozdania i analizy" (publishAnnualReport).',
  },
  PUBLISHED: { is: 'already published', next: 'Nothing more is done with it.' },
};

/** 31 December, end of the day in Kraków (CET, UTC+1). */
export function reportDeadline(year: number): Date {
  return new Date(Date.UTC(year, 11, 31, 23, 0, 0));
}

export function isLate(report: Pick<AnnualReport, 'year' | 'submittedAt'>, now = new Date()): boolean {
  return (report.submittedAt ?? now) > reportDeadline(report.year);
}

/** Takes the act on the report (null: not generated yet) as the table says; returns the reason given, trimmed. */
function assertAct(caller: Caller, report: AnnualReport | null, act: ReportAct, reason?: string | null): string | null {
  return transition(REPORT_WORKFLOW, act, report?.state ?? 'NONE', caller, { reason, about: report }).reason;
}

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < 2019 || year > new Date().getUTCFullYear())
    throw badInput('"year" must be a year from 2019 (the order) to this one.', 'year');
}

async function figuresFor(
  db: DataSource,
  peers: Peers,
  authorization: string | undefined,
  year: number,
): Promise<AnnualFigures> {
  const from = new Date(Date.UTC(year, 0, 1));
  const to = new Date(Date.UTC(year + 1, 0, 1));
  const channels: { kind: string; status: string; supervision: Channel['supervision']; count: string | number }[] =
    await db
      .getRepository(Channel)
      .createQueryBuilder('c')
      .select('c.kind', 'kind')
      .addSelect('c.status', 'status')
      .addSelect('c.supervision', 'supervision')
      .addSelect('COUNT(*)', 'count')
      .groupBy('c.kind')
      .addGroupBy('c.status')
      .addGroupBy('c.supervision')
      .orderBy('c.kind')
      .addOrderBy('c.status')
      .getRawMany();
  const requests = await db
    .getRepository(ServiceRequest)
    .findBy({ submittedAt: Between(from, new Date(to.getTime() - 1)) });
  const decisions = await db
    .getRepository(ServiceDecision)
    .findBy({ decidedAt: Between(from, new Date(to.getTime() - 1)) });
  const kinds = [...new Set(requests.map((r) => r.kind))].sort();
  const byRequest = new Map(requests.map((r) => [r.id, r.kind]));
  const count = (kind: string, decision: string) =>
    decisions.filter((d) => byRequest.get(d.requestId) === kind && d.decision === decision).length;

  const span = { from: from.toISOString(), to: to.toISOString() };
  const data = await peers.send(
    'access',
    AccessStatisticsDocument,
    { ...span, bip: await bipChannelIds(db) },
    { authorization },
  );
  const publications = await peers.send('content', PublicationDelaysDocument, span, { authorization });
  // the Director of WKS does not supervise BIP: its channels and publications are set apart.
  const supervised = await setBipApart(
    db,
    channels.map((c) => ({ kind: c.kind, status: c.status, supervision: c.supervision, count: Number(c.count) })),
    publications.publicationDelays!.map(({ unit, channel, ...figures }) => ({
      unitId: unit!.id,
      channelId: channel!.id,
      ...figures,
    })),
  );
  return {
    year,
    channels: supervised.channels,
    requests: kinds.map((kind) => ({
      kind,
      submitted: requests.filter((r) => r.kind === kind).length,
      approved: count(kind, 'APPROVE'),
      rejected: count(kind, 'REJECT'),
      returned: count(kind, 'RETURN'),
    })),
    access: data.accessStatistics!,
    publications: supervised.publications,
    bip: supervised.bip,
  };
}

export async function generateReport(
  db: DataSource,
  peers: Peers,
  caller: Caller,
  authorization: string | undefined,
  year: number,
): Promise<AnnualReport> {
  assertYear(year);
  const existing = await db.getRepository(AnnualReport).findOneBy({ year });
  assertAct(caller, existing, 'generate');
  const figures = JSON.stringify(await figuresFor(db, peers, authorization, year));
  return inTransaction(db, async (tx) => {
    const now = new Date();
    let report: AnnualReport;
    if (existing) {
      // Only from the state that was read: a submission meanwhile is not undone.
      const result = await tx
        .getRepository(AnnualReport)
        .update({ id: existing.id, state: existing.state }, { state: 'DRAFT', figures, generatedAt: now });
      if (result.affected === 0)
        throw conflict('The report changed while it was being generated; reload and try again.');
      report = Object.assign(existing, { state: 'DRAFT' as const, figures, generatedAt: now });
    } else {
      report = tx.getRepository(AnnualReport).create({
        id: crypto.randomUUID(),
        year,
        state: 'DRAFT',
        figures,
        generatedAt: now,
        submittedAt: null,
        submittedByPersonId: null,
        decidedAt: null,
        decidedByPersonId: null,
        returnReason: null,
        publishedAt: null,
        publishedDocumentId: null,
      });
      await tx.getRepository(AnnualReport).insert(report); // the unique year refuses a second one made at the same moment
    }
    await enqueueAudit(
      tx,
      auditRecord(
        'lifecycle',
        caller,
        REPORT_WORKFLOW.acts.generate.audit,
        { type: 'AnnualReport', id: report.id },
        `rok ${year}`,
        {},
      ),
    );
    await enqueueLiveEvent(tx, 'annualReportChanged', { year: String(year) });
    return report;
  });
}

async function loadReport(db: DataSource, year: number): Promise<AnnualReport> {
  const report = await db.getRepository(AnnualReport).findOneBy({ year });
  if (!report) throw notFound(`There is no annual report for ${year} yet; the Director of WKS generates it first.`);
  return report;
}

async function move(
  db: DataSource,
  caller: Caller,
  report: AnnualReport,
  act: ReportAct,
  changes: Partial<AnnualReport>,
  basis: string | null,
): Promise<AnnualReport> {
  const to = REPORT_WORKFLOW.acts[act].to;
  return inTransaction(db, async (tx) => {
    const result = await tx
      .getRepository(AnnualReport)
      .update({ id: report.id, state: report.state }, { ...changes, state: to });
    if (result.affected === 0) throw conflict('The report changed at the same moment; reload and try again.');
    await enqueueAudit(
      tx,
      auditRecord(
        'lifecycle',
        caller,
        REPORT_WORKFLOW.acts[act].audit,
        { type: 'AnnualReport', id: report.id },
        basis,
        { year: report.year },
      ),
    );
    await enqueueLiveEvent(tx, 'annualReportChanged', { year: String(report.year) });
    return Object.assign(report, changes, { state: to });
  });
}

export async function submitReport(db: DataSource, caller: Caller, year: number): Promise<AnnualReport> {
  const report = await loadReport(db, year);
  assertAct(caller, report, 'submit');
  return move(
    db,
    caller,
    report,
    'submit',
    { submittedAt: new Date(), submittedByPersonId: caller.personId },
    isLate({ year, submittedAt: new Date() }) ? 'submitted after 31 December' : null,
  );
}

export async function decideReport(
  db: DataSource,
  caller: Caller,
  year: number,
  approve: boolean,
  reason: string | null,
): Promise<AnnualReport> {
  const report = await loadReport(db, year);
  const act = approve ? 'approve' : 'return';
  const why = assertAct(caller, report, act, reason);
  return move(
    db,
    caller,
    report,
    act,
    { decidedAt: new Date(), decidedByPersonId: caller.personId, returnReason: approve ? null : why },
    why,
  );
}

/** a document in the information service, section "Sprawozdania i analizy", entered with the caller's own grant. */
export async function publishReport(
  db: DataSource,
  peers: Peers,
  caller: Caller,
  authorization: string | undefined,
  year: number,
): Promise<AnnualReport> {
  const report = await loadReport(db, year);
  assertAct(caller, report, 'publish');
  const info = await db.getRepository(Channel).findOneBy({ kind: 'INFORMATION_SERVICE', status: 'LIVE' });
  if (!info) throw conflict('There is no live information service (Serwis Informacyjny UMK) to publish the report on.');
  const sections = await peers.send(
    'content',
    ChannelSectionsDocument,
    { reps: [{ __typename: 'Channel', id: info.id }] },
    { authorization },
  );
  const section = entitiesOf(sections._entities, 'Channel')[0]?.sections!.find(
    (s) => s.slug === 'sprawozdania-i-analizy',
  );
  if (!section) throw conflict('The information service has no section "Sprawozdania i analizy" (R-7.2).');
  const figures = JSON.parse(report.figures) as AnnualFigures;
  const body = renderReport(figures, report, await reportNames(db, peers, authorization, figures, report));
  const created = await peers.send(
    'content',
    CreateReportDocumentDocument,
    {
      key: `annual-report-${year}`, // a retried publication makes no second document
      input: {
        channelId: info.id,
        sectionId: section.id,
        responsibleUnitId: info.ownerUnitId,
        title: `Sprawozdanie z realizacji MPI „Magiczny Kraków” za rok ${year}`,
        lead: `Sprawozdanie Dyrektora Wydziału Komunikacji Społecznej zatwierdzone przez Zastępcę Prezydenta ds. Polityki Społecznej i Komunalnej.`,
        body,
        kind: 'REPORT',
        // R-T.1: the Director of WKS prepared the report; the editor only enters it.
        preparedByPersonId: report.submittedByPersonId,
        occurredAt: (report.decidedAt ?? new Date()).toISOString(),
      },
    },
    { authorization },
  );
  if (created.createDocument.status !== 'PUBLISHED') {
    await peers.send('content', PublishDocumentDocument, { id: created.createDocument.id }, { authorization });
  }
  return move(
    db,
    caller,
    report,
    'publish',
    { publishedAt: new Date(), publishedDocumentId: created.createDocument.id },
    null,
  );
}
