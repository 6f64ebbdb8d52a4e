/**
 * Typed questions to the owners of facts that several subgraphs need, sent through `Peers` with
 * the caller's own credentials. Each asks the owner's public contract, never its database.
 */
import type { Peers } from './peers';

export interface ChannelFacts {
  id: string;
  status: string;
  supervision: 'EDITORIAL_OFFICE' | 'BIP';
}

/** A channel's status and supervision, from the lifecycle subgraph; null when there is none. */
export async function channelFacts(
  peers: Peers,
  channelId: string,
  authorization: string | undefined,
  service?: string,
): Promise<ChannelFacts | null> {
  const data = await peers.query<{ _entities: (ChannelFacts | null)[] }>('lifecycle', {
    query: 'query ChannelFacts($reps: [_Any!]!) { _entities(representations: $reps) { ... on Channel { id status supervision } } }',
    variables: { reps: [{ __typename: 'Channel', id: channelId }] },
    authorization,
    service,
  });
  return data._entities[0] ?? null;
}
