/**
 * Before any publishing act the content subgraph asks the owners of the facts: the channel must be
 * live (lifecycle, R-4.5; a frozen channel is read-only, R-5.2.5) and the account must hold a
 * PUBLISH grant in force for the unit there (access, R-5.2.4). A person's request asks with the
 * person's own credentials; the scheduler asks with the subgraph's service credentials.
 */
import type { Caller } from '../../common/caller';
import { forbidden, notFound } from '../../common/errors';
import { channelFacts, type ChannelFacts } from '../../common/facts';
import type { Peers } from '../../common/peers';

export interface Asker {
  peers: Peers;
  authorization?: string;
  /** Service token, when the subgraph acts on its own account (scheduled publishing). */
  service?: string;
}

const CHANNEL_REFUSALS: Record<string, string> = {
  PROPOSED: 'The channel is not live yet: nothing may be published before the editorial office approves it (R-4.5).',
  FROZEN: 'The channel is frozen by a protective action: its content is read-only (R-5.2.5).',
  RETIRED: 'The channel is retired: nothing may be published on it.',
};

/** Why `accountId` may not publish for the unit on the channel now; null when it may. */
export async function publishingRefusal(asker: Asker, accountId: string | null, scope: { unitId: string; channelId: string }): Promise<string | null> {
  const channel: ChannelFacts | null = await channelFacts(asker.peers, scope.channelId, asker.authorization, asker.service);
  if (!channel) throw notFound(`No channel with id ${scope.channelId}.`);
  const refusal = CHANNEL_REFUSALS[channel.status];
  if (refusal) return refusal;
  const right = asker.service
    ? (
        await asker.peers.query<{ publishingRightOf: { allowed: boolean; reason: string | null } }>('access', {
          query:
            'query RightOf($accountId: ID!, $unitId: ID!, $channelId: ID!) { publishingRightOf(accountId: $accountId, unitId: $unitId, channelId: $channelId) { allowed reason } }',
          variables: { accountId, ...scope },
          service: asker.service,
        })
      ).publishingRightOf
    : (
        await asker.peers.query<{ publishingRight: { allowed: boolean; reason: string | null } }>('access', {
          query: 'query Right($unitId: ID!, $channelId: ID!) { publishingRight(unitId: $unitId, channelId: $channelId) { allowed reason } }',
          variables: scope,
          authorization: asker.authorization,
        })
      ).publishingRight;
  return right.allowed ? null : (right.reason ?? 'no grant');
}

export async function assertMayPublish(asker: Asker, caller: Caller, scope: { unitId: string; channelId: string }): Promise<void> {
  const refusal = await publishingRefusal(asker, caller.accountId, scope);
  if (refusal) throw forbidden(`${caller.login} may not publish here: ${refusal}`);
}
