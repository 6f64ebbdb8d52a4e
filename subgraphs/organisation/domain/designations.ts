/**
 * Designations: a unit head names the people of the unit responsible for publishing,
 * optionally only on some channels, for a period. A designation is what a publishing grant rests
 * on; withdrawing it is recorded (who, when, why) and never deletes it.
 */
import crypto from 'node:crypto';
import { IsNull, type DataSource } from 'typeorm';
import { auditRecord, enqueueAudit } from '../../common/audit';
import type { Caller } from '../../common/caller';
import { badInput, conflict, notFound } from '../../common/errors';
import type { Peers } from '../../common/peers';
import { inTransaction } from '../../common/transaction';
import { Designation, DesignationChannel } from '../entities/designation';
import { Person } from '../entities/person';
import { Unit } from '../entities/unit';
import { assertHeads } from './authority';
import { isWithin } from './tree';
import { optionalText, requiredText, validityWindow } from './validation';

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
  if (!(await db.getRepository(Unit).existsBy({ id: input.unitId }))) throw notFound(`No unit with id ${input.unitId}.`);
  assertHeads(caller, input.unitId, 'designate the people responsible for publishing');
  const person = await db.getRepository(Person).findOneBy({ id: input.personId });
  if (!person) throw notFound(`No person with id ${input.personId}.`);
  if (!(await isWithin(db, person.unitId, input.unitId))) {
    throw badInput(`${person.name} does not work in this unit; a head designates the unit's own employees.`, 'personId');
  }
  const now = new Date();
  const { from, until } = validityWindow(input.validFrom, input.validUntil, now);
  const channelIds = [...new Set(input.channelIds ?? [])];
  await assertChannelsExist(peers, channelIds, authorization);
  const basis = optionalText(input.basis, 'basis', 1000);

  return inTransaction(db, async (tx) => {
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
    if (channelIds.length) await tx.getRepository(DesignationChannel).insert(channelIds.map((channelId) => ({ designationId: designation.id, channelId })));
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
    return designation;
  });
}

export async function withdrawDesignation(db: DataSource, caller: Caller, id: string, reason: string): Promise<Designation> {
  const designation = await db.getRepository(Designation).findOneBy({ id });
  if (!designation) throw notFound(`No designation with id ${id}.`);
  assertHeads(caller, designation.unitId, 'withdraw its designations');
  const why = requiredText(reason, 'reason', 1000);
  if (designation.withdrawnAt) throw conflict(`The designation was already withdrawn on ${designation.withdrawnAt.toISOString()}.`);
  return inTransaction(db, async (tx) => {
    const withdrawnAt = new Date();
    // Only a designation still in force is withdrawn: a concurrent withdrawal leaves nothing to update.
    const result = await tx.getRepository(Designation).update({ id, withdrawnAt: IsNull() }, { withdrawnAt, withdrawalReason: why });
    if (result.affected === 0) throw conflict('The designation was withdrawn at the same moment by someone else.');
    await enqueueAudit(
      tx,
      auditRecord('organisation', caller, 'DESIGNATION_WITHDRAWN', { type: 'Designation', id }, why, {
        unitId: designation.unitId,
        personId: designation.personId,
      }),
    );
    return Object.assign(designation, { withdrawnAt, withdrawalReason: why });
  });
}

/** Asks the lifecycle subgraph, which owns channels, whether each exists. */
async function assertChannelsExist(peers: Peers, channelIds: string[], authorization: string | undefined): Promise<void> {
  if (channelIds.length === 0) return;
  const data = await peers.query<{ _entities: ({ id: string } | null)[] }>('lifecycle', {
    query: 'query Channels($reps: [_Any!]!) { _entities(representations: $reps) { ... on Channel { id } } }',
    variables: { reps: channelIds.map((id) => ({ __typename: 'Channel', id })) },
    authorization,
  });
  const missing = channelIds.filter((_, i) => !data._entities[i]);
  if (missing.length) throw badInput(`No channel with id ${missing.join(', ')}.`, 'channelIds');
}
