/**
 * protective actions are immediate: they never wait for another service (issue 12). With the lifecycle
 * subgraph down, an incident that freezes a channel is still recorded with everything access does itself (suspensions,
 * revocations), and the freeze waits in access's outbox, shown pending on the incident; once lifecycle is back the
 * relay delivers it. What could not be checked then (R-3.2: nothing on BIP) is checked when it can be, and refused.
 */
import { Peers } from '../../platform/peers';
import { internalSecret } from '../../platform/service-auth';
import { sampleId } from '../../subgraphs/common/sample';
import { startSubgraph } from '../../subgraphs/common/server';
import { SUBGRAPHS } from '../../scripts/platform';
import { account, channel } from '../support/documents';
import { startTestPlatform, type TestPlatform } from '../support/platform';

const OPEN = /* GraphQL */ `
  mutation Open($input: OpenIncidentInput!) {
    openIncident(input: $input) {
      id
      state
      protectiveActionsPending
      protectiveActions {
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
      protectiveActionsPending
      protectiveActions {
        kind
        targetId
        state
        refusalReason
        deliveryAttempts
        lastError
      }
    }
  }
`;
const ACCOUNT =
  'query($id: ID!) { account(id: $id) { status grants(first: 20) { nodes { id channel { id } revokedAt } } } }';

type Action = {
  kind: string;
  targetId: string;
  state: string;
  refusalReason: string | null;
  deliveryAttempts: number;
  lastError: string | null;
};

