/**
 * Designations: a unit head names the people of the unit responsible for publishing,
 * optionally only on some channels in service, for a period. A designation is what a publishing
 * grant rests on; withdrawing it is recorded (who, when, why) and never deletes it. A person holds
 * at most one designation by a unit for a channel at a time, so each grant rests on an unambiguous one.
 */
import crypto from 'node:crypto';
import { In, IsNull, type DataSource, type EntityManager } from 'typeorm';
import { auditRecord, enqueueAudit } from '../../common/audit';
import type { Caller } from '../../common/caller';
import { assertInService } from '../../common/channel-status';
import { badInput, conflict, forbidden, notFound } from '../../../platform/errors';
import { channelsFacts } from '../../common/facts';
import type { Peers } from '../../../platform/peers';
import { inTransaction } from '../../common/transaction';
import { Designation, DesignationChannel } from '../entities/designation';
import { Person } from '../entities/person';
import { Unit } from '../entities/unit';
import { assertHeadOf } from './authority';
import { isWithin } from './tree';
import { optionalText, requiredText, validityWindow } from './validation';
import { enqueueLiveEvent } from '../../common/live-events';

export interface DesignatePublisher {
  unitId: string;
  personId: string;
  channelIds?: string[] | null;
  validFrom?: Date | null;
  validUntil?: Date | null;
  basis?: string | null;
}

export async function designatePublisher(
  db: DataSource,
  peers: Peers,
  caller: Caller,
  authorization: string | undefined,
  input: DesignatePublisher,
): Promise<Designation> {
  if (!(await db.getRepository(Unit).existsBy({ id: input.unitId })))
    throw notFound(`No unit with id ${input.unitId}.`);
  assertHeadOf(caller, input.unitId, 'designate the people responsible for publishing');
  const person = await db.getRepository(Person).findOneBy({ id: input.personId });
  if (!person) throw notFound(`No person with id ${input.personId}.`);
  // a head's authority covers the unit's own employees; anyone else is beyond it (FORBIDDEN, not bad input).
  if (!(await isWithin(db, person.unitId, input.unitId))) {
    throw forbidden(
      `You may designate only your unit's own employees, and ${person.name} works in another unit; their own unit head can designate them.`,
    );
  }
  const now = new Date();
  const { from, until } = validityWindow(input.validFrom, input.validUntil, now);
  const channelIds = [...new Set(input.channelIds ?? [])];
  await assertChannelsInService(peers, channelIds, authorization);
  const basis = optionalText(input.basis, 'basis', 1000);

  return inTransaction(db, async (tx) => {
    await assertNotDesignatedAlready(tx, { ...input, from, until, channelIds }, person.name);
    const designation = tx.getRepository(Designation).create({
      id: crypto.randomUUID(),
      unitId: input.unitId,
      personId: input.personId,
      validFrom: from,
      validUntil: until,
      withdrawnAt: null,
      withdrawalReason: null,
      basis,
      designatedByPersonId: caller.personId,
      createdAt: now,
    });
    await tx.getRepository(Designation).insert(designation);
    if (channelIds.length)
      await tx
        .getRepository(DesignationChannel)
        .insert(channelIds.map((channelId) => ({ designationId: designation.id, channelId })));
    await enqueueAudit(
      tx,
      auditRecord('organisation', caller, 'DESIGNATION_CREATED', { type: 'Designation', id: designation.id }, basis, {
        unitId: input.unitId,
        personId: input.personId,
        channelIds,
        validFrom: from.toISOString(),
        validUntil: until?.toISOString() ?? null,
      }),
    );
    // The editorial office's inbox lists designations on which no grant rests yet.
    await enqueueLiveEvent(tx, 'inboxChanged', {});
    return designation;
  });
}

export async function withdrawDesignation(
  db: DataSource,
  caller: Caller,
  id: string,
  reason: string,
): Promise<Designation> {
  const designation = await db.getRepository(Designation).findOneBy({ id });
  if (!designation) throw notFound(`No designation with id ${id}.`);
  assertHeadOf(caller, designation.unitId, 'withdraw its designations');
  const why = requiredText(reason, 'reason', 1000);
  if (designation.withdrawnAt)
    throw conflict(`The designation was already withdrawn on ${designation.withdrawnAt.toISOString()}.`);
  return inTransaction(db, async (tx) => {
    const withdrawnAt = new Date();
    // Only a designation still in force is withdrawn: a concurrent withdrawal leaves nothing to update.
    const result = await tx
      .getRepository(Designation)
      .update({ id, withdrawnAt: IsNull() }, { withdrawnAt, withdrawalReason: why });
    if (result.affected === 0) throw conflict('The designation was withdrawn at the same moment by someone else.');
    await enqueueAudit(
      tx,
      auditRecord('organisation', caller, 'DESIGNATION_WITHDRAWN', { type: 'Designation', id }, why, {
        unitId: designation.unitId,
        personId: designation.personId,
      }),
    );
    await enqueueLiveEvent(tx, 'inboxChanged', {});
    return Object.assign(designation, { withdrawnAt, withdrawalReason: why });
  });
}

/** Asks the lifecycle subgraph, which owns channels, whether each exists and is in service. */
async function assertChannelsInService(
  peers: Peers,
  channelIds: string[],
  authorization: string | undefined,
): Promise<void> {
  const channels = await channelsFacts(peers, channelIds, authorization);
  const missing = channelIds.filter((_, i) => !channels[i]);
  if (missing.length) throw badInput(`No channel with id ${missing.join(', ')}.`, 'channelIds');
  for (const channel of channels) if (channel) assertInService(channel, 'designation');
}

/**
 * one designation of a person by a unit for a channel at a time. A new one may not overlap in
 * time and channels (none listed: every channel) with one not withdrawn; the first is withdrawn first.
 */
async function assertNotDesignatedAlready(
  tx: EntityManager,
  wanted: { unitId: string; personId: string; from: Date; until: Date | null; channelIds: string[] },
  name: string,
): Promise<void> {
  const standing = (
    await tx
      .getRepository(Designation)
      .findBy({ unitId: wanted.unitId, personId: wanted.personId, withdrawnAt: IsNull() })
  ).filter(
    (d) =>
      (d.validUntil === null || d.validUntil > wanted.from) && (wanted.until === null || d.validFrom < wanted.until),
  );
  if (standing.length === 0) return;
  const limits = await tx.getRepository(DesignationChannel).findBy({ designationId: In(standing.map((d) => d.id)) });
  for (const designation of standing) {
    const channels = limits.filter((l) => l.designationId === designation.id).map((l) => l.channelId);
    const overlaps =
      channels.length === 0 || wanted.channelIds.length === 0 || channels.some((id) => wanted.channelIds.includes(id));
    if (overlaps) {
      const scope =
        channels.length === 0
          ? 'for every channel'
          : `for channel${channels.length > 1 ? 's' : ''} ${channels.join(', ')}`;
      const since = designation.validFrom.toISOString().slice(0, 10);
      throw conflict(
        `${name} is already designated by this unit ${scope} (designation ${designation.id}, valid from ${since}): ` +
          'withdraw that designation first, or limit the new one to channels it does not cover.',
      );
    }
  }
}
