/**
 * Grants: the editorial office (for BIP, the BIP admin, R-3.2) grants an account a
 * permission for a unit, optionally on one channel in service, for a period, always resting on the
 * unit head's designation of that person. Whether a grant still holds is decided live on
 * every request (in-force.ts): revocation, expiry, withdrawal of the designation and suspension of
 * the account all count at once.
 */
import crypto from 'node:crypto';
import { Brackets, IsNull, Not, type DataSource } from 'typeorm';
import { auditRecord } from '../../common/audit';
import type { Caller } from '../../common/caller';
import { assertInService } from '../../common/channel-status';
import { badInput, conflict, notFound } from '../../../platform/errors';
import type { Asker } from '../../../platform/peers';
import { isBip } from '../../common/supervision';
import { inTransaction } from '../../common/transaction';
import { ActiveDesignationsDocument } from '../../organisation/generated/peer-operations';
import { Account } from '../entities/account';
import { Grant, PERMISSIONS, type Permission } from '../entities/grant';
import { appendAudit } from './audit-log';
import { assertManagesGrantsOn } from './oversight';
import { recordRefusal } from './in-force';
import {
  activeDesignationsOf,
  channelFacts,
  channelsFacts,
  covers,
  designationFacts,
  type ChannelFacts,
  type DesignationFacts,
} from './owners';
import { enqueueLiveEvent } from '../../common/live-events';

export interface GrantInput {
  accountId: string;
  permission: Permission;
  unitId?: string | null;
  channelId?: string | null;
  designationId?: string | null;
  validFrom?: Date | null;
  validUntil?: Date | null;
  basis?: string | null;
}

export type { Asker } from '../../../platform/peers';

async function channelOrFail(asker: Asker, channelId: string | null): Promise<ChannelFacts | null> {
  if (!channelId) return null;
  const channel = await channelFacts(asker.peers, channelId, asker.authorization);
  if (!channel) throw notFound(`No channel with id ${channelId}.`);
  return channel;
}

/** The designation a grant rests on: the one named, or the person's active one that covers the scope. */
async function designationFor(
  asker: Asker,
  account: Account,
  unitId: string,
  channelId: string | null,
  designationId: string | null,
): Promise<DesignationFacts> {
  if (designationId) {
    const designation = await designationFacts(asker.peers, designationId, asker.authorization);
    if (!designation) throw notFound(`No designation with id ${designationId}.`);
    if (designation.personId !== account.personId)
      throw badInput('The designation is of another person than the account holder.', 'designationId');
    if (designation.unitId !== unitId)
      throw badInput('The designation was made by another unit than the grant is for.', 'designationId');
    if (!designation.active)
      throw conflict('The designation is withdrawn, expired or not yet valid: a grant cannot rest on it (R-4.3).');
    if (!covers(designation, channelId))
      throw badInput('The designation is limited to other channels than the grant names.', 'channelId');
    return designation;
  }
  const candidates = await activeDesignationsOf(asker.peers, account.personId, asker.authorization);
  const designation = candidates.find((d) => d.active && d.unitId === unitId && covers(d, channelId));
  if (!designation) {
    throw conflict(
      `${account.login} has no active designation by this unit${channelId ? ' covering this channel' : ''}: the unit's head must designate them first (R-4.3).`,
    );
  }
  return designation;
}

/** only a permission some act of MPI needs is granted, and every grant rests on a designation. */
function assertGrantable(permission: Permission, unitId: string | null): asserts unitId is string {
  if (!(PERMISSIONS as readonly string[]).includes(permission)) {
    throw badInput(
      `"${permission}" is not granted: no act of MPI needs it (the structure of channels is the editorial office's own, R-5.2.1). The permission to grant is PUBLISH.`,
      'permission',
    );
  }
  if (!unitId)
    throw badInput(
      "A grant acts for a unit (R-4.1) and rests on that unit's designation (R-4.3): name the unit.",
      'unitId',
    );
}