describe('R-5.2.5 a protective action never waits for another service', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ OUTBOX_INTERVAL_MS: '600000' });
  });
  afterAll(() => platform?.stop());

  /** Stops the lifecycle subgraph's server (and its relay and database); returns how to start it again where it was. */
  async function stopLifecycle(): Promise<() => Promise<void>> {
    const { url } = platform.subgraphs.lifecycle;
    await platform.subgraphs.lifecycle.stop();
    return async () => {
      const port = Number(new URL(url).port);
      platform.subgraphs.lifecycle = await startSubgraph(
        SUBGRAPHS.lifecycle,
        platform.config,
        new Peers({ ...platform.subgraphUrls }, internalSecret(platform.config)),
        port,
      );
    };
  }

  const incident = async (id: string) =>
    (await platform.query(INCIDENT, { id }, 'anna.kowalczyk')).data!.incident as {
      protectiveActionsPending: number;
      protectiveActions: Action[];
    };
  const actionOf = (actions: Action[], kind: string) => actions.find((a) => a.kind === kind)!;
  /** Lets access's relay deliver until nothing waits (each failed attempt backs off a little longer). */
  async function deliverUntilSettled(id: string, ms = 20_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      await platform.subgraphs.access.relay?.deliver();
      if ((await incident(id)).protectiveActionsPending === 0 && (await checksWaiting()) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  const checksWaiting = async () =>
    Number(
      (
        await platform.subgraphs.access.db.query(
          "SELECT COUNT(*) AS n FROM outbox WHERE deliveredAt IS NULL AND topic = 'protective-action-check'",
        )
      )[0].n,
    );

  test('R-5.2.5 with lifecycle down the incident, its suspension and revocation are recorded at once, the freeze pending; it takes effect once lifecycle is back', async () => {
    const restart = await stopLifecycle();
    let restarted = false;
    try {
      const opened = await platform.query(
        OPEN,
        {
          input: {
            title: 'Przejęcie konta redaktora Kultury',
            description: 'Podmieniona treść; lifecycle w tej chwili nie odpowiada.',
            personalDataInvolved: false,
            suspendAccountIds: [account('tomasz.zielinski')],
            revokeGrantIds: [sampleId('grant:magdalena.wrobel:edukacja:edukacja-web')],
            freezeChannelIds: [channel('kultura-web')],
          },
        },
        'anna.kowalczyk',
      );
      expect(opened.errors).toBeUndefined();
      const { id, protectiveActionsPending, protectiveActions } = opened.data!.openIncident;
      expect(protectiveActionsPending).toBe(1);
      expect(Object.fromEntries(protectiveActions.map((a: Action) => [a.kind, a.state]))).toEqual({
        SUSPEND_ACCOUNT: 'DONE',
        REVOKE_GRANT: 'DONE',
        FREEZE_CHANNEL: 'PENDING',
      });

      // The suspension is in force now: the account is suspended and cannot act.
      const suspended = await platform.query(ACCOUNT, { id: account('tomasz.zielinski') }, 'anna.kowalczyk');
      expect(suspended.data!.account.status).toBe('SUSPENDED');
      const freeze = actionOf((await incident(id)).protectiveActions, 'FREEZE_CHANNEL');
      expect(freeze.state).toBe('PENDING');
      expect(freeze.deliveryAttempts).toBeGreaterThanOrEqual(1);
      expect(freeze.lastError).toMatch(/lifecycle service cannot be reached/);

      await restart();
      restarted = true;
      await deliverUntilSettled(id);
      const settled = await incident(id);
      expect(settled.protectiveActionsPending).toBe(0);
      expect(Object.fromEntries(settled.protectiveActions.map((a) => [a.kind, a.state]))).toEqual({
        SUSPEND_ACCOUNT: 'DONE',
        REVOKE_GRANT: 'DONE',
        FREEZE_CHANNEL: 'DONE',
      });
      expect(actionOf(settled.protectiveActions, 'FREEZE_CHANNEL').lastError).toBeNull();
      const frozen = await platform.query(
        'query($id: ID!) { channel(id: $id) { status } }',
        { id: channel('kultura-web') },
        'anna.kowalczyk',
      );
      expect(frozen.data!.channel.status).toBe('FROZEN');
      expect(
        (await platform.query(ACCOUNT, { id: account('tomasz.zielinski') }, 'anna.kowalczyk')).data!.account.status,
      ).toBe('SUSPENDED');
    } finally {
      if (!restarted) await restart();
    }
  });

  test('R-5.2.5, R-3.2 what could not be checked while lifecycle was down is checked after: nothing on BIP stays frozen or revoked', async () => {
    const bipGrant = sampleId('grant:marek.kaminski:won:bip');
    const restart = await stopLifecycle();
    let restarted = false;
    try {
      const opened = await platform.query(
        OPEN,
        {
          input: {
            title: 'Incydent sięgający BIP',
            description: 'Redakcja próbuje działać na BIP, gdy lifecycle nie odpowiada.',
            personalDataInvolved: false,
            revokeGrantIds: [bipGrant],
            freezeChannelIds: [channel('bip')],
          },
        },
        'anna.kowalczyk',
      );
      expect(opened.errors).toBeUndefined();
      const { id } = opened.data!.openIncident;
      await restart();
      restarted = true;
      await deliverUntilSettled(id);
      const settled = await incident(id);
      expect(settled.protectiveActionsPending).toBe(0);
      for (const kind of ['REVOKE_GRANT', 'FREEZE_CHANNEL']) {
        const action = actionOf(settled.protectiveActions, kind);
        expect(action.state).toBe('REFUSED');
        expect(action.refusalReason).toMatch(/R-3\.2/);
      }
      const bip = await platform.query(
        'query($id: ID!) { channel(id: $id) { status } }',
        { id: channel('bip') },
        'anna.kowalczyk',
      );
      expect(bip.data!.channel.status).not.toBe('FROZEN');
      // The revoked grant stands in the record; an identical one was made again, in force.
      const grants = (await platform.query(ACCOUNT, { id: account('marek.kaminski') }, 'marek.kaminski')).data!.account
        .grants.nodes;
      expect(
        grants.filter(
          (g: { channel: { id: string } | null; revokedAt: string | null }) =>
            g.channel?.id === channel('bip') && !g.revokedAt,
        ),
      ).toHaveLength(1);
    } finally {
      if (!restarted) await restart();
    }
  });
});
