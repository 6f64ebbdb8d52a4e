import { sampleId } from '../../subgraphs/common/sample';
import { ASSIGN_FUNCTION, CONFIRM_FUNCTION, ISSUE_ORDER, PROPOSE_FUNCTION } from '../support/operations';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';

const unit = (key: string) => sampleId(`unit:${key}`);
const person = (key: string) => sampleId(`person:${key}`);

const ORDERS_OF_KULTURA = /* GraphQL */ `
  query Orders($unitId: ID!) {
    unit(id: $unitId) {
      internalOrder {
        number
        version
        inForce
      }
      internalOrders {
        nodes {
          number
          version
          inForce
          supersededAt
          supersededBy {
            number
          }
          issuedBy {
            name
          }
          categories {
            name
          }
        }
      }
    }
  }
`;

function order(number: string, categories?: unknown[]) {
  return {
    unitId: unit('kultura'),
    number,
    issuedOn: '2026-11-20',
    categories: categories ?? [
      {
        name: 'Wydarzenia kulturalne',
        description: 'Zapowiedzi wydarzeń',
        preparedBy: [person('kultura-clerk')],
        updatedBy: [person('kultura-publisher')],
        publishedBy: [person('kultura-publisher'), person('kultura-staff-1')],
      },
    ],
  };
}

