/**
 * Every mutation of the organisation and access subgraphs, run as every role. Each cell asserts
 * allowed (the act succeeds) or refused (FORBIDDEN, or UNAUTHENTICATED when anonymous). Deny by
 * default: a role not listed as allowed must be refused. Each cell gets fresh state from `setup`
 * and leaves none behind through `cleanup`, so cells do not depend on each other.
 */
import crypto from 'node:crypto';
import { sampleId } from '../../subgraphs/common/sample';
import {
  ASSIGN_FUNCTION,
  CONFIRM_FUNCTION,
  DECLINE_FUNCTION,
  DESIGNATE,
  GRANT,
  ISSUE_ORDER,
  REACTIVATE,
  REGISTER,
  REVOKE,
  PROPOSE_FUNCTION,
  SUSPEND,
  WITHDRAW_DESIGNATION,
  WITHDRAW_FUNCTION_PROPOSAL,
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
  'WKS Director': 'ewa.dabrowska',
  'Deputy Mayor': 'andrzej.kozlowski',
};

type Ask = (query: string, variables: Record<string, unknown>, as: string) => Promise<GraphQLResponse>;

/** The login of the cell being run, for rows whose setup depends on who acts. */
let actingLogin: string | null = null;

interface Row {
  mutation: string;
  allowed: string[];
  /** Prepares the state the act needs; returns the variables. `cell` is unique per cell. */
  setup(ask: Ask, cell: number, tolerant: Ask): Promise<Record<string, unknown>>;
  query: string;
  /** Undoes what setup or an allowed act left behind. */
  cleanup?(ask: Ask, variables: Record<string, unknown>, response: GraphQLResponse): Promise<void>;
}

/** Every grant rests on a designation: on BIP, the BIP admin's own, made by WON, which runs BIP. */
const BIP_GRANT = {
  accountId: account('marek.kaminski'),
  permission: 'PUBLISH',
  unitId: unit('won'),
  channelId: channel('bip'),
};
const GRANTS_OF_BIP_ADMIN = `query($id: ID!) { account(id: $id) { grants(first: 100) { nodes { id active channel { id } } } } }`;
async function bipGrantOfBipAdmin(ask: Ask): Promise<string> {
  const grants = (await ask(GRANTS_OF_BIP_ADMIN, { id: account('marek.kaminski') }, 'marek.kaminski')).data!.account
    .grants.nodes;
  return grants.find(
    (g: { active: boolean; channel: { id: string } | null }) => g.active && g.channel?.id === channel('bip'),
  ).id;
}

const FREE_PEOPLE = [
  'kultura-staff-1',
  'kultura-staff-2',
  'kultura-staff-3',
  'edukacja-staff-1',
  'edukacja-staff-2',
  'zdmk-staff-1',
  'mops-staff-1',
  'zzm-staff-1',
  'gk-deputy',
  'rmm-head',
  'it-director',
  'won-director',
];
const EDITORIAL = ['editorial-office member', 'editor-in-chief'];

const SUBMIT = 'mutation($input: SubmitServiceRequestInput!) { submitServiceRequest(input: $input) { id } }';
const DECIDE = 'mutation($input: DecideServiceRequestInput!) { decideServiceRequest(input: $input) { id } }';
const WITHDRAW_REQUEST =
  'mutation($id: ID!, $reason: String!) { withdrawServiceRequest(id: $id, reason: $reason) { id } }';
const LINK = 'mutation($f: ID!, $t: ID!) { linkChannels(fromChannelId: $f, toChannelId: $t, kind: LINKS_TO) { kind } }';
const UNLINK = 'mutation($f: ID!, $t: ID!) { unlinkChannels(fromChannelId: $f, toChannelId: $t) }';
const OPEN_TICKET = 'mutation($input: OpenTicketInput!) { openTicket(input: $input) { id } }';
const REPORT_ACT = (name: string) => `mutation($year: Int!) { ${name}(year: $year) { state } }`;
const OPEN_INCIDENT =
  'mutation($input: OpenIncidentInput!) { openIncident(input: $input) { id protectiveActions { id } } }';
