import { sampleId } from '../../subgraphs/common/sample';
import { account, channel, cultureDocument } from '../support/documents';
import { CREATE_DOCUMENT } from '../support/operations';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';
import { startReceiver, type Receiver } from '../support/webhook-receiver';

const OPEN = /* GraphQL */ `
  mutation Open($input: OpenIncidentInput!) {
    openIncident(input: $input) {
      id
      state
      personalDataInvolved
      gdprDeadline
      gdprHoursRemaining
      protectiveActions {
        id
        kind
        targetId
        state
      }
    }
  }
`;
const INCIDENT = /* GraphQL */ `
  query Incident($id: ID!) {
    incident(id: $id) {
      state
      containedAt
      closedAt
      protectiveActions {
        id
        kind
        targetId
        state
        liftedBy {
          login
        }
        liftReason
      }
      notifications {
        recipient
        state
        attempts
        lastError
        deliveredAt
      }
    }
  }
`;
const until = async (check: () => Promise<boolean>, ms = 15_000) => {
  const deadline = Date.now() + ms;
  while (!(await check()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 150));
};

describe('R-5.2.5 security incidents: protective actions and reports in one act', () => {
  let platform: TestPlatform;
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
    platform = await startTestPlatform({ INCIDENT_WEBHOOK_URL: receiver.url });
  });
  afterAll(async () => {
    await platform?.stop();
    await receiver?.close();
  });

  test('R-5.2.5 opening an incident suspends, revokes, freezes and takes down at once, and reports to the administrator and the DPO', async () => {
    const documentId = await cultureDocument(platform, { title: 'Strona podmieniona przez atakującego' });
    const detectedAt = new Date(Date.now() - 2 * 3_600_000).toISOString();
    const opened = await platform.query(
      OPEN,
      {
        input: {
          title: 'Przejęcie konta redaktora',
          description: 'Logowania z nieznanych adresów; podmieniona treść na stronie Kultury.',
          detectedAt,
          personalDataInvolved: true,
          suspendAccountIds: [account('tomasz.zielinski')],
          revokeGrantIds: [sampleId('grant:tomasz.zielinski:kultura:portal')],
          freezeChannelIds: [channel('kultura-web')],
          takeDownDocumentIds: [documentId],
        },
      },
      'anna.kowalczyk',
    );
    expect(opened.errors).toBeUndefined();
    const incident = opened.data!.openIncident;
    expect(incident.state).toBe('OPEN');
    expect(Date.parse(incident.gdprDeadline) - Date.parse(detectedAt)).toBe(72 * 3_600_000);
    expect(incident.gdprHoursRemaining).toBeGreaterThan(69.9);
    expect(incident.gdprHoursRemaining).toBeLessThan(70.1);

    // The effects, each checked by its owner on the very next request.
    const suspended = await platform.query(
      CREATE_DOCUMENT,
      {
        input: {
          channelId: channel('portal'),
          responsibleUnitId: sampleId('unit:kultura'),
          title: 'x',
          body: '<p>x</p>',
          kind: 'NEWS',
        },
      },
      'tomasz.zielinski',
    );
    expect(errorCodes(suspended)).toEqual(['FORBIDDEN']);
    await until(async () =>
      (await platform.query(INCIDENT, { id: incident.id }, 'jan.wojcik')).data!.incident.protectiveActions.every(
        (a: { state: string }) => a.state === 'DONE',
      ),
    );
    const status = await platform.query('{ channelBySlug(slug: "kultura-web") { status } }');
    expect(status.data!.channelBySlug.status).toBe('FROZEN');
    expect(
      (await platform.query('query($id: ID!) { document(id: $id) { id } }', { id: documentId })).data!.document,
    ).toBeNull();
    const onFrozen = await platform.query(
      CREATE_DOCUMENT,
      {
        input: {
          channelId: channel('kultura-web'),
          responsibleUnitId: sampleId('unit:wks'),
          title: 'x',
          body: '<p>x</p>',
          kind: 'NEWS',
        },
      },
      'anna.kowalczyk',
    );
    expect(onFrozen.errors![0].message).toMatch(/frozen/);

    await until(async () =>
      (await platform.query(INCIDENT, { id: incident.id }, 'katarzyna.lewandowska')).data!.incident.notifications.every(
        (n: { state: string }) => n.state === 'DELIVERED',
      ),
    );
    const view = (await platform.query(INCIDENT, { id: incident.id }, 'katarzyna.lewandowska')).data!.incident;
    expect(view.notifications.map((n: { recipient: string; state: string }) => [n.recipient, n.state])).toEqual([
      ['DPO', 'DELIVERED'],
      ['SYSTEM_ADMINISTRATOR', 'DELIVERED'],
    ]);
    // Delivered at the first try: one attempt, not zero.
    expect(view.notifications.map((n: { attempts: number }) => n.attempts)).toEqual([1, 1]);
    const reports = [...receiver.unique().values()].filter((body) => body.incident.id === incident.id);
    expect(reports.map((r) => r.recipient).sort()).toEqual(['DPO', 'SYSTEM_ADMINISTRATOR']);
    expect(reports[0].incident).toMatchObject({
      title: 'Przejęcie konta redaktora',
      personalDataInvolved: true,
      gdprDeadline: incident.gdprDeadline,
    });

    const audit = await platform.query(
      'query($id: ID!) { auditLog(subjectId: $id) { nodes { action actorLogin } } }',
      { id: incident.id },
      'anna.kowalczyk',
    );
    expect(audit.data!.auditLog.nodes).toEqual([{ action: 'INCIDENT_OPENED', actorLogin: 'anna.kowalczyk' }]);
  });

  test("R-5.2.5 a report whose delivery dies mid-way arrives again with the same key: once from the receiver's point of view", async () => {
    receiver.dropNext(2); // both first deliveries are read, then the connection is cut before the answer
    const opened = await platform.query(
      OPEN,
      { input: { title: 'Skanowanie portów', description: 'Wzmożony ruch.', personalDataInvolved: false } },
      'anna.kowalczyk',
    );
    const id = opened.data!.openIncident.id;
    expect(opened.data!.openIncident.gdprDeadline).toBeNull();
    await until(async () =>
      (await platform.query(INCIDENT, { id }, 'jan.wojcik')).data!.incident.notifications.every(
        (n: { state: string }) => n.state === 'DELIVERED',
      ),
    );
    const notifications = (await platform.query(INCIDENT, { id }, 'jan.wojcik')).data!.incident.notifications;
    // The attempt cut mid-way and the one that got through.
    expect(notifications.map((n: { attempts: number }) => n.attempts)).toEqual([2, 2]);
    const received = receiver.requests.filter((r) => r.body.incident.id === id);
    const keys = new Set(received.map((r) => r.key));
    expect(received.length).toBe(4); // each of the two reports sent twice
    expect(keys.size).toBe(2); // and counted once each by its idempotency key
  });

  test('R-5.2.5 incidents move open → contained → closed; protective actions are lifted only by the editorial office, with a reason', async () => {
    const opened = await platform.query(
      OPEN,
      {
        input: {
          title: 'Fałszywy alarm',
          description: 'Do sprawdzenia.',
          personalDataInvolved: false,
          suspendAccountIds: [account('magdalena.wrobel')],
          freezeChannelIds: [channel('edukacja-web')],
        },
      },
      'piotr.nowak',
    );
    const { id, protectiveActions } = opened.data!.openIncident;
    await until(async () =>
      (await platform.query(INCIDENT, { id }, 'jan.wojcik')).data!.incident.protectiveActions.every(
        (a: { state: string }) => a.state === 'DONE',
      ),
    );
    const freeze = protectiveActions.find((a: { kind: string }) => a.kind === 'FREEZE_CHANNEL');
    const suspend = protectiveActions.find((a: { kind: string }) => a.kind === 'SUSPEND_ACCOUNT');

    expect(
      errorCodes(
        await platform.query(
          'mutation($id: ID!) { liftProtectiveAction(id: $id, reason: "x") { state } }',
          { id: freeze.id },
          'jan.wojcik',
        ),
      ),
    ).toEqual(['FORBIDDEN']);
    expect(
      errorCodes(
        await platform.query(
          'mutation($id: ID!) { liftProtectiveAction(id: $id, reason: " ") { state } }',
          { id: freeze.id },
          'anna.kowalczyk',
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    for (const action of [freeze, suspend]) {
      const lifted = await platform.query(
        'mutation($id: ID!) { liftProtectiveAction(id: $id, reason: "Fałszywy alarm") { state } }',
        { id: action.id },
        'anna.kowalczyk',
      );
      expect(lifted.errors).toBeUndefined();
    }
    await until(async () =>
      (await platform.query(INCIDENT, { id }, 'jan.wojcik')).data!.incident.protectiveActions.every(
        (a: { state: string }) => a.state === 'LIFTED',
      ),
    );
    expect(
      (await platform.query('{ channelBySlug(slug: "edukacja-web") { status } }')).data!.channelBySlug.status,
    ).toBe('LIVE');
    expect((await platform.query('{ viewer { status } }', {}, 'magdalena.wrobel')).data!.viewer.status).toBe('ACTIVE');

    const move = (state: string) =>
      platform.query(
        'mutation($id: ID!, $s: IncidentState!) { setIncidentState(id: $id, state: $s, note: "Sprawdzone") { state } }',
        { id, s: state },
        'anna.kowalczyk',
      );
    expect(errorCodes(await move('CLOSED'))).toEqual(['CONFLICT']);
    expect((await move('CONTAINED')).data!.setIncidentState.state).toBe('CONTAINED');
    expect((await move('CLOSED')).data!.setIncidentState.state).toBe('CLOSED');
    expect(errorCodes(await move('CONTAINED'))).toEqual(['CONFLICT']);
  });

  test('R-3.2 the editorial office cannot freeze BIP, and nothing is done when a target is refused; only it opens incidents', async () => {
    const bip = await platform.query(
      OPEN,
      {
        input: {
          title: 'x',
          description: 'x',
          personalDataInvolved: false,
          suspendAccountIds: [account('pawel.mazur')],
          freezeChannelIds: [channel('bip')],
        },
      },
      'anna.kowalczyk',
    );
    expect(errorCodes(bip)).toEqual(['FORBIDDEN']);
    expect(bip.errors![0].message).toMatch(/BIP/);
    expect((await platform.query('{ viewer { status } }', {}, 'pawel.mazur')).data!.viewer.status).toBe('ACTIVE');
    expect((await platform.query('{ channelBySlug(slug: "bip") { status } }')).data!.channelBySlug.status).toBe('LIVE');
    for (const login of ['jan.wojcik', 'katarzyna.lewandowska', 'marek.kaminski']) {
      expect(
        errorCodes(
          await platform.query(OPEN, { input: { title: 'x', description: 'x', personalDataInvolved: false } }, login),
        ),
      ).toEqual(['FORBIDDEN']);
    }
  });
});
