/**
 * Facts the access subgraph needs from their owners, asked over HTTP with the caller's own
 * credentials: a channel's supervision (lifecycle), a designation (organisation), a person.
 */
import { entitiesOf, type Peers } from '../../../platform/peers';
import {
  DesignationFactsDocument,
  PersonDesignationsDocument,
  PersonExistsDocument,
  PersonRolesDocument,
} from '../../organisation/generated/peer-operations';

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
  const reps = designationIds.map((id) => ({ __typename: 'Designation', id }));
  const data = await peers.send('organisation', DesignationFactsDocument, { reps }, { authorization, service });
  return entitiesOf(data._entities, 'Designation').map((d) =>
    d ? { id: d.id, active: d.active, unitId: d.unit.id, personId: d.person.id, channelIds: idsOf(d.channels) } : null,
  );
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
export async function rolesOf(
  peers: Peers,
  personId: string,
  authorization: string | undefined,
  service?: string,
): Promise<string[]> {
  const data = await peers.send('organisation', PersonRolesDocument, { id: personId }, { authorization, service });
  return data.person?.roles ?? [];
}

/** The person's designations in force, to find the one a new grant can rest on. */
export async function activeDesignationsOf(
  peers: Peers,
  personId: string,
  authorization: string | undefined,
): Promise<DesignationFacts[]> {
  const data = await peers.send('organisation', PersonDesignationsDocument, { id: personId }, { authorization });
  return (data.person?.designations?.nodes ?? []).map((d) => ({
    id: d.id,
    active: d.active,
    unitId: d.unit.id,
    personId,
    channelIds: idsOf(d.channels),
  }));
}

export async function personExists(
  peers: Peers,
  personId: string,
  authorization: string | undefined,
): Promise<boolean> {
  const data = await peers.send('organisation', PersonExistsDocument, { id: personId }, { authorization });
  return data.person !== null;
}

/** The ids of a designation's channels (a list left null comes only with an error, which Peers has thrown already). */
function idsOf(channels: { id: string }[] | null): string[] {
  return (channels ?? []).map((c) => c.id);
}

/** Does the designation cover publishing on this channel? */
export function covers(designation: Pick<DesignationFacts, 'channelIds'>, channelId: string | null): boolean {
  return designation.channelIds.length === 0 || (channelId !== null && designation.channelIds.includes(channelId));
}
