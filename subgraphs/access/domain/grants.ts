/**
 * Grants: the editorial office (for BIP, the BIP admin, R-3.2) grants an account a
 * permission for a unit and/or a channel, for a period, resting on the unit head's designation of
 * that person. Whether a grant still holds is decided live on every request: revocation,
 * expiry, withdrawal of the designation and suspension of the account all count at once.
 */
import crypto from 'node:crypto';
import { Brackets, IsNull, type DataSource } from 'typeorm';
import { auditRecord } from '../../common/audit';
import type { Caller, DesignationInForce } from '../../common/caller';
import { badInput, conflict, notFound } from '../../common/errors';
import type { Peers } from '../../common/peers';
import { inTransaction } from '../../common/transaction';
import { Account } from '../entities/account';
import { Grant, PERMISSIONS, type Permission } from '../entities/grant';
import { appendAudit } from './audit-log';
import { assertManagesGrantsOn } from './oversight';
import { activeDesignationsOf, channelFacts, covers, designationFacts, type ChannelFacts, type DesignationFacts } from './owners';

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

export interface Asker {
  peers: Peers;
  authorization?: string;
  /** Service token, when another subgraph asks on its own account (the publishing scheduler). */
  service?: string;
}

async function channelOrFail(asker: Asker, channelId: string | null): Promise<ChannelFacts | null> {
  if (!channelId) return null;
  const channel = await channelFacts(asker.peers, channelId, asker.authorization);
  if (!channel) throw notFound(`No channel with id ${channelId}.`);
  return channel;
}