const LIFT = 'mutation($id: ID!, $reason: String!) { liftProtectiveAction(id: $id, reason: $reason) { state } }';

const newService = (cell: number) => ({
  kind: 'NEW_SERVICE',
  unitId: unit('kultura'),
  proposedName: `Serwis macierzy ${cell}`,
  proposedKind: 'WEBSITE',
  proposedAddress: `https://m${cell}.krakow.pl`,
  description: 'Serwis testowy.',
  justification: 'Macierz uprawnień.',
  graphicLineVersion: '2024.1',
  checklist: [{ item: 'Herb', compliant: true }],
});

/** an editor-in-chief is proposed by the system administrator and confirmed by the Director of WKS or the Deputy Mayor. */
const EDITOR_IN_CHIEF_PROPOSAL = {
  function: 'EDITOR_IN_CHIEF',
  personId: person('kultura-staff-1'),
  basis: 'Zarządzenie',
};
async function proposeEditorInChief(ask: Ask): Promise<{ id: string }> {
  return {
    id: (await ask(PROPOSE_FUNCTION, { input: EDITOR_IN_CHIEF_PROPOSAL }, 'jan.wojcik')).data!.proposeFunction.id,
  };
}

const ROWS: Row[] = [
  {
    mutation: 'assignFunction',
    allowed: ['system administrator'],
    query: ASSIGN_FUNCTION,
    setup: async () => ({
      input: { function: 'UNIT_HEAD', unitId: unit('gk'), personId: person('gk-deputy'), basis: 'Powołanie' },
    }),
    cleanup: async (ask, _, response) => {
      if (!response.errors)
        await ask(
          ASSIGN_FUNCTION,
          { input: { function: 'UNIT_HEAD', unitId: unit('gk'), personId: person('gk-head'), basis: 'Powrót' } },
          'jan.wojcik',
        );
    },
  },
  {
    mutation: 'proposeFunction',
    allowed: ['system administrator'],
    query: PROPOSE_FUNCTION,
    setup: async () => ({ input: EDITOR_IN_CHIEF_PROPOSAL }),
    cleanup: async (ask, _, response) => {
      const id = response.data?.proposeFunction?.id;
      if (id) await ask(WITHDRAW_FUNCTION_PROPOSAL, { id, reason: 'cleanup' }, 'jan.wojcik');
    },
  },
  {
    mutation: 'confirmFunctionProposal',
    allowed: ['WKS Director', 'Deputy Mayor'],
    query: CONFIRM_FUNCTION,
    setup: proposeEditorInChief,
    cleanup: async (ask, variables, response) => {
      if (response.errors)
        return void (await ask(WITHDRAW_FUNCTION_PROPOSAL, { id: variables.id, reason: 'cleanup' }, 'jan.wojcik'));
      // Piotr Nowak back as editor-in-chief, the way any editor-in-chief is appointed.
      const back = await ask(
        PROPOSE_FUNCTION,
        { input: { ...EDITOR_IN_CHIEF_PROPOSAL, personId: person('editor-in-chief') } },
        'jan.wojcik',
      );
      await ask(CONFIRM_FUNCTION, { id: back.data!.proposeFunction.id }, 'ewa.dabrowska');
    },
  },
  {
    mutation: 'declineFunctionProposal',
    allowed: ['WKS Director', 'Deputy Mayor'],
    query: DECLINE_FUNCTION,
    setup: async (ask) => ({ ...(await proposeEditorInChief(ask)), reason: 'Brak podstawy' }),
    cleanup: async (ask, variables, response) => {
      if (response.errors) await ask(WITHDRAW_FUNCTION_PROPOSAL, { id: variables.id, reason: 'cleanup' }, 'jan.wojcik');
    },
  },
  {
    mutation: 'withdrawFunctionProposal',
    allowed: ['system administrator'],
    query: WITHDRAW_FUNCTION_PROPOSAL,
    setup: async (ask) => ({ ...(await proposeEditorInChief(ask)), reason: 'Pomyłka' }),
    cleanup: async (ask, variables, response) => {
      if (response.errors) await ask(WITHDRAW_FUNCTION_PROPOSAL, { id: variables.id, reason: 'cleanup' }, 'jan.wojcik');
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
        categories: [
          {
            name: 'Wydarzenia',
            preparedBy: [person('kultura-clerk')],
            updatedBy: [person('kultura-clerk')],
            publishedBy: [person('kultura-publisher')],
          },
        ],
      },
    }),
  },
  {
    mutation: 'designatePublisher',
    allowed: ['unit head (same unit)'],
    query: DESIGNATE,
    setup: async () => ({
      input: { unitId: unit('kultura'), personId: person('kultura-staff-3'), channelIds: [channel('portal')] },
    }),
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
      const made = await ask(
        DESIGNATE,
        { input: { unitId: unit('kultura'), personId: person('kultura-staff-3') } },
        'maria.wisniewska',
      );
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
    setup: async (_, cell) => ({
      input: { login: `matrix.user${cell}`, personId: person(FREE_PEOPLE[cell % FREE_PEOPLE.length]) },
    }),
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
    setup: async () => ({
      input: {
        accountId: account('tomasz.zielinski'),
        permission: 'PUBLISH',
        unitId: unit('kultura'),
        channelId: channel('app'),
      },
    }),
    cleanup: async (ask, _, response) => {
      const id = response.data?.grantPermission?.id;
      if (id) await ask(REVOKE, { id, reason: 'cleanup' }, 'anna.kowalczyk');
    },
  },
  {
    // The BIP admin's own grant on BIP is revoked first, so that granting it again is a fresh act in every cell.
    mutation: 'grantPermission (BIP channel)',
    allowed: ['BIP admin'],
    query: GRANT,
    setup: async (ask) => {
      await ask(REVOKE, { id: await bipGrantOfBipAdmin(ask), reason: 'setup' }, 'marek.kaminski');
      return { input: BIP_GRANT };
    },
    cleanup: async (ask, _, response) => {
      if (response.errors) await ask(GRANT, { input: BIP_GRANT }, 'marek.kaminski');
    },
  },
  {
    mutation: 'revokeGrant',
    allowed: EDITORIAL,
    query: REVOKE,
    setup: async (ask) => {
      const made = await ask(
        GRANT,
        {
          input: {
            accountId: account('tomasz.zielinski'),
            permission: 'PUBLISH',
            unitId: unit('kultura'),
            channelId: channel('app'),
          },
        },
        'anna.kowalczyk',
      );
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
    setup: async (ask) => ({ id: await bipGrantOfBipAdmin(ask), reason: 'Koniec współpracy' }),
    cleanup: async (ask, _, response) => {
      if (!response.errors) await ask(GRANT, { input: BIP_GRANT }, 'marek.kaminski');
    },
  },
  ...lifecycleRows(),
  ...incidentRows(),
  ...partnerRows(),
];

