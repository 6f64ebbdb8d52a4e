/**
 * Issue 13: the workflow tables, tested as data without a platform or a database (STYLE.md: a workflow is one table of
 * states and acts with who may take each; subgraphs/common/workflow.ts). For every table: every act from every state
 * (allowed where the table says, leading to its `to`; CONFLICT elsewhere), every role and every named rule (allowed
 * where the table lists it; FORBIDDEN elsewhere, deny by default), and the reason an act needs. Then each table's
 * content, read as the requirement it implements, and the messages its refusals give.
 */
import { ROLES, type Caller, type Role } from '../../subgraphs/common/caller';
import { actLeadingTo, transition, type AnyWorkflow, type Taking } from '../../subgraphs/common/workflow';
import { INCIDENT_WORKFLOW } from '../../subgraphs/access/domain/incidents';
import { WORKFLOW } from '../../subgraphs/content/domain/workflow';
import { REPORT_WORKFLOW, type ReportStanding } from '../../subgraphs/lifecycle/domain/annual-report';
import { REQUEST_WORKFLOW } from '../../subgraphs/lifecycle/domain/requests';
import { TICKET_WORKFLOW } from '../../subgraphs/lifecycle/domain/tickets';
import { TICKET_STATES, type TicketState } from '../../subgraphs/lifecycle/entities/ticket';
import type { FunctionName } from '../../subgraphs/organisation/entities/function-holding';
import { PROPOSAL_WORKFLOW, confirmingAuthority } from '../../subgraphs/organisation/domain/function-proposals';

const caller = (roles: readonly Role[] = [], personId = 'p1'): Caller => ({
  login: 'jan.kowalski',
  accountId: 'a1',
  personId,
  status: 'ACTIVE',
  unitId: 'u1',
  roles: new Set(roles),
  headOf: [],
  designations: [],
});

/** The error code an attempt ends with (null: it went through), and its message and field. */
const refusal = (run: () => unknown): { code: string; message: string; field?: unknown } | null => {
  try {
    run();
    return null;
  } catch (error) {
    const { message, extensions } = error as { message: string; extensions?: { code?: string; field?: unknown } };
    return { code: extensions?.code ?? 'THROWN', message, ...(extensions?.field ? { field: extensions.field } : {}) };
  }
};
const codeOf = (run: () => unknown) => refusal(run)?.code ?? null;

const WORKFLOWS: [string, AnyWorkflow][] = [
  ['documents', WORKFLOW],
  ['service requests', REQUEST_WORKFLOW],
  ['incidents', INCIDENT_WORKFLOW],
  ['assistance tickets', TICKET_WORKFLOW],
  ['the annual report', REPORT_WORKFLOW],
  ['appointments', PROPOSAL_WORKFLOW],
];

const actsOf = (workflow: AnyWorkflow) => Object.keys(workflow.acts);
const rulesOf = (workflow: AnyWorkflow) => Object.keys(workflow.rules);
const isRole = (entry: string) => (ROLES as readonly string[]).includes(entry);
/** Answers every named rule of the workflow the same way. */
const answering = (workflow: AnyWorkflow, answer: boolean | string) =>
  Object.fromEntries(rulesOf(workflow).map((rule) => [rule, answer]));
/** Whoever may take every act: every role, every named rule satisfied. */
const anyone = caller(ROLES);

