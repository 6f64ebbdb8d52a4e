import crypto from 'node:crypto';
import { OutboxMessage } from '../../subgraphs/common/outbox';
import { sampleId } from '../../subgraphs/common/sample';
import { DESIGNATE, GRANT, ISSUE_ORDER, REVOKE, SUSPEND, WITHDRAW_DESIGNATION } from '../support/operations';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';

const unit = (key: string) => sampleId(`unit:${key}`);
const person = (key: string) => sampleId(`person:${key}`);

const AUDIT = /* GraphQL */ `
  query Audit($action: AuditAction, $subjectId: ID, $first: Int, $after: String) {
    auditLog(action: $action, subjectId: $subjectId, first: $first, after: $after) {
      nodes { id action source actorLogin actor { login } subjectType subjectId basis details occurredAt }
      pageInfo { hasNextPage endCursor }
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
        { input: { unitId: unit('kultura'), personId: person('kultura-staff-1'), basis: 'Polecenie KD-1/2026, pkt 2' } },
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
            categories: [{ name: 'Dotacje', preparedBy: [person('kultura-staff-1')], updatedBy: [person('kultura-staff-1')], publishedBy: [person('kultura-staff-1')] }],
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
        { input: { accountId, permission: 'PUBLISH', unitId: unit('kultura'), channelId: sampleId('channel:portal'), basis: 'Wniosek KD z 24.11.2026' } },
        'anna.kowalczyk',
      )
    ).data!.grantPermission;
    await platform.query(REVOKE, { id: grant.id, reason: 'Wniosek wycofany' }, 'piotr.nowak');
    await platform.query(SUSPEND, { id: accountId, reason: 'Podejrzenie wycieku hasła' }, 'anna.kowalczyk');
    await platform.query(WITHDRAW_DESIGNATION, { id: designation.id, reason: 'Zmiana obowiązków' }, 'maria.wisniewska');

    expect(await entriesAbout(designation.id)).toEqual([
      expect.objectContaining({ action: 'DESIGNATION_WITHDRAWN', source: 'organisation', actorLogin: 'maria.wisniewska', basis: 'Zmiana obowiązków' }),
      expect.objectContaining({ action: 'DESIGNATION_CREATED', source: 'organisation', actor: { login: 'maria.wisniewska' }, basis: 'Polecenie KD-1/2026, pkt 2' }),
    ]);
    const [orderEntry] = await entriesAbout(order.id);
    expect(orderEntry).toMatchObject({ action: 'ORDER_ISSUED', actorLogin: 'maria.wisniewska', basis: 'Polecenie nr KD-7/2026 z 2026-11-24' });
    expect(JSON.parse(orderEntry.details)).toMatchObject({ unitId: unit('kultura'), version: 2, categories: ['Dotacje'] });
    expect(await entriesAbout(grant.id)).toEqual([
      expect.objectContaining({ action: 'GRANT_REVOKED', actorLogin: 'piotr.nowak', basis: 'Wniosek wycofany' }),
      expect.objectContaining({ action: 'GRANT_CREATED', actorLogin: 'anna.kowalczyk', basis: 'Wniosek KD z 24.11.2026' }),
    ]);
    expect((await entriesAbout(accountId)).map((e) => e.action)).toEqual(['ACCOUNT_SUSPENDED', 'ACCOUNT_REGISTERED']);
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
        e: [{ id: crypto.randomUUID(), occurredAt: new Date().toISOString(), source: 'organisation', action: 'GRANT_CREATED', subjectType: 'Grant', subjectId: crypto.randomUUID(), details: '{}' }],
      },
    };
    const withUserToken = await platform.post(platform.subgraphs.access.url, forged, `Bearer ${await platform.token('anna.kowalczyk')}`);
    expect(errorCodes(withUserToken)).toEqual(['FORBIDDEN']);
    const viaGateway = await platform.post(platform.gatewayUrl, forged, `Bearer ${await platform.token('anna.kowalczyk')}`);
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
    const message = { topic: 'audit', payload: JSON.stringify(record), createdAt: now, attempts: 0, nextAttemptAt: now, deliveredAt: null, lastError: null };
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
