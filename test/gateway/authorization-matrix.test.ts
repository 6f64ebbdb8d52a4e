/**
 * Every mutation of the organisation and access subgraphs, run as every role. Each cell asserts
 * allowed (the act succeeds) or refused (FORBIDDEN, or UNAUTHENTICATED when anonymous). Deny by
 * default: a role not listed as allowed must be refused. Each cell gets fresh state from `setup`
 * and leaves none behind through `cleanup`, so cells do not depend on each other.
 */
import { sampleId } from '../../subgraphs/common/sample';
import {
  ASSIGN_FUNCTION,
  DESIGNATE,
  GRANT,
  ISSUE_ORDER,
  REACTIVATE,
  REGISTER,
  REVOKE,
  SUSPEND,
  WITHDRAW_DESIGNATION,
} from '../support/operations';
import { errorCodes, startTestPlatform, type GraphQLResponse, type TestPlatform } from '../support/platform';

const unit = (key: string) => sampleId(`unit:${key}`);
const person = (key: string) => sampleId(`person:${key}`);
const channel = (key: string) => sampleId(`channel:${key}`);
const account = (login: string) => sampleId(`account:${login}`);

/** The roles of the matrix, by a sample login that holds exactly that role (null: anonymous). */
const ROLES: Record<string, string | null> = {
  anonymous: null,
  'plain account': 'pawel.mazur',
  'designated publisher': 'tomasz.zielinski',
  'unit head (same unit)': 'maria.wisniewska',
  'unit head (other unit)': 'barbara.jankowska',
  'editorial-office member': 'anna.kowalczyk',
  'editor-in-chief': 'piotr.nowak',
  'BIP admin': 'marek.kaminski',
  'system administrator': 'jan.wojcik',
  DPO: 'katarzyna.lewandowska',
  'suspended account': 'zofia.krawczyk',
};

type Ask = (query: string, variables: Record<string, unknown>, as: string) => Promise<GraphQLResponse>;

interface Row {
  mutation: string;
  allowed: string[];
  /** Prepares the state the act needs; returns the variables. `cell` is unique per cell. */
  setup(ask: Ask, cell: number): Promise<Record<string, unknown>>;
  query: string;
  /** Undoes what setup or an allowed act left behind. */
  cleanup?(ask: Ask, variables: Record<string, unknown>, response: GraphQLResponse): Promise<void>;
}

const FREE_PEOPLE = ['kultura-staff-1', 'kultura-staff-2', 'kultura-staff-3', 'edukacja-staff-1', 'edukacja-staff-2', 'zdmk-staff-1', 'mops-staff-1', 'zzm-staff-1', 'gk-deputy', 'rmm-head', 'it-director', 'won-director'];
const EDITORIAL = ['editorial-office member', 'editor-in-chief'];