describe.each(WORKFLOWS)('issue 13: the workflow of %s, asked through transition()', (_name, workflow) => {
  const all = (reason: string | null | undefined = 'Powód') => ({ rules: answering(workflow, true), reason });

  test('every act from every state: allowed where the table says, leading to its `to`; CONFLICT elsewhere', () => {
    for (const act of actsOf(workflow)) {
      const step = workflow.acts[act];
      for (const state of workflow.states) {
        const take = () => transition(workflow, act, state, anyone, all());
        const allowed = step.from.includes(state);
        expect({ act, state, refused: codeOf(take) }).toEqual({ act, state, refused: allowed ? null : 'CONFLICT' });
        if (allowed) expect(take().to).toBe(step.to);
        else expect(refusal(take)!.message).toBe(workflow.wrongState(state, act));
      }
    }
  });

  test('every role: an act is allowed to a role its `who` lists and FORBIDDEN to every other; no role, no act', () => {
    for (const act of actsOf(workflow)) {
      const { from, who } = workflow.acts[act];
      for (const role of ROLES) {
        const refused = codeOf(() => transition(workflow, act, from[0], caller([role]), { reason: 'Powód' }));
        expect({ act, role, refused }).toEqual({ act, role, refused: who.includes(role) ? null : 'FORBIDDEN' });
      }
      const nobody = codeOf(() => transition(workflow, act, from[0], caller([]), { reason: 'Powód' }));
      expect({ act, nobody }).toEqual({ act, nobody: 'FORBIDDEN' });
    }
  });

  test('every named rule: satisfied, it lets the act through where `who` names it; else FORBIDDEN', () => {
    for (const act of actsOf(workflow)) {
      const { from, who } = workflow.acts[act];
      const take = (rules: Record<string, boolean | string>) => () =>
        transition(workflow, act, from[0], caller([]), { rules, reason: 'Powód' });
      for (const rule of rulesOf(workflow)) {
        expect({ act, rule, satisfied: codeOf(take({ [rule]: true })) }).toEqual({
          act,
          rule,
          satisfied: who.includes(rule) ? null : 'FORBIDDEN',
        });
        expect(codeOf(take({ [rule]: false }))).toBe('FORBIDDEN');
        expect(codeOf(take({}))).toBe('FORBIDDEN');
        // A rule refused in its own words is refused with them.
        if (who.includes(rule) && !who.some(isRole)) {
          expect(refusal(take({ [rule]: 'Nie tym razem.' }))).toEqual({ code: 'FORBIDDEN', message: 'Nie tym razem.' });
        }
      }
    }
  });

  test('the reason: an act that needs one is BAD_USER_INPUT without it (blank is none); it comes back trimmed', () => {
    for (const act of actsOf(workflow)) {
      const { from, needsReason } = workflow.acts[act];
      for (const missing of [undefined, null, '', '   ']) {
        const refused = refusal(() => transition(workflow, act, from[0], anyone, { ...all(), reason: missing }));
        const expected = needsReason ? { code: 'BAD_USER_INPUT', ...workflow.noReason(act) } : null;
        expect({ act, refused }).toEqual({ act, refused: expected });
      }
      expect(transition(workflow, act, from[0], anyone, all('  Powód  ')).reason).toBe('Powód');
    }
  });

  test('deny by default, in order: who may act is asked before the state, the state before the reason', () => {
    for (const act of actsOf(workflow)) {
      const wrong = workflow.states.find((state: string) => !workflow.acts[act].from.includes(state));
      if (!wrong) continue;
      const first = (by: Caller, taking: Taking<string, unknown>) => ({
        act,
        refused: codeOf(() => transition(workflow, act, wrong, by, taking)),
      });
      expect(first(caller([]), { rules: answering(workflow, false) })).toEqual({ act, refused: 'FORBIDDEN' });
      expect(first(anyone, all(null))).toEqual({ act, refused: 'CONFLICT' });
    }
  });

  test('the table is whole: every state it names is one of its states, and every act names who may take it', () => {
    for (const act of actsOf(workflow)) {
      const { from, to, who } = workflow.acts[act];
      for (const state of [...from, to]) expect(workflow.states).toContain(state);
      expect(who.length).toBeGreaterThan(0);
      for (const entry of who) expect([...ROLES, ...rulesOf(workflow)]).toContain(entry);
    }
  });
});

/** A table as the requirement reads: "act: FROM|FROM → TO by WHO (reason)". */
const summary = (workflow: AnyWorkflow) =>
  Object.fromEntries(
    actsOf(workflow).map((act) => {
      const { from, to, who, needsReason } = workflow.acts[act];
      return [act, `${from.join('|')} → ${to} by ${who.join('|')}${needsReason ? ' (reason)' : ''}`];
    }),
  );

