/**
 * Typed questions to the owners of facts that several subgraphs need, sent through `Peers` with
 * the caller's own credentials. Each asks the owner's public contract, never its database.
 */
import { ChannelFactsDocument } from '../lifecycle/generated/peer-operations';
import { entitiesOf, type Peers } from '../../platform/peers';

export interface ChannelFacts {
  id: string;
  name: string;
  status: string;
  supervision: 'EDITORIAL_OFFICE' | 'BIP';
}

/** Many channels' status and supervision in one request to the lifecycle subgraph; null where there is none. */
export async function channelsFacts(
  peers: Peers,
  channelIds: readonly string[],
  authorization: string | undefined,
  service?: string,
): Promise<(ChannelFacts | null)[]> {
  if (channelIds.length === 0) return [];
  const reps = channelIds.map((id) => ({ __typename: 'Channel', id }));
  const data = await peers.send('lifecycle', ChannelFactsDocument, { reps }, { authorization, service });
  return entitiesOf(data._entities, 'Channel');
}

/** A channel's status and supervision, from the lifecycle subgraph; null when there is none. */
export async function channelFacts(
  peers: Peers,
  channelId: string,
  authorization: string | undefined,
  service?: string,
): Promise<ChannelFacts | null> {
  return (await channelsFacts(peers, [channelId], authorization, service))[0] ?? null;
}