const ROWS: Row[] = [
  {
    mutation: 'assignFunction',
    allowed: ['system administrator'],
    query: ASSIGN_FUNCTION,
    setup: async () => ({ input: { function: 'UNIT_HEAD', unitId: unit('gk'), personId: person('gk-deputy'), basis: 'Powołanie' } }),
    cleanup: async (ask, _, response) => {
      if (!response.errors) await ask(ASSIGN_FUNCTION, { input: { function: 'UNIT_HEAD', unitId: unit('gk'), personId: person('gk-head'), basis: 'Powrót' } }, 'jan.wojcik');
    },
  },
  {
    mutation: 'issueInternalOrder',
    allowed: ['unit head (same unit)'],
    query: ISSUE_ORDER,
    setup: async (_, cell) => ({
      input: {
        unitId: unit('kultura'),
        number: `KD-M${cell}/2026`,
        issuedOn: '2026-11-25',
        categories: [{ name: 'Wydarzenia', preparedBy: [person('kultura-clerk')], updatedBy: [person('kultura-clerk')], publishedBy: [person('kultura-publisher')] }],
      },
    }),
  },
  {
    mutation: 'designatePublisher',
    allowed: ['unit head (same unit)'],
    query: DESIGNATE,
    setup: async () => ({ input: { unitId: unit('kultura'), personId: person('kultura-staff-3'), channelIds: [channel('portal')] } }),
    cleanup: async (ask, _, response) => {
      const id = response.data?.designatePublisher?.id;
      if (id) await ask(WITHDRAW_DESIGNATION, { id, reason: 'cleanup' }, 'maria.wisniewska');
    },
  },
  {
    mutation: 'withdrawDesignation',
    allowed: ['unit head (same unit)'],
    query: WITHDRAW_DESIGNATION,
    setup: async (ask) => {
      const made = await ask(DESIGNATE, { input: { unitId: unit('kultura'), personId: person('kultura-staff-3') } }, 'maria.wisniewska');
      return { id: made.data!.designatePublisher.id, reason: 'Zmiana obowiązków' };
    },
    cleanup: async (ask, variables, response) => {
      if (response.errors) await ask(WITHDRAW_DESIGNATION, { id: variables.id, reason: 'cleanup' }, 'maria.wisniewska');
    },
  },
  {
    mutation: 'registerAccount',
    allowed: [...EDITORIAL, 'system administrator'],
    query: REGISTER,
    setup: async (_, cell) => ({ input: { login: `matrix.user${cell}`, personId: person(FREE_PEOPLE[cell % FREE_PEOPLE.length]) } }),
  },
  {
    mutation: 'suspendAccount',
    allowed: EDITORIAL,
    query: SUSPEND,
    setup: async () => ({ id: account('magdalena.wrobel'), reason: 'Incydent' }),
    cleanup: async (ask, variables, response) => {
      if (!response.errors) await ask(REACTIVATE, { id: variables.id, reason: 'cleanup' }, 'anna.kowalczyk');
    },
  },
  {
    mutation: 'reactivateAccount',
    allowed: EDITORIAL,
    query: REACTIVATE,
    setup: async (ask) => {
      await ask(SUSPEND, { id: account('magdalena.wrobel'), reason: 'setup' }, 'anna.kowalczyk');
      return { id: account('magdalena.wrobel'), reason: 'Wyjaśnione' };
    },
    cleanup: async (ask, variables, response) => {
      if (response.errors) await ask(REACTIVATE, { id: variables.id, reason: 'cleanup' }, 'anna.kowalczyk');
    },
  },
  {
    mutation: 'grantPermission',
    allowed: EDITORIAL,
    query: GRANT,
    setup: async () => ({ input: { accountId: account('tomasz.zielinski'), permission: 'PUBLISH', unitId: unit('kultura'), channelId: channel('app') } }),
    cleanup: async (ask, _, response) => {
      const id = response.data?.grantPermission?.id;
      if (id) await ask(REVOKE, { id, reason: 'cleanup' }, 'anna.kowalczyk');
    },
  },
  {
    mutation: 'grantPermission (BIP channel)',
    allowed: ['BIP admin'],
    query: GRANT,
    setup: async () => ({ input: { accountId: account('marek.kaminski'), permission: 'MANAGE_SECTIONS', channelId: channel('bip') } }),
    cleanup: async (ask, _, response) => {
      const id = response.data?.grantPermission?.id;
      if (id) await ask(REVOKE, { id, reason: 'cleanup' }, 'marek.kaminski');
    },
  },
  {
    mutation: 'revokeGrant',
    allowed: EDITORIAL,
    query: REVOKE,
    setup: async (ask) => {
      const made = await ask(GRANT, { input: { accountId: account('tomasz.zielinski'), permission: 'MANAGE_SECTIONS', channelId: channel('portal') } }, 'anna.kowalczyk');
      return { id: made.data!.grantPermission.id, reason: 'Koniec współpracy' };
    },
    cleanup: async (ask, variables, response) => {
      if (response.errors) await ask(REVOKE, { id: variables.id, reason: 'cleanup' }, 'anna.kowalczyk');
    },
  },
  {
    mutation: 'revokeGrant (BIP channel)',
    allowed: ['BIP admin'],
    query: REVOKE,
    setup: async (ask) => {
      const made = await ask(GRANT, { input: { accountId: account('marek.kaminski'), permission: 'MANAGE_SECTIONS', channelId: channel('bip') } }, 'marek.kaminski');
      return { id: made.data!.grantPermission.id, reason: 'Koniec współpracy' };
    },
    cleanup: async (ask, variables, response) => {
      if (response.errors) await ask(REVOKE, { id: variables.id, reason: 'cleanup' }, 'marek.kaminski');
    },
  },
];

describe('authorization matrix: every mutation of organisation and access, as every role', () => {
  let platform: TestPlatform;
  let ask: Ask;
  beforeAll(async () => {
    platform = await startTestPlatform();
    ask = async (query, variables, as) => {
      const response = await platform.query(query, variables, as);
      if (response.errors) throw new Error(`setup/cleanup failed: ${JSON.stringify(response.errors)}`);
      return response;
    };
  });
  afterAll(() => platform?.stop());

  let cell = 0;
  const cells = ROWS.flatMap((row) => Object.keys(ROLES).map((role) => [row, role] as const));

  test.each(cells.map(([row, role]) => [row.mutation, role, row.allowed.includes(role) ? 'allowed' : 'refused', row] as const))(
    'R-5.2.4 R-4.2 R-4.3 R-3.2 %s as %s: %s',
    async (_mutation, role, expected, row) => {
      cell += 1;
      const variables = await row.setup(ask, cell);
      const login = ROLES[role];
      const response = login ? await platform.query(row.query, variables, login) : await platform.query(row.query, variables);
      await row.cleanup?.(ask, variables, response);
      if (expected === 'allowed') {
        expect(response.errors).toBeUndefined();
      } else {
        expect(errorCodes(response)).toEqual([login === null ? 'UNAUTHENTICATED' : 'FORBIDDEN']);
      }
    },
  );

  test('the matrix covers every public mutation of organisation and access', async () => {
    const schema = await platform.query('{ __type(name: "Mutation") { fields { name } } }');
    const all = schema.data!.__type.fields.map((f: { name: string }) => f.name);
    const covered = new Set(ROWS.map((row) => row.mutation.split(' ')[0]));
    const ofTheseSubgraphs = ['assignFunction', 'issueInternalOrder', 'designatePublisher', 'withdrawDesignation', 'registerAccount', 'suspendAccount', 'reactivateAccount', 'grantPermission', 'revokeGrant'];
    expect(all).toEqual(expect.arrayContaining(ofTheseSubgraphs));
    for (const name of ofTheseSubgraphs) expect(covered).toContain(name);
    console.log(`authorization matrix: ${Object.keys(ROLES).length} roles x ${ROWS.length} mutation rows = ${cells.length} cells`);
  });
});