/** Brings a year's report to `state` as far as the workflow allows (the acting roles are the real ones). */
async function reportIn(tolerant: Ask, year: number, state: 'DRAFT' | 'SUBMITTED' | 'APPROVED'): Promise<void> {
  await tolerant(REPORT_ACT('generateAnnualReport'), { year }, 'ewa.dabrowska');
  if (state === 'DRAFT') return;
  await tolerant(REPORT_ACT('submitAnnualReport'), { year }, 'ewa.dabrowska');
  if (state === 'SUBMITTED') return;
  await tolerant(REPORT_ACT('approveAnnualReport'), { year }, 'andrzej.kozlowski');
}

function lifecycleRows(): Row[] {
  const editorial = ['editorial-office member', 'editor-in-chief'];
  const submitted = async (ask: Ask, cell: number) =>
    (await ask(SUBMIT, { input: newService(cell) }, 'maria.wisniewska')).data!.submitServiceRequest.id as string;
  const withdrawIfOpen = (tolerant: Ask) => async (_: Ask, variables: Record<string, unknown>) => {
    const id = (variables.id ?? (variables.input as { requestId?: string })?.requestId) as string;
    await tolerant(WITHDRAW_REQUEST, { id, reason: 'cleanup' }, 'maria.wisniewska');
  };
  let tolerantAsk: Ask;
  return [
    {
      mutation: 'submitServiceRequest',
      allowed: ['unit head (same unit)'],
      query: SUBMIT,
      setup: async (_, cell, tolerant) => ((tolerantAsk = tolerant), { input: newService(cell) }),
      cleanup: async (_, __, response) => {
        const id = response.data?.submitServiceRequest?.id;
        if (id) await tolerantAsk(WITHDRAW_REQUEST, { id, reason: 'cleanup' }, 'maria.wisniewska');
      },
    },
    {
      mutation: 'resubmitServiceRequest',
      allowed: ['unit head (same unit)'],
      query: 'mutation($id: ID!) { resubmitServiceRequest(id: $id, description: "Poprawione") { state } }',
      setup: async (ask, cell, tolerant) => {
        tolerantAsk = tolerant;
        const id = await submitted(ask, cell);
        await ask(DECIDE, { input: { requestId: id, decision: 'RETURN', rationale: 'Uzupełnić' } }, 'anna.kowalczyk');
        return { id };
      },
      cleanup: (ask, variables) => withdrawIfOpen(tolerantAsk)(ask, variables),
    },
    {
      mutation: 'withdrawServiceRequest',
      allowed: ['unit head (same unit)'],
      query: WITHDRAW_REQUEST,
      setup: async (ask, cell, tolerant) => (
        (tolerantAsk = tolerant),
        { id: await submitted(ask, cell), reason: 'Rezygnacja' }
      ),
      cleanup: (ask, variables) => withdrawIfOpen(tolerantAsk)(ask, variables),
    },
    {
      mutation: 'decideServiceRequest',
      allowed: editorial,
      query: DECIDE,
      setup: async (ask, cell, tolerant) => (
        (tolerantAsk = tolerant),
        { input: { requestId: await submitted(ask, cell), decision: 'REJECT', rationale: 'Niezgodne' } }
      ),
      cleanup: (ask, variables) => withdrawIfOpen(tolerantAsk)(ask, variables),
    },
    {
      mutation: 'linkChannels',
      allowed: editorial,
      query: LINK,
      setup: async (_, __, tolerant) => (
        (tolerantAsk = tolerant),
        { f: channel('edukacja-web'), t: channel('portal') }
      ),
      cleanup: async (_, variables, response) => {
        if (!response.errors) await tolerantAsk(UNLINK, variables, 'anna.kowalczyk');
      },
    },
    {
      mutation: 'unlinkChannels',
      allowed: editorial,
      query: UNLINK,
      setup: async (ask, __, tolerant) => {
        tolerantAsk = tolerant;
        await ask(LINK, { f: channel('edukacja-web'), t: channel('app') }, 'anna.kowalczyk');
        return { f: channel('edukacja-web'), t: channel('app') };
      },
      cleanup: async (_, variables, response) => {
        if (response.errors) await tolerantAsk(UNLINK, variables, 'anna.kowalczyk');
      },
    },
    {
      mutation: 'openTicket',
      allowed: [...editorial, 'unit head (same unit)'],
      query: OPEN_TICKET,
      setup: async () => ({
        input: {
          channelId: channel('kultura-web'),
          vendor: 'Dostawca',
          title: 'Awaria',
          description: 'Opis',
          priority: 'NORMAL',
          deadline: new Date(Date.now() + 86_400_000).toISOString(),
        },
      }),
    },
    {
      mutation: 'updateTicketState',
      allowed: editorial,
      query: 'mutation($id: ID!) { updateTicketState(id: $id, state: IN_PROGRESS) { state } }',
      setup: async (ask) => {
        const input = {
          channelId: channel('portal'),
          vendor: 'Dostawca',
          title: 'Awaria',
          description: 'Opis',
          priority: 'LOW',
          deadline: new Date(Date.now() + 86_400_000).toISOString(),
        };
        return { id: (await ask(OPEN_TICKET, { input }, 'anna.kowalczyk')).data!.openTicket.id };
      },
    },
    {
      mutation: 'publishGraphicLine',
      allowed: editorial,
      query: 'mutation($input: PublishGraphicLineInput!) { publishGraphicLine(input: $input) { version } }',
      setup: async (_, cell) => ({
        input: {
          version: `M.${cell}`,
          colours: [{ name: 'primary', value: '#123F7A' }],
          typography: [],
          logoRules: [],
        },
      }),
    },
    {
      mutation: 'generateAnnualReport',
      allowed: ['WKS Director'],
      query: REPORT_ACT('generateAnnualReport'),
      setup: async () => ({ year: 2023 }),
    },
    {
      mutation: 'submitAnnualReport',
      allowed: ['WKS Director'],
      query: REPORT_ACT('submitAnnualReport'),
      setup: async (_, __, tolerant) => (
        (tolerantAsk = tolerant),
        await reportIn(tolerant, 2022, 'DRAFT'),
        { year: 2022 }
      ),
      cleanup: async (_, variables, response) => {
        if (!response.errors)
          await tolerantAsk(
            'mutation($year: Int!) { returnAnnualReport(year: $year, reason: "cleanup") { state } }',
            variables,
            'andrzej.kozlowski',
          );
      },
    },
    {
      mutation: 'approveAnnualReport',
      allowed: ['Deputy Mayor'],
      query: REPORT_ACT('approveAnnualReport'),
      setup: async (_, __, tolerant) => (await reportIn(tolerant, 2021, 'SUBMITTED'), { year: 2021 }),
    },
    {
      mutation: 'returnAnnualReport',
      allowed: ['Deputy Mayor'],
      query: 'mutation($year: Int!) { returnAnnualReport(year: $year, reason: "Uzupełnić") { state } }',
      setup: async (_, __, tolerant) => (await reportIn(tolerant, 2020, 'SUBMITTED'), { year: 2020 }),
    },
    {
      mutation: 'publishAnnualReport',
      allowed: editorial,
      query: REPORT_ACT('publishAnnualReport'),
      // Each editorial role publishes a year of its own: a published report cannot be approved again.
      setup: async (_, __, tolerant) => {
        const year = actingLogin === 'piotr.nowak' ? 2024 : 2019;
        await reportIn(tolerant, year, 'APPROVED');
        return { year };
      },
    },
  ];
}