/** How an act is refused: its code, message and field. */
const refused = (workflow: AnyWorkflow, act: string, state: string, by: Caller, taking: Taking<string, unknown> = {}) =>
  refusal(() => transition(workflow, act, state, by, taking));
const said = (...args: Parameters<typeof refused>) => refused(...args)?.message;

const office = caller(['EDITORIAL_OFFICE_MEMBER']);

describe('issue 13: each table is the requirement it implements, and its refusals say so', () => {
  test('R-T.2, R-5.2.4 documents: moved by whoever holds a PUBLISH grant, no role instead; nothing leaves the archive', () => {
    expect(summary(WORKFLOW)).toEqual({
      publish: 'DRAFT|UNPUBLISHED → PUBLISHED by PUBLISH_GRANT',
      unpublish: 'PUBLISHED → UNPUBLISHED by PUBLISH_GRANT (reason)',
      archive: 'DRAFT|PUBLISHED|UNPUBLISHED → ARCHIVED by PUBLISH_GRANT (reason)',
    });
    const granted = { rules: { PUBLISH_GRANT: true } };
    expect(said(WORKFLOW, 'publish', 'ARCHIVED', anyone, granted)).toBe(
      'An archived document cannot be published; it must be draft or unpublished.',
    );
    expect(refused(WORKFLOW, 'unpublish', 'PUBLISHED', anyone, granted)).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'Give a reason: a document is not taken down without one.',
      field: 'reason',
    });
    // No role stands in for the grant, not even the editorial office's.
    expect(refused(WORKFLOW, 'publish', 'DRAFT', anyone)?.code).toBe('FORBIDDEN');
  });

  test('R-4.4, R-4.5, R-5.2.3 service requests: the editorial office decides; the unit head resubmits or withdraws', () => {
    expect(summary(REQUEST_WORKFLOW)).toEqual({
      submit: 'NONE → SUBMITTED by HEAD_OF_UNIT (reason)',
      approve: 'SUBMITTED → APPROVED by EDITORIAL_OFFICE_MEMBER (reason)',
      reject: 'SUBMITTED → REJECTED by EDITORIAL_OFFICE_MEMBER (reason)',
      return: 'SUBMITTED → RETURNED by EDITORIAL_OFFICE_MEMBER (reason)',
      resubmit: 'RETURNED → SUBMITTED by HEAD_OF_UNIT',
      withdraw: 'SUBMITTED|RETURNED → WITHDRAWN by HEAD_OF_UNIT (reason)',
    });
    expect(said(REQUEST_WORKFLOW, 'approve', 'SUBMITTED', caller(['UNIT_HEAD']), { reason: 'x' })).toBe(
      'Only the editorial office may decide on service requests (R-5.2.3).',
    );
    expect(said(REQUEST_WORKFLOW, 'withdraw', 'RETURNED', office, { reason: 'x' })).toBe(
      'Only the head of the unit may withdraw its requests.',
    );
    expect(said(REQUEST_WORKFLOW, 'reject', 'RETURNED', office, { reason: 'x' })).toBe(
      'The request is returned; it can be decided only when submitted.',
    );
    expect(said(REQUEST_WORKFLOW, 'withdraw', 'APPROVED', caller(), { rules: { HEAD_OF_UNIT: true } })).toBe(
      'The request is approved; it can be withdrawn only when submitted or returned.',
    );
    expect(refused(REQUEST_WORKFLOW, 'return', 'SUBMITTED', office, { reason: ' ' })).toMatchObject({
      field: 'rationale',
    });
    expect(refused(REQUEST_WORKFLOW, 'submit', 'NONE', caller(), { rules: { HEAD_OF_UNIT: true } })).toEqual({
      code: 'BAD_USER_INPUT',
      message: '"justification" must not be empty.',
      field: 'justification',
    });
  });

  test('R-5.2.5 incidents move forward only, open → contained → closed, by the editorial office, with a note', () => {
    expect(summary(INCIDENT_WORKFLOW)).toEqual({
      open: 'NONE → OPEN by EDITORIAL_OFFICE_MEMBER',
      contain: 'OPEN → CONTAINED by EDITORIAL_OFFICE_MEMBER (reason)',
      close: 'CONTAINED → CLOSED by EDITORIAL_OFFICE_MEMBER (reason)',
    });
    expect(actLeadingTo(INCIDENT_WORKFLOW, 'CLOSED')).toBe('close');
    // An incident is opened once: no move leads back to OPEN.
    expect(actLeadingTo(INCIDENT_WORKFLOW, 'OPEN')).toBeUndefined();
    expect(said(INCIDENT_WORKFLOW, 'close', 'OPEN', office, { reason: 'x' })).toBe(
      'An open incident cannot become closed; incidents move open → contained → closed.',
    );
    expect(refused(INCIDENT_WORKFLOW, 'contain', 'OPEN', office, { reason: '' })).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'Give a note for the record.',
      field: 'note',
    });
    expect(said(INCIDENT_WORKFLOW, 'contain', 'OPEN', caller(['DPO']), { reason: 'x' })).toBe(
      'Only the editorial office may move incidents (R-5.2.5).',
    );
  });

  test('R-5.2.6 tickets: moved by the editorial office; a closed one stays closed; every state reaches CLOSED', () => {
    expect(summary(TICKET_WORKFLOW)).toEqual({
      open: 'NONE → OPEN by EDITORIAL_OFFICE_MEMBER|HEAD_OF_CHANNEL_UNIT',
      start: 'OPEN → IN_PROGRESS by EDITORIAL_OFFICE_MEMBER',
      resolve: 'OPEN|IN_PROGRESS → RESOLVED by EDITORIAL_OFFICE_MEMBER',
      close: 'OPEN|RESOLVED → CLOSED by EDITORIAL_OFFICE_MEMBER',
      reopen: 'IN_PROGRESS|RESOLVED → OPEN by EDITORIAL_OFFICE_MEMBER',
    });
    const steps = Object.values(TICKET_WORKFLOW.acts);
    // Each state is reached by one move only, so a caller naming the state it wants names the act.
    const moves = steps.filter((step) => !step.from.includes('NONE'));
    for (const state of TICKET_STATES) expect(moves.filter((step) => step.to === state)).toHaveLength(1);
    expect(actLeadingTo(TICKET_WORKFLOW, 'OPEN')).toBe('reopen');
    const next = (state: TicketState | 'NONE') =>
      steps.filter((step) => step.from.includes(state)).map((step) => step.to);
    expect(next('CLOSED')).toEqual([]);
    for (const start of TICKET_WORKFLOW.states) {
      const seen = new Set<TicketState | 'NONE'>([start]);
      for (const state of seen) for (const to of next(state)) seen.add(to);
      expect({ start, reachesClosed: seen.has('CLOSED') }).toEqual({ start, reachesClosed: true });
    }
    expect(said(TICKET_WORKFLOW, 'reopen', 'CLOSED', office)).toBe('A closed ticket cannot become open.');
    expect(said(TICKET_WORKFLOW, 'open', 'NONE', caller(['UNIT_HEAD']))).toBe(
      "Only the editorial office or the head of the channel's unit may open assistance tickets.",
    );
  });

  test('R-7.1, R-7.2 annual report: made by the Director, decided by the Deputy Mayor, published by the editorial office', () => {
    expect(summary(REPORT_WORKFLOW)).toEqual({
      generate: 'NONE|DRAFT|RETURNED → DRAFT by WKS_DIRECTOR',
      submit: 'DRAFT → SUBMITTED by WKS_DIRECTOR',
      approve: 'SUBMITTED → APPROVED by DEPUTY_MAYOR',
      return: 'SUBMITTED → RETURNED by DEPUTY_MAYOR (reason)',
      publish: 'APPROVED → PUBLISHED by EDITORIAL_OFFICE_MEMBER',
    });
    let state: ReportStanding = 'NONE';
    for (const act of ['generate', 'submit', 'approve', 'publish'] as const) {
      state = transition(REPORT_WORKFLOW, act, state, caller(REPORT_WORKFLOW.acts[act].who)).to;
    }
    expect(state).toBe('PUBLISHED');
    expect(said(REPORT_WORKFLOW, 'approve', 'SUBMITTED', caller(['WKS_DIRECTOR']))).toBe(
      'Only the Deputy Mayor for Social and Municipal Policy may approve the annual report (R-7).',
    );
    // A returned report is generated again before it is submitted again; the refusal says why it was returned.
    const director = caller(['WKS_DIRECTOR']);
    expect(said(REPORT_WORKFLOW, 'submit', 'RETURNED', director, { about: { returnReason: 'Uzupełnić.' } })).toBe(
      'The annual report is returned by the Deputy Mayor, so it cannot be submitted now. ' +
        'Regenerate it first (generateAnnualReport): that makes a new draft from the current data, ' +
        'which the Director of WKS then submits again. The Deputy Mayor\'s reason: "Uzupełnić."',
    );
    expect(refused(REPORT_WORKFLOW, 'return', 'SUBMITTED', caller(['DEPUTY_MAYOR']))).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'Say why the report is returned.',
      field: 'reason',
    });
  });

  test('R-5.1 appointments: proposed and withdrawn by the system administrator, decided by the confirming authority', () => {
    expect(summary(PROPOSAL_WORKFLOW)).toEqual({
      propose: 'NONE → PROPOSED by SYSTEM_ADMINISTRATOR',
      confirm: 'PROPOSED → CONFIRMED by CONFIRMING_AUTHORITY',
      decline: 'PROPOSED → DECLINED by CONFIRMING_AUTHORITY (reason)',
      withdraw: 'PROPOSED → WITHDRAWN by SYSTEM_ADMINISTRATOR (reason)',
    });
    // Nothing leaves a decision: a wanted appointment is proposed again.
    expect(said(PROPOSAL_WORKFLOW, 'confirm', 'DECLINED', caller(), { rules: { CONFIRMING_AUTHORITY: true } })).toBe(
      'The appointment was already declined, so it cannot be confirmed now; ' +
        'if it is still wanted, the system administrator proposes it again.',
    );
    expect(said(PROPOSAL_WORKFLOW, 'propose', 'NONE', caller(['WKS_DIRECTOR']))).toBe(
      'Only the system administrator may record who holds a function or heads a unit.',
    );
  });

  test('R-5.1 the confirming authority: a confirmer of the function, but never the proposer nor the appointee', () => {
    const proposal = { function: 'EDITOR_IN_CHIEF' as const, personId: 'appointee', proposedByPersonId: 'proposer' };
    const answer = (roles: Role[], personId: string, fn: FunctionName = 'EDITOR_IN_CHIEF') =>
      confirmingAuthority(caller(roles, personId), 'confirm', { ...proposal, function: fn });
    expect(answer(['WKS_DIRECTOR'], 'someone')).toBe(true);
    expect(answer(['DEPUTY_MAYOR'], 'someone')).toBe(true);
    expect(answer(['SYSTEM_ADMINISTRATOR'], 'someone')).toMatch(/^Only the Director of WKS or the Deputy Mayor/);
    expect(answer(['WKS_DIRECTOR'], 'proposer')).toMatch(/^No one decides on their own proposal/);
    expect(answer(['WKS_DIRECTOR'], 'appointee')).toMatch(/^No one decides on their own appointment/);
    // The DPO is confirmed by the Deputy Mayor only (R-3.1: not by those the DPO oversees).
    expect(answer(['WKS_DIRECTOR'], 'someone', 'DPO')).toMatch(/^Only the Deputy Mayor/);
  });
});
