import crypto from 'node:crypto';
import { OutboxMessage } from '../../subgraphs/common/outbox';
import { sampleId } from '../../subgraphs/common/sample';
import { channel, cultureDocument } from '../support/documents';
import {
  ARCHIVE_DOCUMENT,
  DESIGNATE,
  GRANT,
  ISSUE_ORDER,
  RESTORE_REVISION,
  REVOKE,
  SCHEDULE_DOCUMENT,
  SUSPEND,
  UNPUBLISH_DOCUMENT,
  UPDATE_DOCUMENT,
  WITHDRAW_DESIGNATION,
} from '../support/operations';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';

const unit = (key: string) => sampleId(`unit:${key}`);
const person = (key: string) => sampleId(`person:${key}`);

const AUDIT = /* GraphQL */ `
  query Audit($action: AuditAction, $subjectId: ID, $first: Int, $after: String) {
    auditLog(action: $action, subjectId: $subjectId, first: $first, after: $after) {
      nodes {
        id
        action
        source
        actorLogin
        actor {
          login
        }
        subjectType
        subjectId
        basis
        details
        occurredAt
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

describe('the audit log (R-T.3)', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(() => platform?.stop());

  const entriesAbout = async (subjectId: string) =>
    (await platform.query(AUDIT, { subjectId }, 'katarzyna.lewandowska')).data!.auditLog.nodes as Record<string, any>[];

  test('R-T.3 designations, orders, grants, revocations and suspensions are each recorded with who, when, what and basis', async () => {
    const designation = (
      await platform.query(
        DESIGNATE,
        {
          input: { unitId: unit('kultura'), personId: person('kultura-staff-1'), basis: 'Polecenie KD-1/2026, pkt 2' },
        },
        'maria.wisniewska',
      )
    ).data!.designatePublisher;
    const order = (
      await platform.query(
        ISSUE_ORDER,
        {
          input: {
            unitId: unit('kultura'),
            number: 'KD-7/2026',
            issuedOn: '2026-11-24',
            categories: [
              {
                name: 'Dotacje',
                preparedBy: [person('kultura-staff-1')],
                updatedBy: [person('kultura-staff-1')],
                publishedBy: [person('kultura-staff-1')],
              },
            ],
          },
        },
        'maria.wisniewska',
      )
    ).data!.issueInternalOrder;
    const register = await platform.query(
      'mutation($input: RegisterAccountInput!) { registerAccount(input: $input) { id } }',
      { input: { login: 'jakub.wieczorek', personId: person('kultura-staff-1') } },
      'anna.kowalczyk',
    );
    const accountId = register.data!.registerAccount.id;
    const grant = (
      await platform.query(
        GRANT,
        {
          input: {
            accountId,
            permission: 'PUBLISH',
            unitId: unit('kultura'),
            channelId: sampleId('channel:portal'),
            basis: 'Wniosek KD z 24.11.2026',
          },
        },
        'anna.kowalczyk',
      )
    ).data!.grantPermission;
    await platform.query(REVOKE, { id: grant.id, reason: 'Wniosek wycofany' }, 'piotr.nowak');
    await platform.query(SUSPEND, { id: accountId, reason: 'Podejrzenie wycieku hasła' }, 'anna.kowalczyk');
    await platform.query(WITHDRAW_DESIGNATION, { id: designation.id, reason: 'Zmiana obowiązków' }, 'maria.wisniewska');

    expect(await entriesAbout(designation.id)).toEqual([
      expect.objectContaining({
        action: 'DESIGNATION_WITHDRAWN',
        source: 'organisation',
        actorLogin: 'maria.wisniewska',
        basis: 'Zmiana obowiązków',
      }),
      expect.objectContaining({
        action: 'DESIGNATION_CREATED',
        source: 'organisation',
        actor: { login: 'maria.wisniewska' },
        basis: 'Polecenie KD-1/2026, pkt 2',
      }),
    ]);
    const [orderEntry] = await entriesAbout(order.id);
    expect(orderEntry).toMatchObject({
      action: 'ORDER_ISSUED',
      actorLogin: 'maria.wisniewska',
      basis: 'Polecenie nr KD-7/2026 z 2026-11-24',
    });
    expect(JSON.parse(orderEntry.details)).toMatchObject({
      unitId: unit('kultura'),
      version: 2,
      categories: ['Dotacje'],
    });
    expect(await entriesAbout(grant.id)).toEqual([
      expect.objectContaining({ action: 'GRANT_REVOKED', actorLogin: 'piotr.nowak', basis: 'Wniosek wycofany' }),
      expect.objectContaining({
        action: 'GRANT_CREATED',
        actorLogin: 'anna.kowalczyk',
        basis: 'Wniosek KD z 24.11.2026',
      }),
    ]);
    expect((await entriesAbout(accountId)).map((e) => e.action)).toEqual(['ACCOUNT_SUSPENDED', 'ACCOUNT_REGISTERED']);
  });

  const until = async (check: () => Promise<boolean>, ms = 15_000) => {
    const deadline = Date.now() + ms;
    while (!(await check()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 150));
  };

  test('R-T.3 publishing acts are acts of power: scheduling, the scheduled publication, restoring, taking down and archiving are logged with actor and basis', async () => {
    const id = await cultureDocument(platform, { title: 'Nabór do Rady Kultury' }, { draft: true });
    const publishAt = new Date(Date.now() + 800).toISOString();
    const unpublishAt = new Date(Date.now() + 3_600_000).toISOString();
    const scheduled = await platform.query(
      SCHEDULE_DOCUMENT,
      { id, publishAt, unpublishAt, reason: 'Koniec naboru' },
      'tomasz.zielinski',
    );
    expect(scheduled.errors).toBeUndefined();
    // The platform publishes it at the time, on the account of whoever scheduled it.
    await until(async () => (await entriesAbout(id)).some((e) => e.action === 'DOCUMENT_PUBLISHED'));
    await platform.query(
      UPDATE_DOCUMENT,
      { id, input: { title: 'Nabór do Rady Kultury 2027' }, reason: 'Rok w tytule' },
      'tomasz.zielinski',
    );
    await platform.query(RESTORE_REVISION, { id, number: 1, reason: 'Rok był zbędny' }, 'tomasz.zielinski');
    await platform.query(UNPUBLISH_DOCUMENT, { id, reason: 'Nabór przesunięty' }, 'tomasz.zielinski');
    await platform.query(ARCHIVE_DOCUMENT, { id, reason: 'Nabór odwołany' }, 'tomasz.zielinski');

    const entries = await entriesAbout(id);
    expect(entries.map((e) => [e.action, e.actorLogin, e.actor?.login, e.basis])).toEqual([
      ['DOCUMENT_ARCHIVED', 'tomasz.zielinski', 'tomasz.zielinski', 'Nabór odwołany'],
      ['DOCUMENT_UNPUBLISHED', 'tomasz.zielinski', 'tomasz.zielinski', 'Nabór przesunięty'],
      ['DOCUMENT_REVISION_RESTORED', 'tomasz.zielinski', 'tomasz.zielinski', 'Przywrócono wersję 1: Rok był zbędny'],
      ['DOCUMENT_PUBLISHED', 'tomasz.zielinski', 'tomasz.zielinski', null],
      ['DOCUMENT_SCHEDULED', 'tomasz.zielinski', 'tomasz.zielinski', 'Koniec naboru'],
    ]);
    expect(entries.every((e) => e.source === 'content' && e.subjectType === 'Document' && e.subjectId === id)).toBe(
      true,
    );
    const details = entries.map((e) => JSON.parse(e.details));
    expect(details[0]).toMatchObject({ from: 'UNPUBLISHED', to: 'ARCHIVED' });
    expect(details[2]).toMatchObject({ restoredFrom: 1, revision: 3 });
    expect(details[3]).toMatchObject({ from: 'DRAFT', to: 'PUBLISHED', scheduled: true, revision: 1 });
    expect(details[4]).toMatchObject({ publishAt, unpublishAt });
  });

  test("R-T.3 entries of an incident's acts done elsewhere (a freeze, a take-down and their lifting) name the person whose act caused them, and the incident", async () => {
    const documentId = await cultureDocument(platform, { title: 'Strona z podmienionym odnośnikiem' });
    const OPEN =
      'mutation($input: OpenIncidentInput!) { openIncident(input: $input) { id protectiveActions { id state } } }';
    const opened = await platform.query(
      OPEN,
      {
        input: {
          title: 'Podmieniony odnośnik',
          description: 'Odnośnik prowadzi do obcej strony.',
          personalDataInvolved: false,
          freezeChannelIds: [channel('edukacja-web')],
          takeDownDocumentIds: [documentId],
        },
      },
      'lukasz.gorski',
    );
    expect(opened.errors).toBeUndefined();
    const incident = opened.data!.openIncident;
    const ACTIONS = 'query($id: ID!) { incident(id: $id) { protectiveActions { id state } } }';
    const actionsIn = async (state: string) =>
      (await platform.query(ACTIONS, { id: incident.id }, 'anna.kowalczyk')).data!.incident.protectiveActions.every(
        (a: { state: string }) => a.state === state,
      );
    // The owners' entries travel from their outboxes on their own: wait for them, not only for the actions.
    const logged = async (action: string, subjectId: string) =>
      (await entriesAbout(subjectId)).some((e) => e.action === action);
    await until(
      async () =>
        (await actionsIn('DONE')) &&
        (await logged('CHANNEL_FROZEN', channel('edukacja-web'))) &&
        (await logged('DOCUMENT_TAKEN_DOWN', documentId)),
    );

    const taken = [...(await entriesAbout(channel('edukacja-web'))), ...(await entriesAbout(documentId))].filter(
      (e) => e.action !== 'DOCUMENT_PUBLISHED',
    );
    expect(taken.map((e) => [e.action, e.actorLogin, e.actor?.login, JSON.parse(e.details).incidentId])).toEqual([
      ['CHANNEL_FROZEN', 'lukasz.gorski', 'lukasz.gorski', incident.id],
      ['DOCUMENT_TAKEN_DOWN', 'lukasz.gorski', 'lukasz.gorski', incident.id],
    ]);
    expect(taken.every((e) => e.basis.includes(incident.id))).toBe(true);

    for (const action of incident.protectiveActions) {
      const lifted = await platform.query(
        'mutation($id: ID!) { liftProtectiveAction(id: $id, reason: "Odnośnik poprawiony") { state } }',
        { id: action.id },
        'anna.kowalczyk',
      );
      expect(lifted.errors).toBeUndefined();
    }
    await until(
      async () =>
        (await logged('CHANNEL_UNFROZEN', channel('edukacja-web'))) && (await logged('DOCUMENT_RESTORED', documentId)),
    );
    const [unfrozen] = await entriesAbout(channel('edukacja-web'));
    const [putBack] = await entriesAbout(documentId);
    expect([unfrozen, putBack].map((e) => [e.action, e.actorLogin, JSON.parse(e.details).incidentId])).toEqual([
      ['CHANNEL_UNFROZEN', 'anna.kowalczyk', incident.id],
      ['DOCUMENT_RESTORED', 'anna.kowalczyk', incident.id],
    ]);

    // The document's own register says the same (R-T.2).
    const REGISTER = 'query($id: ID!) { document(id: $id) { statusChanges { nodes { kind reason by { name } } } } }';
    const changes = (await platform.query(REGISTER, { id: documentId })).data!.document.statusChanges.nodes;
    expect(changes.map((c: { kind: string; by: { name: string } }) => [c.kind, c.by.name])).toEqual([
      ['PUT_BACK', 'Anna Kowalczyk'],
      ['TAKEN_DOWN', 'Łukasz Górski'],
      ['PUBLISHED', 'Tomasz Zieliński'],
    ]);
    expect(changes[1].reason).toContain(incident.id);
  });

  test('R-T.3 the editorial office and the DPO read and filter the log; nobody else does', async () => {
    const byAction = await platform.query(AUDIT, { action: 'GRANT_CREATED', first: 100 }, 'anna.kowalczyk');
    expect(byAction.data!.auditLog.nodes.length).toBeGreaterThan(0);
    expect(byAction.data!.auditLog.nodes.every((e: { action: string }) => e.action === 'GRANT_CREATED')).toBe(true);
    for (const login of ['maria.wisniewska', 'jan.wojcik', 'marek.kaminski', 'pawel.mazur']) {
      expect(errorCodes(await platform.query(AUDIT, {}, login))).toEqual(['FORBIDDEN']);
    }
    expect(errorCodes(await platform.query(AUDIT, {}))).toEqual(['UNAUTHENTICATED']);
  });

  test('R-T.3 the log is append-only: the API has no way to change or delete an entry, and users cannot append', async () => {
    const schema = await platform.query('{ __type(name: "Mutation") { fields { name } } }');
    const mutations = schema.data!.__type.fields.map((f: { name: string }) => f.name);
    expect(mutations.filter((name: string) => /audit/i.test(name))).toEqual([]);

    const forged = {
      query: 'mutation($e: [AuditEntryInput!]!) { appendAuditEntries(entries: $e) }',
      variables: {
        e: [
          {
            id: crypto.randomUUID(),
            occurredAt: new Date().toISOString(),
            source: 'organisation',
            action: 'GRANT_CREATED',
            subjectType: 'Grant',
            subjectId: crypto.randomUUID(),
            details: '{}',
          },
        ],
      },
    };
    const withUserToken = await platform.signedPost(
      platform.subgraphs.access.url,
      forged,
      `Bearer ${await platform.token('anna.kowalczyk')}`,
    );
    expect(errorCodes(withUserToken)).toEqual(['FORBIDDEN']);
    const viaGateway = await platform.post(
      platform.gatewayUrl,
      forged,
      `Bearer ${await platform.token('anna.kowalczyk')}`,
    );
    expect(new Set(errorCodes(viaGateway))).toEqual(new Set(['GRAPHQL_VALIDATION_FAILED']));
  });

  test('R-T.3 an entry committed but not yet delivered (a crash between commit and delivery) reaches the log once', async () => {
    const organisation = platform.subgraphs.organisation;
    const id = crypto.randomUUID();
    const subjectId = crypto.randomUUID();
    const record = {
      id,
      occurredAt: new Date().toISOString(),
      source: 'organisation',
      actorAccountId: null,
      actorLogin: 'maria.wisniewska',
      action: 'DESIGNATION_CREATED',
      subjectType: 'Designation',
      subjectId,
      basis: 'left in the outbox',
      details: {},
    };
    const now = new Date();
    const message = {
      topic: 'audit',
      payload: JSON.stringify(record),
      createdAt: now,
      attempts: 0,
      nextAttemptAt: now,
      deliveredAt: null,
      lastError: null,
    };
    await organisation.db.getRepository(OutboxMessage).insert({ id, ...message });
    expect(await entriesAbout(subjectId)).toEqual([]);

    await organisation.relay!.deliver();
    expect((await entriesAbout(subjectId)).map((e) => e.basis)).toEqual(['left in the outbox']);
    expect((await organisation.db.getRepository(OutboxMessage).findOneByOrFail({ id })).deliveredAt).not.toBeNull();

    // The same message delivered again (the relay died before marking it) is stored once.
    await organisation.db.getRepository(OutboxMessage).update({ id }, { deliveredAt: null });
    await organisation.relay!.deliver();
    expect(await entriesAbout(subjectId)).toHaveLength(1);
  });
});
