/**
 * Facts the access subgraph needs from their owners, asked over HTTP with the caller's own
 * credentials: a channel's supervision (lifecycle), a designation (organisation), a person.
 */
import type { Peers } from '../../common/peers';

export { channelFacts, channelsFacts, type ChannelFacts } from '../../common/facts';

export interface DesignationFacts {
  id: string;
  active: boolean;
  unitId: string;
  personId: string;
  /** Empty: every channel. */
  channelIds: string[];
}

/** Many designations in one request to the organisation subgraph; null where there is none. */
export async function designationsFacts(
  peers: Peers,
  designationIds: readonly string[],
  authorization: string | undefined,
  service?: string,
): Promise<(DesignationFacts | null)[]> {
  if (designationIds.length === 0) return [];
  const data = await peers.query<{
    _entities: ({ id: string; active: boolean; unit: { id: string }; person: { id: string }; channels: { id: string }[] } | null)[];
  }>('organisation', {
    query:
      'query DesignationFacts($reps: [_Any!]!) { _entities(representations: $reps) { ... on Designation { id active unit { id } person { id } channels { id } } } }',
    variables: { reps: designationIds.map((id) => ({ __typename: 'Designation', id })) },
    authorization,
    service,
  });
  return data._entities.map((d) => (d ? { id: d.id, active: d.active, unitId: d.unit.id, personId: d.person.id, channelIds: d.channels.map((c) => c.id) } : null));
}

export async function designationFacts(
  peers: Peers,
  designationId: string,
  authorization: string | undefined,
  service?: string,
): Promise<DesignationFacts | null> {
  return (await designationsFacts(peers, [designationId], authorization, service))[0] ?? null;
}

/** The roles the person holds now (organisation's data), e.g. to know whether an account is the BIP admin's. */
export async function rolesOf(peers: Peers, personId: string, authorization: string | undefined, service?: string): Promise<string[]> {
  const data = await peers.query<{ person: { roles: string[] } | null }>('organisation', {
    query: 'query PersonRoles($id: ID!) { person(id: $id) { roles } }',
    variables: { id: personId },
    authorization,
    service,
  });
  return data.person?.roles ?? [];
}

/** The person's designations in force, to find the one a new grant can rest on. */
export async function activeDesignationsOf(peers: Peers, personId: string, authorization: string | undefined): Promise<DesignationFacts[]> {
  const data = await peers.query<{
    person: { designations: { nodes: { id: string; active: boolean; unit: { id: string }; channels: { id: string }[] }[] } } | null;
  }>('organisation', {
    query:
      'query PersonDesignations($id: ID!) { person(id: $id) { designations(first: 100) { nodes { id active unit { id } channels { id } } } } }',
    variables: { id: personId },
    authorization,
  });
  return (data.person?.designations.nodes ?? []).map((d) => ({
    id: d.id,
    active: d.active,
    unitId: d.unit.id,
    personId,
    channelIds: d.channels.map((c) => c.id),
  }));
}

export async function personExists(peers: Peers, personId: string, authorization: string | undefined): Promise<boolean> {
  const data = await peers.query<{ person: { id: string } | null }>('organisation', {
    query: 'query PersonExists($id: ID!) { person(id: $id) { id } }',
    variables: { id: personId },
    authorization,
  });
  return data.person !== null;
}

/** Does the designation cover publishing on this channel? */
export function covers(designation: Pick<DesignationFacts, 'channelIds'>, channelId: string | null): boolean {
  return designation.channelIds.length === 0 || (channelId !== null && designation.channelIds.includes(channelId));
}
