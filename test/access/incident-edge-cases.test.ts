import crypto from 'node:crypto';
import { sampleId } from '../../subgraphs/common/sample';
import { account, channel, cultureDocument, unit } from '../support/documents';
import { PUBLISH_DOCUMENT } from '../support/operations';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';

const OPEN =
  'mutation($input: OpenIncidentInput!) { openIncident(input: $input) { id protectiveActions { id kind targetId state } } }';
const LIFT = 'mutation($id: ID!) { liftProtectiveAction(id: $id, reason: "Wyjaśnione") { state } }';
const STATUS = (slug: string) => `{ channelBySlug(slug: "${slug}") { status } }`;
const until = async (check: () => Promise<boolean>, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!(await check()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
};

describe('R-5.2.5 protective actions do exactly what they say, and lifting undoes only that', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(() => platform?.stop());

  const statusOf = async (slug: string) =>
    (await platform.query(STATUS(slug), {}, 'anna.kowalczyk')).data!.channelBySlug.status;
  const freeze = async (slug: string) => {
    const opened = await platform.query(
      OPEN,
      {
        input: {
          title: 'Zamrożenie',
          description: 'x',
          personalDataInvolved: false,
          freezeChannelIds: [channel(slug)],
        },
      },
      'anna.kowalczyk',
    );
    return opened.data!.openIncident.protectiveActions[0].id as string;
  };

  test('a channel frozen by two incidents thaws only when both freezes are lifted', async () => {
    const first = await freeze('edukacja-web');
    const second = await freeze('edukacja-web');
    await until(async () => (await statusOf('edukacja-web')) === 'FROZEN');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await platform.query(LIFT, { id: first }, 'anna.kowalczyk');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await statusOf('edukacja-web')).toBe('FROZEN');
    await platform.query(LIFT, { id: second }, 'anna.kowalczyk');
    await until(async () => (await statusOf('edukacja-web')) === 'LIVE');
    expect(await statusOf('edukacja-web')).toBe('LIVE');
  });

  test('an account suspended before the incident is not an action of it, so lifting cannot reactivate it', async () => {
    const opened = await platform.query(
      OPEN,
      {
        input: {
          title: 'x',
          description: 'x',
          personalDataInvolved: false,
          suspendAccountIds: [account('zofia.krawczyk')],
        },
      },
      'anna.kowalczyk',
    );
    expect(opened.data!.openIncident.protectiveActions).toEqual([]);
    expect((await platform.query('{ viewer { status } }', {}, 'zofia.krawczyk')).data!.viewer.status).toBe('SUSPENDED');
  });

  test('an account suspended by two incidents comes back only when both suspensions are lifted', async () => {
    const suspend = async () => {
      const opened = await platform.query(
        OPEN,
        {
          input: {
            title: 'Konto',
            description: 'x',
            personalDataInvolved: false,
            suspendAccountIds: [account('magdalena.wrobel')],
          },
        },
        'anna.kowalczyk',
      );
      expect(opened.data!.openIncident.protectiveActions).toHaveLength(1);
      return opened.data!.openIncident.protectiveActions[0].id as string;
    };
    const status = async () =>
      (await platform.query('{ viewer { status } }', {}, 'magdalena.wrobel')).data!.viewer.status;
    const first = await suspend();
    const second = await suspend();
    expect((await platform.query(LIFT, { id: first }, 'anna.kowalczyk')).data!.liftProtectiveAction.state).toBe(
      'LIFTED',
    );
    expect(await status()).toBe('SUSPENDED');
    await platform.query(LIFT, { id: second }, 'anna.kowalczyk');
    expect(await status()).toBe('ACTIVE');
  });

  test('a document two incidents took down goes back only when both take-downs are lifted', async () => {
    const id = await cultureDocument(platform, { title: 'Ogłoszenie o naborze' });
    const visible = async () =>
      (await platform.query('query($id: ID!) { document(id: $id) { id } }', { id })).data!.document !== null;
    const takeDown = async () => {
      const opened = await platform.query(
        OPEN,
        { input: { title: 'Treść', description: 'x', personalDataInvolved: false, takeDownDocumentIds: [id] } },
        'anna.kowalczyk',
      );
      return opened.data!.openIncident.protectiveActions[0].id as string;
    };
    const stateOf = async (action: string) =>
      (
        await platform.query(
          'query { incidents(first: 100) { nodes { protectiveActions { id state } } } }',
          {},
          'anna.kowalczyk',
        )
      )
        .data!.incidents.nodes.flatMap(
          (i: { protectiveActions: { id: string; state: string }[] }) => i.protectiveActions,
        )
        .find((a: { id: string }) => a.id === action)?.state;
    const first = await takeDown();
    await until(async () => !(await visible()));
    const second = await takeDown();
    await until(async () => (await stateOf(second)) === 'DONE');
    await platform.query(LIFT, { id: first }, 'anna.kowalczyk');
    await until(async () => (await stateOf(first)) === 'LIFTED');
    expect(await visible()).toBe(false);
    await platform.query(LIFT, { id: second }, 'anna.kowalczyk');
    await until(async () => visible());
    expect(await visible()).toBe(true);
  });

  test('R-4.5 a request withdrawn while its channel is frozen leaves it frozen; the freeze decides when it thaws', async () => {
    const change = {
      kind: 'CHANGE',
      unitId: unit('kultura'),
      channelId: channel('kultura-web'),
      proposedName: 'Nowa nazwa',
      description: 'x',
      justification: 'x',
      graphicLineVersion: '2024.1',
      checklist: [{ item: 'Herb', compliant: true }],
    };
    const request = await platform.query(
      'mutation($input: SubmitServiceRequestInput!) { submitServiceRequest(input: $input) { id } }',
      { input: change },
      'maria.wisniewska',
    );
    const action = await freeze('kultura-web');
    await until(async () => (await statusOf('kultura-web')) === 'FROZEN');
    await platform.query(
      'mutation($id: ID!) { withdrawServiceRequest(id: $id, reason: "Rezygnacja") { state } }',
      { id: request.data!.submitServiceRequest.id },
      'maria.wisniewska',
    );
    expect(await statusOf('kultura-web')).toBe('FROZEN');
    await platform.query(LIFT, { id: action }, 'anna.kowalczyk');
    await until(async () => (await statusOf('kultura-web')) === 'LIVE');
    expect(await statusOf('kultura-web')).toBe('LIVE');
  });

  test('a document taken down by an incident cannot be published again by its unit', async () => {
    const id = await cultureDocument(platform, { title: 'Podmieniona treść', channelId: channel('portal') });
    const opened = await platform.query(
      OPEN,
      { input: { title: 'x', description: 'x', personalDataInvolved: false, takeDownDocumentIds: [id] } },
      'anna.kowalczyk',
    );
    const incidentId = opened.data!.openIncident.id;
    await until(
      async () =>
        (await platform.query('query($id: ID!) { document(id: $id) { id } }', { id })).data!.document === null,
    );
    const again = await platform.query(PUBLISH_DOCUMENT, { id }, 'tomasz.zielinski');
    expect(errorCodes(again)).toEqual(['FORBIDDEN']);
    expect(again.errors![0].message).toMatch(/taken down by a security incident/);
    expect(incidentId).toEqual(expect.any(String));
  });

  test('R-3.2 an incident cannot revoke grants on BIP', async () => {
    const response = await platform.query(
      OPEN,
      {
        input: {
          title: 'x',
          description: 'x',
          personalDataInvolved: false,
          revokeGrantIds: [sampleId('grant:marek.kaminski:won:bip')],
        },
      },
      'anna.kowalczyk',
    );
    expect(errorCodes(response)).toEqual(['FORBIDDEN']);
  });

  test('the public map of MPI shows no channel the public may not see', async () => {
    await platform.query(
      'mutation($f: ID!, $t: ID!) { linkChannels(fromChannelId: $f, toChannelId: $t, kind: LINKS_TO) { kind } }',
      { f: channel('zielen-web'), t: channel('portal') },
      'anna.kowalczyk',
    );
    const slugs = (response: { data?: Record<string, any> | null }) =>
      response.data!.channelMap.map((l: { from: { slug: string } }) => l.from.slug);
    expect(slugs(await platform.query('{ channelMap { from { slug } } }'))).not.toContain('zielen-web');
    expect(slugs(await platform.query('{ channelMap { from { slug } } }', {}, 'anna.kowalczyk'))).toContain(
      'zielen-web',
    );
  });

  test("the inbox reached as an entity straight at a subgraph gives nothing without the editorial office's token", async () => {
    const query = {
      query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on EditorialInbox { id } } }',
      variables: { r: [{ __typename: 'EditorialInbox', id: 'editorial-office' }] },
    };
    for (const url of [platform.subgraphs.lifecycle.url, platform.subgraphs.access.url]) {
      expect((await platform.signedPost(url, query)).data!._entities).toEqual([null]);
    }
  });

  test('a manifest operation declared a query but written as a mutation is refused', async () => {
    const partner = await platform.query(
      'mutation { registerPartner(name: "Sprytny", contact: "x@y.pl") { id } }',
      {},
      'anna.kowalczyk',
    );
    const body = 'mutation Sneaky { registerPartner(name: "Z", contact: "z") { id } }';
    const manifest = JSON.stringify({
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: [{ id: crypto.createHash('sha256').update(body).digest('hex'), name: 'Sneaky', type: 'query', body }],
    });
    const upload = await platform.query(
      'mutation($id: ID!, $m: String!) { uploadPersistedQueryManifest(partnerId: $id, manifest: $m) { accepted } }',
      { id: partner.data!.registerPartner.id, m: manifest },
      'anna.kowalczyk',
    );
    expect(errorCodes(upload)).toEqual(['BAD_USER_INPUT']);
    expect(upload.errors![0].message).toMatch(/only queries/);
  });
});