function incidentRows(): Row[] {
  const editorial = ['editorial-office member', 'editor-in-chief'];
  const incident = { title: 'Incydent', description: 'Opis', personalDataInvolved: false };
  let tolerantAsk: Ask;
  return [
    { mutation: 'openIncident', allowed: editorial, query: OPEN_INCIDENT, setup: async () => ({ input: incident }) },
    {
      mutation: 'setIncidentState',
      allowed: editorial,
      query: 'mutation($id: ID!) { setIncidentState(id: $id, state: CONTAINED, note: "Opanowany") { state } }',
      setup: async (ask) => ({
        id: (await ask(OPEN_INCIDENT, { input: incident }, 'anna.kowalczyk')).data!.openIncident.id,
      }),
    },
    {
      mutation: 'liftProtectiveAction',
      allowed: editorial,
      query: LIFT,
      setup: async (ask, _, tolerant) => {
        tolerantAsk = tolerant;
        const opened = await ask(
          OPEN_INCIDENT,
          { input: { ...incident, suspendAccountIds: [account('magdalena.wrobel')] } },
          'anna.kowalczyk',
        );
        return { id: opened.data!.openIncident.protectiveActions[0].id, reason: 'Wyjaśnione' };
      },
      cleanup: async (_, variables, response) => {
        if (response.errors) await tolerantAsk(LIFT, variables, 'anna.kowalczyk');
      },
    },
  ];
}