describe('internal orders and functions', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(() => platform?.stop());

  test('R-4.2 a unit head issues a new order with named responsibility; it supersedes the one in force, which stays readable', async () => {
    const issued = await platform.query(ISSUE_ORDER, { input: order('KD-2/2026') }, 'maria.wisniewska');
    expect(issued.errors).toBeUndefined();
    expect(issued.data!.issueInternalOrder).toEqual({
      id: expect.any(String),
      number: 'KD-2/2026',
      issuedOn: '2026-11-20',
      version: 2,
      inForce: true,
      categories: [
        {
          name: 'Wydarzenia kulturalne',
          preparedBy: [{ name: 'Paweł Mazur' }],
          updatedBy: [{ name: 'Tomasz Zieliński' }],
          publishedBy: expect.arrayContaining([{ name: 'Tomasz Zieliński' }, { name: 'Jakub Wieczorek' }]),
        },
      ],
    });
    const history = await platform.query(ORDERS_OF_KULTURA, { unitId: unit('kultura') }, 'pawel.mazur');
    expect(history.data!.unit.internalOrder).toEqual({ number: 'KD-2/2026', version: 2, inForce: true });
    const [current, previous] = history.data!.unit.internalOrders.nodes;
    expect(current).toMatchObject({
      number: 'KD-2/2026',
      inForce: true,
      supersededAt: null,
      issuedBy: { name: 'Maria Wiśniewska' },
    });
    expect(previous).toMatchObject({
      number: 'KD-1/2026',
      version: 1,
      inForce: false,
      supersededBy: { number: 'KD-2/2026' },
    });
    expect(previous.categories.map((c: { name: string }) => c.name)).toEqual([
      'Wydarzenia kulturalne',
      'Konkursy i dotacje',
    ]);
  });

  test('R-4.2 exactly one order is in force even when two are issued at the same moment', async () => {
    const results = await Promise.all(
      ['KD-3/2026', 'KD-4/2026', 'KD-5/2026'].map((number) =>
        platform.query(ISSUE_ORDER, { input: order(number) }, 'maria.wisniewska'),
      ),
    );
    for (const result of results) {
      if (result.errors) expect(errorCodes(result)).toEqual(['CONFLICT']);
    }
    const history = await platform.query(ORDERS_OF_KULTURA, { unitId: unit('kultura') }, 'pawel.mazur');
    const orders = history.data!.unit.internalOrders.nodes;
    expect(orders.filter((o: { inForce: boolean }) => o.inForce)).toHaveLength(1);
    const versions = orders.map((o: { version: number }) => o.version);
    expect(new Set(versions).size).toBe(versions.length);
  });

  test("R-4.2 an order names the unit's own people, for every duty, under a number not used before", async () => {
    const stranger = order('KD-9/2026', [
      {
        name: 'Dotacje',
        preparedBy: [person('edukacja-publisher')],
        updatedBy: [person('kultura-clerk')],
        publishedBy: [person('kultura-clerk')],
      },
    ]);
    const nobody = order('KD-9/2026', [
      { name: 'Dotacje', preparedBy: [person('kultura-clerk')], updatedBy: [], publishedBy: [person('kultura-clerk')] },
    ]);
    const cases: [unknown, string, RegExp][] = [
      [stranger, 'BAD_USER_INPUT', /Magdalena Wróbel does not work in this unit/],
      [nobody, 'BAD_USER_INPUT', /names nobody in "updatedBy"/],
      [{ ...order('KD-9/2026'), issuedOn: '2026-02-30' }, 'BAD_USER_INPUT', /YYYY-MM-DD/],
      [order('KD-1/2026'), 'CONFLICT', /already has an order numbered "KD-1\/2026"/],
    ];
    for (const [input, code, message] of cases) {
      const response = await platform.query(ISSUE_ORDER, { input }, 'maria.wisniewska');
      expect(errorCodes(response)).toEqual([code]);
      expect(response.errors![0].message).toMatch(message);
    }
  });

  test('orders and designations are internal: anonymous callers are told to sign in', async () => {
    const response = await platform.query('query($u: ID!) { unit(id: $u) { name internalOrder { number } } }', {
      u: unit('kultura'),
    });
    expect(response.data!.unit).toEqual({ name: 'Wydział Kultury i Dziedzictwa Narodowego', internalOrder: null });
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
  });

  test('R-5.1 a new editor-in-chief takes over on the next request; the previous holding stays as history', async () => {
    // Proposed by the system administrator, confirmed by the Director of WKS (test/organisation/function-confirmation.test.ts).
    const proposed = await platform.query(
      PROPOSE_FUNCTION,
      { input: { function: 'EDITOR_IN_CHIEF', personId: person('editor-1'), basis: 'Zarządzenie nr 2001/2026' } },
      'jan.wojcik',
    );
    expect(proposed.errors).toBeUndefined();
    const confirmed = await platform.query(
      CONFIRM_FUNCTION,
      { id: proposed.data!.proposeFunction.id },
      'ewa.dabrowska',
    );
    expect(confirmed.errors).toBeUndefined();
    const roles = async (login: string) =>
      (await platform.query('{ viewer { person { roles } } }', {}, login)).data!.viewer.person.roles;
    expect(await roles('anna.kowalczyk')).toContain('EDITOR_IN_CHIEF');
    expect(await roles('piotr.nowak')).not.toContain('EDITOR_IN_CHIEF');
    const history = await platform.query(
      '{ functionHolders(function: EDITOR_IN_CHIEF, includeEnded: true) { person { name } active basis } }',
    );
    expect(history.data!.functionHolders).toEqual([
      { person: { name: 'Anna Kowalczyk' }, active: true, basis: 'Zarządzenie nr 2001/2026' },
      { person: { name: 'Piotr Nowak' }, active: false, basis: 'Dane przykładowe' },
    ]);
  });

  test("R-4.1 a new unit head gains the head's powers and the old head loses them at once", async () => {
    const assigned = await platform.query(
      ASSIGN_FUNCTION,
      {
        input: {
          function: 'UNIT_HEAD',
          unitId: unit('kultura'),
          personId: person('kultura-staff-2'),
          basis: 'Powołanie z dnia 2026-11-25',
        },
      },
      'jan.wojcik',
    );
    expect(assigned.errors).toBeUndefined();
    const unitView = await platform.query(
      'query($u: ID!) { unit(id: $u) { head { name } headHistory { person { name } active } } }',
      { u: unit('kultura') },
    );
    expect(unitView.data!.unit.head).toEqual({ name: 'Natalia Majewska' });
    expect(unitView.data!.unit.headHistory.map((h: { active: boolean }) => h.active)).toEqual([true, false]);
    const byOldHead = await platform.query(ISSUE_ORDER, { input: order('KD-10/2026') }, 'maria.wisniewska');
    expect(errorCodes(byOldHead)).toEqual(['FORBIDDEN']);
  });

  test('bad appointments are refused with the reason', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      [ASSIGN_FUNCTION, { function: 'UNIT_HEAD', personId: person('gk-deputy'), basis: 'x' }, 'BAD_USER_INPUT'],
      [
        ASSIGN_FUNCTION,
        { function: 'DPO', personId: person('gk-deputy'), unitId: unit('gk'), basis: 'x' },
        'BAD_USER_INPUT',
      ],
      [
        ASSIGN_FUNCTION,
        { function: 'UNIT_HEAD', personId: person('gk-head'), unitId: unit('gk'), basis: 'x' },
        'CONFLICT',
      ],
      [PROPOSE_FUNCTION, { function: 'DPO', personId: person('dpo'), basis: 'x' }, 'CONFLICT'],
      [PROPOSE_FUNCTION, { function: 'DPO', personId: sampleId('person:nobody'), basis: 'x' }, 'NOT_FOUND'],
      [PROPOSE_FUNCTION, { function: 'DPO', personId: person('gk-deputy'), basis: '  ' }, 'BAD_USER_INPUT'],
    ];
    for (const [operation, input, code] of cases) {
      expect(errorCodes(await platform.query(operation, { input }, 'jan.wojcik'))).toEqual([code]);
    }
  });

  test('R-5.1 the system administrator cannot record a function for himself (editor-in-chief, then read the audit log)', async () => {
    const self = await platform.query(
      ASSIGN_FUNCTION,
      { input: { function: 'EDITOR_IN_CHIEF', personId: person('sysadmin'), basis: 'Zarządzenie' } },
      'jan.wojcik',
    );
    expect(errorCodes(self)).toEqual(['FORBIDDEN']);
    expect(self.errors![0].message).toMatch(/for themselves/);
    const roles = await platform.query('{ viewer { person { roles } } }', {}, 'jan.wojcik');
    expect(roles.data!.viewer.person.roles).not.toContain('EDITOR_IN_CHIEF');
  });
});
