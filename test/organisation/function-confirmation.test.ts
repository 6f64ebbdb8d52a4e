/**
 * Issue 12, "The system administrator can make himself editor-in-chief": the Mayor's structure, not who
 * records an appointment, decides who holds a function that carries power over MPI. The
 * system administrator proposes; the authority the order gives confirms (the Director of WKS for the
 * editor-in-chief); no one confirms their own proposal or appointment; a declined one never takes effect.
 */
import { sampleId } from '../../subgraphs/common/sample';
import {
  ASSIGN_FUNCTION,
  CONFIRM_FUNCTION,
  DECLINE_FUNCTION,
  ISSUE_ORDER,
  PROPOSE_FUNCTION,
  WITHDRAW_FUNCTION_PROPOSAL,
} from '../support/operations';
import { errorCodes, startTestPlatform, type GraphQLResponse, type TestPlatform } from '../support/platform';

const person = (key: string) => sampleId(`person:${key}`);
const unit = (key: string) => sampleId(`unit:${key}`);

const AUDIT =
  'query($subjectId: ID) { auditLog(subjectId: $subjectId, first: 20) { nodes { action actorLogin basis details } } }';
const ROLES_OF = 'query($id: ID!) { person(id: $id) { roles } }';
const EDITORS_IN_CHIEF = '{ functionHolders(function: EDITOR_IN_CHIEF) { person { name } } }';
const CATEGORY = {
  name: 'Wydarzenia',
  preparedBy: [person('kultura-clerk')],
  updatedBy: [person('kultura-clerk')],
  publishedBy: [person('kultura-clerk')],
};
const WAITING = '{ functionProposals { nodes { id function person { name } state } } }';