function partnerRows(): Row[] {
  const editorial = ['editorial-office member', 'editor-in-chief'];
  const REGISTER_PARTNER =
    'mutation($name: String!) { registerPartner(name: $name, contact: "it@partner.example") { id } }';
  const partner = async (ask: Ask, cell: number) =>
    (await ask(REGISTER_PARTNER, { name: `Partner ${cell}` }, 'anna.kowalczyk')).data!.registerPartner.id as string;
  const body = '{ graphicLine { version } }';
  const manifest = JSON.stringify({
    format: 'apollo-persisted-query-manifest',
    version: 1,
    operations: [
      { id: crypto.createHash('sha256').update(body).digest('hex'), name: 'GraphicLine', type: 'query', body },
    ],
  });
  return [
    {
      mutation: 'registerPartner',
      allowed: editorial,
      query: REGISTER_PARTNER,
      setup: async (_, cell) => ({ name: `Partner M${cell}` }),
    },
    {
      mutation: 'issuePartnerKey',
      allowed: editorial,
      query: 'mutation($id: ID!) { issuePartnerKey(partnerId: $id) { key } }',
      setup: async (ask, cell) => ({ id: await partner(ask, cell) }),
    },
    {
      mutation: 'rotatePartnerKey',
      allowed: editorial,
      query: 'mutation($id: ID!) { rotatePartnerKey(partnerId: $id) { key } }',
      setup: async (ask, cell) => ({ id: await partner(ask, cell) }),
    },
    {
      mutation: 'revokePartnerKey',
      allowed: editorial,
      query: 'mutation($id: ID!) { revokePartnerKey(keyId: $id) { revokedAt } }',
      setup: async (ask, cell) => {
        const id = await partner(ask, cell);
        return {
          id: (
            await ask(
              'mutation($id: ID!) { issuePartnerKey(partnerId: $id) { record { id } } }',
              { id },
              'anna.kowalczyk',
            )
          ).data!.issuePartnerKey.record.id,
        };
      },
    },
    {
      mutation: 'uploadPersistedQueryManifest',
      allowed: editorial,
      query:
        'mutation($id: ID!, $m: String!) { uploadPersistedQueryManifest(partnerId: $id, manifest: $m) { accepted } }',
      setup: async (ask, cell) => ({ id: await partner(ask, cell), m: manifest }),
    },
  ];
}

