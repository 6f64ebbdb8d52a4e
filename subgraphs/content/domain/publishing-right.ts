/**
 * Before any publishing act the content subgraph asks the owners of the facts, with the caller's
 * own credentials: the channel must be live (lifecycle, R-4.5; a frozen channel is read-only,
 * ) and the caller must hold a PUBLISH grant in force for the unit there (access, R-5.2.4).
 */
import type { Caller } from '../../common/caller';
import { forbidden, notFound } from '../../common/errors';
import { channelFacts, type ChannelFacts } from '../../common/facts';
import type { Peers } from '../../common/peers';

const CHANNEL_REFUSALS: Record<string, string> = {
  PROPOSED: 'The channel is not live yet: nothing may be published before the editorial office approves it (R-4.5).',
  FROZEN: 'The channel is frozen by a protective action: its content is read-only (R-5.2.5).',
  RETIRED: 'The channel is retired: nothing may be published on it.',
};

export async function assertMayPublish(
  peers: Peers,
  caller: Caller,
  authorization: string | undefined,
  scope: { unitId: string; channelId: string },
): Promise<ChannelFacts> {
  const channel = await channelFacts(peers, scope.channelId, authorization);
  if (!channel) throw notFound(`No channel with id ${scope.channelId}.`);
  const refusal = CHANNEL_REFUSALS[channel.status];
  if (refusal) throw forbidden(refusal);
  const { publishingRight } = await peers.query<{ publishingRight: { allowed: boolean; reason: string | null } }>('access', {
    query: 'query PublishingRight($unitId: ID!, $channelId: ID!) { publishingRight(unitId: $unitId, channelId: $channelId) { allowed reason } }',
    variables: scope,
    authorization,
  });
  if (!publishingRight.allowed) throw forbidden(`${caller.login} may not publish here: ${publishingRight.reason ?? 'no grant'}`);
  return channel;
}