describe('appointments to functions that carry power are confirmed by the authority the order gives (R-5.1)', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(() => platform?.stop());

  const roles = async (key: string): Promise<string[]> =>
    (await platform.query(ROLES_OF, { id: person(key) })).data!.person.roles;
  const editorsInChief = async () =>
    (await platform.query(EDITORS_IN_CHIEF)).data!.functionHolders.map(
      (h: { person: { name: string } }) => h.person.name,
    );
  const propose = (fn: string, key: string, as = 'jan.wojcik') =>
    platform.query(
      PROPOSE_FUNCTION,
      { input: { function: fn, personId: person(key), basis: 'Zarządzenie nr 2100/2026' } },
      as,
    );
  const proposalId = (response: GraphQLResponse) => {
    expect(response.errors).toBeUndefined();
    return response.data!.proposeFunction.id as string;
  };
  const auditOf = async (subjectId: string, actions: string[]) => {
    const deadline = Date.now() + 15_000;
    let entries: { action: string; actorLogin: string; basis: string; details: string }[] = [];
    while (Date.now() < deadline) {
      entries = (await platform.query(AUDIT, { subjectId }, 'katarzyna.lewandowska')).data!.auditLog.nodes;
      if (actions.every((action) => entries.some((e) => e.action === action))) break;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    return entries;
  };

  test('R-5.1 the system administrator cannot make himself editor-in-chief, in one step or by proposal', async () => {
    const assigned = await platform.query(
      ASSIGN_FUNCTION,
      { input: { function: 'EDITOR_IN_CHIEF', personId: person('sysadmin'), basis: 'x' } },
      'jan.wojcik',
    );
    expect(errorCodes(assigned)).toEqual(['FORBIDDEN']);
    const proposed = await propose('EDITOR_IN_CHIEF', 'sysadmin');
    expect(errorCodes(proposed)).toEqual(['FORBIDDEN']);
    expect(proposed.errors![0].message).toMatch(/for themselves/);
    expect(await roles('sysadmin')).toEqual(['SYSTEM_ADMINISTRATOR']);
    expect(errorCodes(await platform.query(AUDIT, {}, 'jan.wojcik'))).toEqual(['FORBIDDEN']);
  });

  test('R-5.1 the system administrator cannot appoint anyone editor-in-chief in one step: a proposal gives no role until confirmed', async () => {
    const oneStep = await platform.query(
      ASSIGN_FUNCTION,
      { input: { function: 'EDITOR_IN_CHIEF', personId: person('kultura-clerk'), basis: 'x' } },
      'jan.wojcik',
    );
    expect(errorCodes(oneStep)).toEqual(['FORBIDDEN']);
    expect(oneStep.errors![0].message).toMatch(/proposeFunction.*the Director of WKS or the Deputy Mayor/);

    const proposed = await propose('EDITOR_IN_CHIEF', 'kultura-clerk');
    expect(proposed.errors).toBeUndefined();
    expect(proposed.data!.proposeFunction).toMatchObject({
      function: 'EDITOR_IN_CHIEF',
      state: 'PROPOSED',
      confirmableBy: ['WKS_DIRECTOR', 'DEPUTY_MAYOR'],
      person: { name: 'Paweł Mazur' },
      proposedBy: { name: 'Jan Wójcik' },
      decidedBy: null,
      holding: null,
    });
    // Paweł Mazur is not editor-in-chief: no role, no audit log; Piotr Nowak still is.
    expect(await roles('kultura-clerk')).toEqual([]);
    expect(errorCodes(await platform.query(AUDIT, {}, 'pawel.mazur'))).toEqual(['FORBIDDEN']);
    expect(await editorsInChief()).toEqual(['Piotr Nowak']);
    const waiting = await platform.query(WAITING, {}, 'ewa.dabrowska');
    expect(waiting.data!.functionProposals.nodes).toEqual([
      {
        id: proposed.data!.proposeFunction.id,
        function: 'EDITOR_IN_CHIEF',
        person: { name: 'Paweł Mazur' },
        state: 'PROPOSED',
      },
    ]);
    // One appointment waits per function: a second proposal is refused until the first is decided.
    expect(errorCodes(await propose('EDITOR_IN_CHIEF', 'kultura-staff-1'))).toEqual(['CONFLICT']);
  });

  test('R-5.1 the proposer cannot confirm, nor can the appointee or anyone without the authority', async () => {
    const id = (await platform.query(WAITING, {}, 'jan.wojcik')).data!.functionProposals.nodes[0].id;
    for (const login of [
      'jan.wojcik',
      'pawel.mazur',
      'piotr.nowak',
      'anna.kowalczyk',
      'katarzyna.lewandowska',
      'marek.kaminski',
    ]) {
      const response = await platform.query(CONFIRM_FUNCTION, { id }, login);
      expect(errorCodes(response)).toEqual(['FORBIDDEN']);
    }
    expect(errorCodes(await platform.query(CONFIRM_FUNCTION, { id }))).toEqual(['UNAUTHENTICATED']);
    expect(await roles('kultura-clerk')).toEqual([]);
    expect(await editorsInChief()).toEqual(['Piotr Nowak']);
  });

  test('R-5.1 the Director of WKS confirms: the editor-in-chief takes over on the next request, with the audit log, and it is logged', async () => {
    const id = (await platform.query(WAITING, {}, 'jan.wojcik')).data!.functionProposals.nodes[0].id;
    const confirmed = await platform.query(CONFIRM_FUNCTION, { id }, 'ewa.dabrowska');
    expect(confirmed.errors).toBeUndefined();
    expect(confirmed.data!.confirmFunctionProposal).toMatchObject({
      state: 'CONFIRMED',
      decidedBy: { name: 'Ewa Dąbrowska' },
      holding: { active: true },
    });

    expect(await roles('kultura-clerk')).toEqual(
      expect.arrayContaining(['EDITOR_IN_CHIEF', 'EDITORIAL_OFFICE_MEMBER']),
    );
    expect(await roles('editor-in-chief')).not.toContain('EDITOR_IN_CHIEF');
    expect(await editorsInChief()).toEqual(['Paweł Mazur']);
    expect((await platform.query(AUDIT, {}, 'pawel.mazur')).errors).toBeUndefined();
    // Decided once: a second confirmation is a conflict, and nothing waits any more.
    expect(errorCodes(await platform.query(CONFIRM_FUNCTION, { id }, 'andrzej.kozlowski'))).toEqual(['CONFLICT']);
    expect((await platform.query(WAITING, {}, 'jan.wojcik')).data!.functionProposals.nodes).toEqual([]);

    const entries = await auditOf(id, ['FUNCTION_PROPOSED', 'FUNCTION_CONFIRMED']);
    expect(entries.map((e) => [e.action, e.actorLogin])).toEqual([
      ['FUNCTION_CONFIRMED', 'ewa.dabrowska'],
      ['FUNCTION_PROPOSED', 'jan.wojcik'],
    ]);
    const details = JSON.parse(entries[0].details);
    expect(details).toMatchObject({
      function: 'EDITOR_IN_CHIEF',
      personId: person('kultura-clerk'),
      holdingId: confirmed.data!.confirmFunctionProposal.holding.id,
    });
    expect(details.ended).toEqual([{ holdingId: expect.any(String), personId: person('editor-in-chief') }]);
  });

  test('R-5.1 a declined proposal never takes effect; the reason is kept and logged', async () => {
    const id = proposalId(await propose('EDITOR_IN_CHIEF', 'kultura-staff-1'));
    expect(errorCodes(await platform.query(DECLINE_FUNCTION, { id, reason: ' ' }, 'ewa.dabrowska'))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(errorCodes(await platform.query(DECLINE_FUNCTION, { id, reason: 'Nie ta osoba' }, 'jan.wojcik'))).toEqual([
      'FORBIDDEN',
    ]);
    const declined = await platform.query(
      DECLINE_FUNCTION,
      { id, reason: 'Brak zarządzenia Prezydenta w tej sprawie.' },
      'andrzej.kozlowski',
    );
    expect(declined.errors).toBeUndefined();
    expect(declined.data!.declineFunctionProposal).toMatchObject({
      state: 'DECLINED',
      reason: 'Brak zarządzenia Prezydenta w tej sprawie.',
      decidedBy: { name: 'Andrzej Kozłowski' },
      holding: null,
    });
    expect(errorCodes(await platform.query(CONFIRM_FUNCTION, { id }, 'ewa.dabrowska'))).toEqual(['CONFLICT']);
    expect(await roles('kultura-staff-1')).toEqual([]);
    expect(await editorsInChief()).toEqual(['Paweł Mazur']);
    const entries = await auditOf(id, ['FUNCTION_PROPOSED', 'FUNCTION_DECLINED']);
    expect(entries[0]).toMatchObject({
      action: 'FUNCTION_DECLINED',
      actorLogin: 'andrzej.kozlowski',
      basis: 'Brak zarządzenia Prezydenta w tej sprawie.',
    });

    // A proposal made by mistake is withdrawn by the system administrator, and never takes effect either.
    const mistaken = proposalId(await propose('DPO', 'kultura-staff-2'));
    expect(
      errorCodes(
        await platform.query(WITHDRAW_FUNCTION_PROPOSAL, { id: mistaken, reason: 'Pomyłka' }, 'andrzej.kozlowski'),
      ),
    ).toEqual(['FORBIDDEN']);
    const withdrawn = await platform.query(
      WITHDRAW_FUNCTION_PROPOSAL,
      { id: mistaken, reason: 'Pomyłka' },
      'jan.wojcik',
    );
    expect(withdrawn.data!.withdrawFunctionProposal).toMatchObject({ state: 'WITHDRAWN', reason: 'Pomyłka' });
    expect(errorCodes(await platform.query(CONFIRM_FUNCTION, { id: mistaken }, 'andrzej.kozlowski'))).toEqual([
      'CONFLICT',
    ]);
    expect(await roles('kultura-staff-2')).toEqual([]);
  });

  test('R-3.1 R-3.2 R-7.1 each function has its own authority: the Director of WKS confirms neither the DPO, the BIP admin nor her successor', async () => {
    const cases: [string, string[]][] = [
      ['DPO', ['DEPUTY_MAYOR']],
      ['BIP_ADMIN', ['DEPUTY_MAYOR']],
      ['WKS_DIRECTOR', ['DEPUTY_MAYOR']],
      ['SYSTEM_ADMINISTRATOR', ['WKS_DIRECTOR', 'DEPUTY_MAYOR']],
      ['DEPUTY_MAYOR', ['WKS_DIRECTOR']],
    ];
    for (const [fn, confirmers] of cases) {
      const proposed = await propose(fn, 'kultura-staff-2');
      expect(proposed.data!.proposeFunction.confirmableBy).toEqual(confirmers);
      const id = proposed.data!.proposeFunction.id;
      if (!confirmers.includes('WKS_DIRECTOR'))
        expect(errorCodes(await platform.query(CONFIRM_FUNCTION, { id }, 'ewa.dabrowska'))).toEqual(['FORBIDDEN']);
      expect(
        (await platform.query(WITHDRAW_FUNCTION_PROPOSAL, { id, reason: 'Sprawdzenie' }, 'jan.wojcik')).errors,
      ).toBeUndefined();
    }
    expect(await roles('kultura-staff-2')).toEqual([]);
  });

  test('R-4.1 an ordinary headship is still recorded in one step, and needs no proposal', async () => {
    const assigned = await platform.query(
      ASSIGN_FUNCTION,
      {
        input: {
          function: 'UNIT_HEAD',
          unitId: unit('kultura'),
          personId: person('kultura-staff-3'),
          basis: 'Powołanie z dnia 2026-11-26',
        },
      },
      'jan.wojcik',
    );
    expect(assigned.errors).toBeUndefined();
    expect(assigned.data!.assignFunction).toMatchObject({ function: 'UNIT_HEAD', active: true });
    expect(await roles('kultura-staff-3')).toContain('UNIT_HEAD');
    const byOldHead = await platform.query(
      ISSUE_ORDER,
      { input: { unitId: unit('kultura'), number: 'KD-20/2026', issuedOn: '2026-11-26', categories: [CATEGORY] } },
      'maria.wisniewska',
    );
    expect(errorCodes(byOldHead)).toEqual(['FORBIDDEN']);
    const proposed = await platform.query(
      PROPOSE_FUNCTION,
      { input: { function: 'UNIT_HEAD', personId: person('kultura-head'), basis: 'x' } },
      'jan.wojcik',
    );
    expect(errorCodes(proposed)).toEqual(['BAD_USER_INPUT']);
  });

  test('R-5.1 a system administrator who also holds the confirming function still cannot confirm his own proposal', async () => {
    // The Director of WKS becomes system administrator too: proposed by Jan Wójcik, confirmed by the Deputy Mayor, not by herself.
    const id = proposalId(await propose('SYSTEM_ADMINISTRATOR', 'wks-director'));
    const byAppointee = await platform.query(CONFIRM_FUNCTION, { id }, 'ewa.dabrowska');
    expect(errorCodes(byAppointee)).toEqual(['FORBIDDEN']);
    expect(byAppointee.errors![0].message).toMatch(/own appointment/);
    expect((await platform.query(CONFIRM_FUNCTION, { id }, 'andrzej.kozlowski')).errors).toBeUndefined();
    expect(await roles('wks-director')).toEqual(expect.arrayContaining(['WKS_DIRECTOR', 'SYSTEM_ADMINISTRATOR']));
    expect(errorCodes(await propose('EDITOR_IN_CHIEF', 'editor-2', 'jan.wojcik'))).toEqual(['FORBIDDEN']);

    const own = proposalId(await propose('EDITOR_IN_CHIEF', 'editor-2', 'ewa.dabrowska'));
    const byProposer = await platform.query(CONFIRM_FUNCTION, { id: own }, 'ewa.dabrowska');
    expect(errorCodes(byProposer)).toEqual(['FORBIDDEN']);
    expect(byProposer.errors![0].message).toMatch(/own proposal/);
    expect(await roles('editor-2')).not.toContain('EDITOR_IN_CHIEF');
    expect((await platform.query(CONFIRM_FUNCTION, { id: own }, 'andrzej.kozlowski')).errors).toBeUndefined();
    expect(await roles('editor-2')).toContain('EDITOR_IN_CHIEF');
  });
});
