/**
 * The map of MPI and protective freezes. A frozen channel is read-only: the
 * content subgraph refuses publishing there. Freezes come from security incidents (access) on the
 * platform's own service credentials and are lifted the same way.
 */
import { In, type DataSource } from 'typeorm';
import { auditRecord, enqueueAudit, type Actor } from '../../common/audit';
import type { Caller } from '../../common/caller';
import { badInput, conflict, notFound } from '../../../platform/errors';
import { inTransaction } from '../../common/transaction';
import { changed, changedAny, enqueueChange } from '../../common/changes';
import { Channel, ChannelLink, LINK_KINDS, type LinkKind } from '../entities/channel';
import { assertHolds, assertNotBip } from './authority';

/** with: the editorial office keeps the map of MPI, BIP's place in it excepted. */
function assertMapOutsideBip(channels: Channel[]): void {
  for (const channel of channels) assertNotBip(channel, 'record or remove links of BIP in the map of MPI');
}

export async function linkChannels(
  db: DataSource,
  caller: Caller,
  fromId: string,
  toId: string,
  kind: LinkKind,
): Promise<ChannelLink> {
  assertHolds(caller, 'EDITORIAL_OFFICE_MEMBER', 'change the map of MPI (R-5.2.1)');
  if (!LINK_KINDS.includes(kind)) throw badInput(`Unknown link kind "${kind}".`, 'kind');
  if (fromId === toId) throw badInput('A channel cannot link to itself.', 'toChannelId');
  const channels = await db.getRepository(Channel).findBy({ id: In([fromId, toId]) });
  if (channels.length !== 2) throw notFound('Both channels must exist.');
  assertMapOutsideBip(channels);
  return inTransaction(db, async (tx) => {
    if (await tx.getRepository(ChannelLink).existsBy({ fromChannelId: fromId, toChannelId: toId }))
      throw conflict('The channels are already linked.');
    const link = tx
      .getRepository(ChannelLink)
      .create({ fromChannelId: fromId, toChannelId: toId, kind, createdAt: new Date() });
    await tx.getRepository(ChannelLink).insert(link);
    await enqueueChange(tx, changedAny('ChannelLink'));
    await enqueueAudit(
      tx,
      auditRecord('lifecycle', caller, 'CHANNEL_LINKED', { type: 'Channel', id: fromId }, null, {
        toChannelId: toId,
        kind,
      }),
    );
    return link;
  });
}

export async function unlinkChannels(db: DataSource, caller: Caller, fromId: string, toId: string): Promise<boolean> {
  assertHolds(caller, 'EDITORIAL_OFFICE_MEMBER', 'change the map of MPI (R-5.2.1)');
  assertMapOutsideBip(await db.getRepository(Channel).findBy({ id: In([fromId, toId]) }));
  return inTransaction(db, async (tx) => {
    const result = await tx.getRepository(ChannelLink).delete({ fromChannelId: fromId, toChannelId: toId });
    if (!result.affected) throw notFound('The channels are not linked.');
    await enqueueChange(tx, changedAny('ChannelLink'));
    await enqueueAudit(
      tx,
      auditRecord('lifecycle', caller, 'CHANNEL_UNLINKED', { type: 'Channel', id: fromId }, null, {
        toChannelId: toId,
      }),
    );
    return true;
  });
}

/**
 * Freezes (or unfreezes) channels for an incident; repeating it changes nothing (idempotent). Each
 * incident's freeze is counted: a channel frozen by two incidents thaws only when both are lifted.
 * `actor` is whose act it is (who opened the incident, or lifted the action): the audit names them (R-T.3).
 */
export async function setFrozen(
  db: DataSource,
  channelIds: string[],
  frozen: boolean,
  incidentId: string,
  actor: Actor | null,
): Promise<Channel[]> {
  return inTransaction(db, async (tx) => {
    const channels = await tx.getRepository(Channel).findBy({ id: In(channelIds) });
    if (channels.length !== new Set(channelIds).size) throw notFound('No channel with one of the ids given.');
    const now = new Date();
    for (const channel of channels) {
      assertNotBip(channel, 'freeze BIP channels');
      const by = new Set<string>(channel.frozenByIncidents ? (JSON.parse(channel.frozenByIncidents) as string[]) : []);
      if (frozen === by.has(incidentId)) continue;
      if (frozen) by.add(incidentId);
      else by.delete(incidentId);
      const frozenByIncidents = by.size ? JSON.stringify([...by]) : null;
      if (frozen && channel.status !== 'FROZEN') {
        Object.assign(channel, { statusBeforeFreeze: channel.status, status: 'FROZEN' });
      } else if (!frozen && by.size === 0 && channel.status === 'FROZEN') {
        Object.assign(channel, { status: channel.statusBeforeFreeze ?? 'LIVE', statusBeforeFreeze: null });
      }
      Object.assign(channel, { frozenByIncidents, updatedAt: now });
      await tx
        .getRepository(Channel)
        .update(
          { id: channel.id },
          { status: channel.status, statusBeforeFreeze: channel.statusBeforeFreeze, frozenByIncidents, updatedAt: now },
        );
      await enqueueChange(tx, changed('Channel', channel.id));
      await enqueueAudit(
        tx,
        auditRecord(
          'lifecycle',
          actor,
          frozen ? 'CHANNEL_FROZEN' : 'CHANNEL_UNFROZEN',
          { type: 'Channel', id: channel.id },
          `incident ${incidentId}`,
          { incidentId },
        ),
      );
    }
    return channels;
  });
}