export async function grantPermission(db: DataSource, asker: Asker, caller: Caller, input: GrantInput): Promise<Grant> {
  const unitId = input.unitId ?? null;
  const channelId = input.channelId ?? null;
  assertGrantable(input.permission, unitId);
  const channel = await channelOrFail(asker, channelId);
  assertManagesGrantsOn(caller, channel);
  if (channel) assertInService(channel, 'grant');

  const account = await db.getRepository(Account).findOneBy({ id: input.accountId });
  if (!account) throw notFound(`No account with id ${input.accountId}.`);
  if (account.status !== 'ACTIVE')
    throw conflict(`${account.login} is suspended; reactivate the account before granting.`);
  const now = new Date();
  const validFrom = input.validFrom ?? now;
  if (input.validUntil && input.validUntil <= validFrom)
    throw badInput('"validUntil" must be later than "validFrom".', 'validUntil');
  if (input.validUntil && input.validUntil <= now) throw badInput('"validUntil" is already past.', 'validUntil');

  const designation = await designationFor(asker, account, unitId, channelId, input.designationId ?? null);

  return inTransaction(db, async (tx) => {
    const grants = tx.getRepository(Grant);
    const duplicate = await grants
      .createQueryBuilder('g')
      .where('g.accountId = :accountId AND g.permission = :permission AND g.revokedAt IS NULL', {
        accountId: account.id,
        permission: input.permission,
      })
      .andWhere(unitId ? 'g.unitId = :unitId' : 'g.unitId IS NULL', { unitId })
      .andWhere(channelId ? 'g.channelId = :channelId' : 'g.channelId IS NULL', { channelId })
      .andWhere(new Brackets((w) => w.where('g.validUntil IS NULL').orWhere('g.validUntil > :now', { now })))
      .getExists();
    if (duplicate)
      throw conflict(`${account.login} already holds this permission for this scope; revoke it first to change it.`);
    const grant = grants.create({
      id: crypto.randomUUID(),
      accountId: account.id,
      permission: input.permission,
      unitId,
      channelId,
      designationId: designation.id,
      validFrom,
      validUntil: input.validUntil ?? null,
      basis: input.basis?.trim() || null,
      grantedByAccountId: caller.accountId,
      revokedAt: null,
      revokedByAccountId: null,
      revocationReason: null,
      createdAt: now,
    });
    await grants.insert(grant);
    await appendAudit(
      tx,
      auditRecord(
        'access',
        caller,
        'GRANT_CREATED',
        { type: 'Grant', id: grant.id },
        grant.basis ?? `designation ${grant.designationId}`,
        {
          accountId: account.id,
          login: account.login,
          permission: grant.permission,
          unitId,
          channelId,
          designationId: grant.designationId,
          validFrom: validFrom.toISOString(),
          validUntil: grant.validUntil?.toISOString() ?? null,
        },
      ),
    );
    // The editorial office's inbox lists designations on which no grant rests yet.
    await enqueueLiveEvent(tx, 'inboxChanged', {});
    return grant;
  });
}

export async function revokeGrant(
  db: DataSource,
  asker: Asker,
  caller: Caller,
  id: string,
  reason: string,
): Promise<Grant> {
  const grant = await db.getRepository(Grant).findOneBy({ id });
  if (!grant) throw notFound(`No grant with id ${id}.`);
  assertManagesGrantsOn(caller, await channelOrFail(asker, grant.channelId));
  const why = reason.trim();
  if (!why) throw badInput('Give a reason: it goes to the audit log.', 'reason');
  if (grant.revokedAt) throw conflict(`The grant was already revoked on ${grant.revokedAt.toISOString()}.`);
  return inTransaction(db, async (tx) => {
    const revokedAt = new Date();
    const result = await tx
      .getRepository(Grant)
      .update({ id, revokedAt: IsNull() }, { revokedAt, revokedByAccountId: caller.accountId, revocationReason: why });
    if (result.affected === 0) throw conflict('The grant was revoked at the same moment by someone else.');
    await appendAudit(
      tx,
      auditRecord('access', caller, 'GRANT_REVOKED', { type: 'Grant', id }, why, {
        accountId: grant.accountId,
        permission: grant.permission,
      }),
    );
    await enqueueLiveEvent(tx, 'inboxChanged', {});
    return Object.assign(grant, { revokedAt, revokedByAccountId: caller.accountId, revocationReason: why });
  });
}

/**
 * The editorial office's queue: designations in force on which no grant in force
 * rests yet. Designations limited to BIP channels are the BIP admin's to act on, not the office's.
 */
export async function designationsAwaitingGrants(db: DataSource, asker: Asker): Promise<string[]> {
  const data = await asker.peers.send(
    'organisation',
    ActiveDesignationsDocument,
    {},
    { authorization: asker.authorization },
  );
  const granted = await db.getRepository(Grant).find({ where: { revokedAt: IsNull(), designationId: Not(IsNull()) } });
  const withGrants = new Set(granted.filter((g) => !recordRefusal(g)).map((g) => g.designationId));
  // A list left null comes only with an error, which Peers has thrown already.
  const waiting = (data.activeDesignations ?? [])
    .map((d) => ({ id: d.id, channels: d.channels ?? [] }))
    .filter((d) => !withGrants.has(d.id));
  const channelIds = [...new Set(waiting.flatMap((d) => d.channels.map((c) => c.id)))];
  const bip = new Set(
    (await channelsFacts(asker.peers, channelIds, asker.authorization)).filter((c) => c && isBip(c)).map((c) => c!.id),
  );
  return waiting.filter((d) => d.channels.length === 0 || d.channels.some((c) => !bip.has(c.id))).map((d) => d.id);
}
