/**
 * Issue 13: the workflow tables, tested as data without a platform (STYLE.md: a workflow is one table of states
 * and transitions). Every act from every state: allowed where the table says, CONFLICT elsewhere.
 */
import { INCIDENT_WORKFLOW } from '../../subgraphs/access/domain/incidents';
import { nextStatus, WORKFLOW, type Transition } from '../../subgraphs/content/domain/workflow';
import { DOCUMENT_STATUSES } from '../../subgraphs/content/entities/document';
import { REPORT_WORKFLOW } from '../../subgraphs/lifecycle/domain/annual-report';
import { TICKET_WORKFLOW } from '../../subgraphs/lifecycle/domain/tickets';
import { REPORT_STATES } from '../../subgraphs/lifecycle/entities/annual-report';
import { PROPOSAL_WORKFLOW } from '../../subgraphs/organisation/domain/function-proposals';

const code = (run: () => unknown): string | null => {
  try {
    run();
    return null;
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code ?? 'THROWN';
  }
};

test('R-T.2 documents: every act from every state is allowed exactly where the table says, else CONFLICT', () => {
  for (const act of Object.keys(WORKFLOW) as Transition[]) {
    for (const state of DOCUMENT_STATUSES) {
      const allowed = WORKFLOW[act].from.includes(state);
      expect({ act, state, refused: code(() => nextStatus(state, act)) }).toEqual({ act, state, refused: allowed ? null : 'CONFLICT' });
      if (allowed) expect(nextStatus(state, act)).toBe(WORKFLOW[act].to);
    }
  }
  // Taking a document down or archiving it needs a reason (R-T.2); publishing does not.
  expect(Object.fromEntries(Object.entries(WORKFLOW).map(([act, rule]) => [act, rule.needsReason]))).toEqual({ publish: false, unpublish: true, archive: true });
  // Nothing leaves the archive.
  expect(Object.values(WORKFLOW).some((rule) => rule.from.includes('ARCHIVED'))).toBe(false);
});

test('R-7.1 the annual report: generated and submitted by the Director, decided by the Deputy Mayor, published by the editorial office', () => {
  const path: string[] = [];
  let state: string = 'NONE';
  for (const act of ['generate', 'submit', 'approve', 'publish'] as const) {
    expect(REPORT_WORKFLOW[act].from).toContain(state);
    state = REPORT_WORKFLOW[act].to;
    path.push(`${act}:${REPORT_WORKFLOW[act].by}`);
  }
  expect(state).toBe('PUBLISHED');
  expect(path).toEqual(['generate:WKS_DIRECTOR', 'submit:WKS_DIRECTOR', 'approve:DEPUTY_MAYOR', 'publish:EDITORIAL_OFFICE_MEMBER']);
  // A returned report is generated again before it is submitted again; every state is one the entity knows.
  expect(REPORT_WORKFLOW.generate.from).toContain('RETURNED');
  expect(REPORT_WORKFLOW.submit.from).not.toContain('RETURNED');
  for (const rule of Object.values(REPORT_WORKFLOW)) expect(REPORT_STATES).toContain(rule.to);
});

test('R-5.1 appointments: proposed by the recorder, decided by the authority, and nothing leaves a decision', () => {
  expect(PROPOSAL_WORKFLOW.propose).toMatchObject({ from: ['NONE'], to: 'PROPOSED', by: 'RECORDER' });
  expect(PROPOSAL_WORKFLOW.confirm.by).toBe('AUTHORITY');
  expect(PROPOSAL_WORKFLOW.decline.by).toBe('AUTHORITY');
  const decided = new Set(Object.values(PROPOSAL_WORKFLOW).map((rule) => rule.to).filter((to) => to !== 'PROPOSED'));
  for (const rule of Object.values(PROPOSAL_WORKFLOW)) for (const from of rule.from) expect(decided.has(from as never)).toBe(false);
});

test('R-5.2.5 incidents move forward only: contained from open, closed from contained', () => {
  expect(INCIDENT_WORKFLOW).toEqual({ CONTAINED: ['OPEN'], CLOSED: ['CONTAINED'] });
});

test('R-5.2.6 assistance tickets: a closed ticket stays closed; every state can reach CLOSED', () => {
  expect(TICKET_WORKFLOW.CLOSED).toEqual([]);
  for (const start of Object.keys(TICKET_WORKFLOW) as (keyof typeof TICKET_WORKFLOW)[]) {
    const seen = new Set([start]);
    for (const state of seen) for (const next of TICKET_WORKFLOW[state]) seen.add(next);
    expect({ start, reachesClosed: seen.has('CLOSED') }).toEqual({ start, reachesClosed: true });
  }
});
