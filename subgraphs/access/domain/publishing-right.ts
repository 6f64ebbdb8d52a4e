/**
 * May an account publish for a unit on a channel right now? The content subgraph asks this before
 * every publishing act and refuses with the reason given here, so the question and the act give the
 * same answer for the same reason. The channel is asked first (live, R-4.5; not frozen, R-5.2.5),
 * then the grants, judged by the one definition of "in force" (in-force.ts). Nothing is cached.
 */
import { Brackets, type DataSource } from 'typeorm';
import type { Caller, DesignationInForce } from '../../common/caller';
import { publishingRefusalOn } from '../../common/channel-status';
import { notFound } from '../../../platform/errors';
import { isBip } from '../../common/supervision';
import { Grant } from '../entities/grant';
import type { Asker } from './grants';
import { whyNotInForce, type GrantContext, type NotInForce } from './in-force';
import { channelFacts, designationsFacts, type ChannelFacts } from './owners';

export interface PublishingRight {
  allowed: boolean;
  reason: string | null;
  grant: Grant | null;
}

const deny = (reason: string): PublishingRight => ({ allowed: false, reason, grant: null });

/** a grant for every channel stops short of BIP, where only the BIP admin grants, channel by channel. */
function scopeRefusal(grant: Grant, channel: ChannelFacts): NotInForce | null {
  if (grant.channelId === null && isBip(channel)) {
    const reason =
      'it is for every channel, and that does not reach BIP: only a grant the BIP admin makes for this BIP channel does (R-3.2)';
    return { nearness: 3, reason };
  }
  return null;
}

/** The PUBLISH grants that could serve, those for this very channel first, newest first. */
function candidates(db: DataSource, accountId: string, unitId: string, channelId: string): Promise<Grant[]> {
  return db
    .getRepository(Grant)
    .createQueryBuilder('g')
    .where('g.accountId = :accountId AND g.permission = :permission AND g.unitId = :unitId', {
      accountId,
      permission: 'PUBLISH',
      unitId,
    })
    .andWhere(new Brackets((w) => w.where('g.channelId = :channelId', { channelId }).orWhere('g.channelId IS NULL')))
    .orderBy('g.channelId', 'DESC')
    .addOrderBy('g.createdAt', 'DESC')
    .getMany();
}

/** The designations the grants rest on: the holder's in force when already known, otherwise asked of organisation at once. */
async function designationsOf(
  asker: Asker,
  grants: Grant[],
  known?: readonly DesignationInForce[],
): Promise<Map<string, GrantContext['designation']>> {
  const ids = [...new Set(grants.map((g) => g.designationId).filter((id): id is string => id !== null))];
  if (known) {
    return new Map(
      ids.map((id) => {
        const inForce = known.find((d) => d.id === id);
        return [id, inForce ? { active: true, channelIds: inForce.channelIds } : null];
      }),
    );
  }
  const facts = await designationsFacts(asker.peers, ids, asker.authorization, asker.service);
  return new Map(ids.map((id, i) => [id, facts[i]]));
}

function refusal(nearest: NotInForce | null): string {
  // The grant itself revoked, expired or not yet valid: as if there were none.
  if (!nearest || nearest.nearness === 0)
    return 'You hold no PUBLISH grant in force for this unit on this channel (R-5.2.4).';
  return `Your PUBLISH grant for this unit does not hold on this channel: ${nearest.reason}.`;
}

/** `designations`: the holder's designations in force, when already known (the caller's, worked out once per request). */
export async function publishingRight(
  db: DataSource,
  asker: Asker,
  holder: Pick<Caller, 'accountId' | 'status'>,
  unitId: string,
  channelId: string,
  designations?: readonly DesignationInForce[],
): Promise<PublishingRight> {
  const channel = await channelFacts(asker.peers, channelId, asker.authorization, asker.service);
  if (!channel) throw notFound(`No channel with id ${channelId}.`);
  const closed = publishingRefusalOn(channel);
  if (closed) return deny(closed);
  if (holder.status !== 'ACTIVE') return deny('Your account is suspended; contact the editorial office.');
  const grants = await candidates(db, holder.accountId, unitId, channelId);
  const byDesignation = await designationsOf(asker, grants, designations);
  const now = new Date();
  let nearest: NotInForce | null = null;
  for (const grant of grants) {
    const context = {
      account: holder,
      designation: grant.designationId ? (byDesignation.get(grant.designationId) ?? null) : null,
    };
    const why = scopeRefusal(grant, channel) ?? whyNotInForce(grant, context, now, channelId);
    if (!why) return { allowed: true, reason: null, grant };
    if (!nearest || why.nearness > nearest.nearness) nearest = why;
  }
  return deny(refusal(nearest));
}