/** The designation a PUBLISH grant rests on: the one named, or the person's active one that covers the scope. */
async function designationFor(asker: Asker, account: Account, unitId: string, channelId: string | null, designationId: string | null): Promise<DesignationFacts> {
  if (designationId) {
    const designation = await designationFacts(asker.peers, designationId, asker.authorization);
    if (!designation) throw notFound(`No designation with id ${designationId}.`);
    if (designation.personId !== account.personId) throw badInput('The designation is of another person than the account holder.', 'designationId');
    if (designation.unitId !== unitId) throw badInput('The designation was made by another unit than the grant is for.', 'designationId');
    if (!designation.active) throw conflict('The designation is withdrawn, expired or not yet valid: a grant cannot rest on it (R-4.3).');
    if (!covers(designation, channelId)) throw badInput('The designation is limited to other channels than the grant names.', 'channelId');
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

export async function grantPermission(db: DataSource, asker: Asker, caller: Caller, input: GrantInput): Promise<Grant> {
  if (!PERMISSIONS.includes(input.permission)) throw badInput(`Unknown permission "${input.permission}".`, 'permission');
  const unitId = input.unitId ?? null;
  const channelId = input.channelId ?? null;
  if (!unitId && !channelId) throw badInput('A grant is scoped: give a unit, a channel or both.', 'unitId');
  const channel = await channelOrFail(asker, channelId);
  assertManagesGrantsOn(caller, channel);

  const account = await db.getRepository(Account).findOneBy({ id: input.accountId });
  if (!account) throw notFound(`No account with id ${input.accountId}.`);
  if (account.status !== 'ACTIVE') throw conflict(`${account.login} is suspended; reactivate the account before granting.`);
  const now = new Date();
  const validFrom = input.validFrom ?? now;
  if (input.validUntil && input.validUntil <= validFrom) throw badInput('"validUntil" must be later than "validFrom".', 'validUntil');
  if (input.validUntil && input.validUntil <= now) throw badInput('"validUntil" is already past.', 'validUntil');

  let designation: DesignationFacts | null = null;
  if (input.permission === 'PUBLISH') {
    if (!unitId) throw badInput('Publishing is on behalf of a unit (R-4.1): a PUBLISH grant names the unit.', 'unitId');
    designation = await designationFor(asker, account, unitId, channelId, input.designationId ?? null);
  }

  return inTransaction(db, async (tx) => {
    const grants = tx.getRepository(Grant);
    const duplicate = await grants
      .createQueryBuilder('g')
      .where('g.accountId = :accountId AND g.permission = :permission AND g.revokedAt IS NULL', { accountId: account.id, permission: input.permission })
      .andWhere(unitId ? 'g.unitId = :unitId' : 'g.unitId IS NULL', { unitId })
      .andWhere(channelId ? 'g.channelId = :channelId' : 'g.channelId IS NULL', { channelId })
      .andWhere(new Brackets((w) => w.where('g.validUntil IS NULL').orWhere('g.validUntil > :now', { now })))
      .getExists();
    if (duplicate) throw conflict(`${account.login} already holds this permission for this scope; revoke it first to change it.`);
    const grant = grants.create({
      id: crypto.randomUUID(),
      accountId: account.id,
      permission: input.permission,
      unitId,
      channelId,
      designationId: designation?.id ?? input.designationId ?? null,
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
      auditRecord('access', caller, 'GRANT_CREATED', { type: 'Grant', id: grant.id }, grant.basis ?? `designation ${grant.designationId ?? '-'}`, {
        accountId: account.id,
        login: account.login,
        permission: grant.permission,
        unitId,
        channelId,
        designationId: grant.designationId,
        validFrom: validFrom.toISOString(),
        validUntil: grant.validUntil?.toISOString() ?? null,
      }),
    );
    return grant;
  });
}

export async function revokeGrant(db: DataSource, asker: Asker, caller: Caller, id: string, reason: string): Promise<Grant> {
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
    await appendAudit(tx, auditRecord('access', caller, 'GRANT_REVOKED', { type: 'Grant', id }, why, { accountId: grant.accountId, permission: grant.permission }));
    return Object.assign(grant, { revokedAt, revokedByAccountId: caller.accountId, revocationReason: why });
  });
}

export interface PublishingRight {
  allowed: boolean;
  reason: string | null;
  grant: Grant | null;
}

/**
 * May the caller publish for `unitId` on `channelId` right now? Asked by the content subgraph
 * before every publishing act; nothing here is cached.
 */
/** `designations`: the holder's designations in force, when already known; otherwise each is asked of organisation. */
export async function publishingRight(
  db: DataSource,
  asker: Asker,
  caller: Caller,
  unitId: string,
  channelId: string,
  designations?: readonly DesignationInForce[],
): Promise<PublishingRight> {
  const deny = (reason: string): PublishingRight => ({ allowed: false, reason, grant: null });
  if (caller.status !== 'ACTIVE') return deny('Your account is suspended.');
  const now = new Date();
  const grants = await db
    .getRepository(Grant)
    .createQueryBuilder('g')
    .where('g.accountId = :accountId AND g.permission = :permission AND g.unitId = :unitId', {
      accountId: caller.accountId,
      permission: 'PUBLISH',
      unitId,
    })
    .andWhere('g.revokedAt IS NULL AND g.validFrom <= :now', { now })
    .andWhere(new Brackets((w) => w.where('g.validUntil IS NULL').orWhere('g.validUntil > :now', { now })))
    .andWhere(new Brackets((w) => w.where('g.channelId = :channelId', { channelId }).orWhere('g.channelId IS NULL')))
    .orderBy('g.channelId', 'DESC')
    .getMany();
  if (grants.length === 0) return deny('You hold no PUBLISH grant in force for this unit on this channel (R-5.2.4).');
  let channel: ChannelFacts | null | undefined;
  for (const grant of grants) {
    if (grant.channelId === null) {
      // A grant for every channel never reaches BIP, which only the BIP admin grants on.
      channel ??= await channelFacts(asker.peers, channelId, asker.authorization, asker.service);
      if (!channel || channel.supervision === 'BIP') continue;
    }
    if (!grant.designationId) continue;
    const designation = designations
      ? designations.find((d) => d.id === grant.designationId)
      : await designationFacts(asker.peers, grant.designationId, asker.authorization, asker.service);
    if (designation && (!('active' in designation) || designation.active) && covers(designation, channelId)) return { allowed: true, reason: null, grant };
  }
  return deny('The designation your grant rests on was withdrawn or has expired (R-4.3).');
}