describe('authorization matrix: every mutation of organisation, access and lifecycle, as every role', () => {
  let platform: TestPlatform;
  let ask: Ask;
  let tolerant: Ask;
  beforeAll(async () => {
    platform = await startTestPlatform();
    ask = async (query, variables, as) => {
      const response = await platform.query(query, variables, as);
      if (response.errors) throw new Error(`setup/cleanup failed: ${JSON.stringify(response.errors)}`);
      return response;
    };
    tolerant = (query, variables, as) => platform.query(query, variables, as);
  });
  afterAll(() => platform?.stop());

  let cell = 0;
  const cells = ROWS.flatMap((row) => Object.keys(ROLES).map((role) => [row, role] as const));

  test.each(
    cells.map(([row, role]) => [row.mutation, role, row.allowed.includes(role) ? 'allowed' : 'refused', row] as const),
  )(
    'R-5.1 R-5.2.4 R-4.2 R-4.3 R-3.2 R-4.4 R-5.2.3 R-5.2.5 R-7 %s as %s: %s',
    async (_mutation, role, expected, row) => {
      cell += 1;
      const login = ROLES[role];
      actingLogin = login;
      const variables = await row.setup(ask, cell, tolerant);
      const response = login
        ? await platform.query(row.query, variables, login)
        : await platform.query(row.query, variables);
      await row.cleanup?.(ask, variables, response);
      if (expected === 'allowed') {
        expect(response.errors).toBeUndefined();
      } else {
        expect(errorCodes(response)).toEqual([login === null ? 'UNAUTHENTICATED' : 'FORBIDDEN']);
      }
    },
  );

  test('the matrix covers every public mutation of organisation, access and lifecycle', async () => {
    const schema = await platform.query('{ __type(name: "Mutation") { fields { name } } }');
    const all: string[] = schema.data!.__type.fields.map((f: { name: string }) => f.name);
    const covered = new Set(ROWS.map((row) => row.mutation.split(' ')[0]));
    // Content's publishing acts are checked by grants, not roles: test/access/publishing-rights.test.ts and test/content/*.
    const CONTENT = [
      'createDocument',
      'updateDocument',
      'restoreRevision',
      'publishDocument',
      'unpublishDocument',
      'archiveDocument',
      'scheduleDocument',
      'addAttachment',
    ];
    expect(all.filter((name) => !CONTENT.includes(name) && !covered.has(name))).toEqual([]);
    console.log(
      `authorization matrix: ${Object.keys(ROLES).length} roles x ${ROWS.length} mutation rows = ${cells.length} cells`,
    );
  });
});
