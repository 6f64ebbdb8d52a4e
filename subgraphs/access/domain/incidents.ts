/**
 * Security incidents. The editorial office opens an incident and, in the same act, takes
 * protective actions and reports it to the system administrator and the DPO. Local actions
 * (suspensions, revocations) commit in the incident's transaction; freezing channels and taking
 * documents down are done by their owners, sent from the outbox of the same transaction along
 * with the notifications, so nothing is lost if the process dies after the commit. A protective action never
 * waits for another service (issue 12): when an owner cannot be asked whether a target exists or is on BIP, the
 * incident and access's own actions commit anyway, and the check is made from the outbox once it can be; an
 * action it fails is refused (and a local one undone), with the reason on the action. Personal data
 * start the DPO's 72-hour clock (GDPR Art. 33). States move open → contained → closed.
 */
import { assertHolds } from '../../common/authority';
import crypto from 'node:crypto';
import { In, IsNull, type DataSource, type EntityManager } from 'typeorm';
import { auditRecord } from '../../common/audit';
import type { Caller } from '../../common/caller';
import { badInput, conflict, notFound } from '../../../platform/errors';
import { enqueue } from '../../common/outbox';
import { entitiesOf, PeerUnreachable } from '../../../platform/peers';
import { DocumentChannelsDocument } from '../../content/generated/peer-operations';
import { isBip, outsideBip } from '../../common/supervision';
import { inTransaction } from '../../common/transaction';
import { Account } from '../entities/account';
import { Grant } from '../entities/grant';
import {
  INCIDENT_STATES,
  Incident,
  IncidentNotification,
  ProtectiveAction,
  RECIPIENTS,
  type ActionKind,
  type IncidentState,
} from '../entities/incident';
import { actLeadingTo, assertMayTake, transition, type None, type Workflow } from '../../common/workflow';
import { sentence, stateWord, withArticle } from '../../common/workflow';
import { assertMayChangeStatus } from './accounts';
import { appendAudit } from './audit-log';
import type { Asker } from './grants';
import { channelFacts } from './owners';
import { enqueueLiveEvent } from '../../common/live-events';

export const ACTION_TOPIC = 'protective-action';
export const NOTIFICATION_TOPIC = 'incident-notification';
/** Suspensions and revocations taken before their BIP check could be made: checked from the outbox. */
export const CHECK_TOPIC = 'protective-action-check';
const GDPR_HOURS = 72;

export type IncidentAct = 'open' | 'contain' | 'close';

/**
 * The incident workflow: the editorial office opens an incident and moves it forward only, open →
 * contained → closed, with a note for the record each time.
 */
export const INCIDENT_WORKFLOW: Workflow<IncidentState | None, IncidentAct> = {
  states: ['NONE', ...INCIDENT_STATES],
  acts: {
    open: { from: ['NONE'], to: 'OPEN', who: ['EDITORIAL_OFFICE_MEMBER'], needsReason: false },
    contain: { from: ['OPEN'], to: 'CONTAINED', who: ['EDITORIAL_OFFICE_MEMBER'], needsReason: true },
    close: { from: ['CONTAINED'], to: 'CLOSED', who: ['EDITORIAL_OFFICE_MEMBER'], needsReason: true },
  },
  rules: {},
  may: (act) =>
    `${act === 'open' ? 'open security incidents and take protective actions' : 'move incidents'} (R-5.2.5)`,
  wrongState: (current, act) => {
    const [from, to] = [withArticle(stateWord(current)), stateWord(INCIDENT_WORKFLOW.acts[act].to)];
    return `${sentence(from)} incident cannot become ${to}; incidents move open → contained → closed.`;
  },
  noReason: () => ({ field: 'note', message: 'Give a note for the record.' }),
};

export interface OpenIncident {
  title: string;
  description: string;
  detectedAt?: Date | null;
  personalDataInvolved: boolean;
  suspendAccountIds?: string[] | null;
  revokeGrantIds?: string[] | null;
  freezeChannelIds?: string[] | null;
  takeDownDocumentIds?: string[] | null;
}

/** What a remote protective action asks of its owner. */
export interface RemoteAction {
  actionId: string;
  incidentId: string;
  kind: 'FREEZE_CHANNEL' | 'TAKE_DOWN_DOCUMENT';
  targetId: string;
  lift: boolean;
  /** R-T.3: whose act it is (who opened the incident, or lifted the action), so the owner's audit entry names them. */
  actor?: ActingPerson;
  /** False when the target's existence and supervision could not be checked at the time: checked before delivery. */
  checked?: boolean;
}

/** A local action (suspension, revocation) whose BIP check waits for an owner that could not answer. */
export interface ActionCheck {
  actionId: string;
  kind: 'SUSPEND_ACCOUNT' | 'REVOKE_GRANT';
  targetId: string;
}

export interface ActingPerson {
  accountId: string;
  login: string;
  personId: string;
}

const actingPerson = (caller: Caller): ActingPerson => ({
  accountId: caller.accountId,
  login: caller.login,
  personId: caller.personId,
});

export function gdprDeadline(incident: Incident): Date | null {
  return incident.personalDataInvolved ? new Date(incident.detectedAt.getTime() + GDPR_HOURS * 3_600_000) : null;
}

function assertEditorialOffice(caller: Caller, act: string): void {
  assertHolds(caller, 'EDITORIAL_OFFICE_MEMBER', `${act} (R-5.2.5)`);
}

export async function openIncident(
  db: DataSource,
  asker: Asker,
  caller: Caller,
  input: OpenIncident,
): Promise<Incident> {
  const { to: opened } = transition(INCIDENT_WORKFLOW, 'open', 'NONE', caller);
  const title = input.title.trim();
  const description = input.description.trim();
  if (!title || title.length > 300) throw badInput('"title" must be 1-300 characters.', 'title');
  if (!description) throw badInput('"description" must say what happened.', 'description');
  const now = new Date();
  const detectedAt = input.detectedAt ?? now;
  if (detectedAt.getTime() > now.getTime() + 60_000)
    throw badInput('"detectedAt" cannot be in the future.', 'detectedAt');
  const suspend = [...new Set(input.suspendAccountIds ?? [])];
  const revoke = [...new Set(input.revokeGrantIds ?? [])];
  const freeze = [...new Set(input.freezeChannelIds ?? [])];
  const takeDown = [...new Set(input.takeDownDocumentIds ?? [])];
  if (suspend.includes(caller.accountId)) throw badInput('You cannot suspend your own account.', 'suspendAccountIds');
  // Issue 12: what an owner cannot answer now is checked later; the incident does not wait for it.
  const channelsChecked = await unlessUnreachable(() => assertChannelsFreezable(asker, freeze));
  const documentsChecked = await unlessUnreachable(() => assertDocumentsTakeable(asker, takeDown));
  const grantsChecked = await unlessUnreachable(() => assertGrantsOutsideBip(db, asker, revoke));
  const uncheckedAccounts = await assertSuspensionsAllowed(db, asker, caller, suspend);

  return inTransaction(db, async (tx) => {
    const accounts = suspend.length ? await tx.getRepository(Account).findBy({ id: In(suspend) }) : [];
    if (accounts.length !== suspend.length) throw notFound('One of the accounts to suspend does not exist.');
    const grants = revoke.length ? await tx.getRepository(Grant).findBy({ id: In(revoke) }) : [];
    if (grants.length !== revoke.length) throw notFound('One of the grants to revoke does not exist.');

    const incident = tx.getRepository(Incident).create({
      id: crypto.randomUUID(),
      title,
      description,
      personalDataInvolved: input.personalDataInvolved,
      detectedAt,
      state: opened,
      openedByAccountId: caller.accountId,
      openedByPersonId: caller.personId,
      openedAt: now,
      containedAt: null,
      closedAt: null,
      updatedAt: now,
    });
    await tx.getRepository(Incident).insert(incident);
    await appendAudit(
      tx,
      auditRecord('access', caller, 'INCIDENT_OPENED', { type: 'Incident', id: incident.id }, title, {
        personalDataInvolved: input.personalDataInvolved,
      }),
    );
    await enqueueLiveEvent(tx, 'incidentChanged', { incidentId: incident.id });

    const act = async (kind: ActionKind, targetId: string, done: boolean, checked: boolean) => {
      const action = {
        id: crypto.randomUUID(),
        incidentId: incident.id,
        kind,
        targetId,
        state: done ? ('DONE' as const) : ('PENDING' as const),
        takenAt: now,
        doneAt: done ? now : null,
        liftedAt: null,
        liftedByAccountId: null,
        liftReason: null,
        refusalReason: null,
      };
      await tx.getRepository(ProtectiveAction).insert(action);
      await appendAudit(
        tx,
        auditRecord(
          'access',
          caller,
          'PROTECTIVE_ACTION_TAKEN',
          { type: 'ProtectiveAction', id: action.id },
          `incident ${incident.id}`,
          { kind, targetId },
        ),
      );
      // The message of a remote action has the action's id: the incident shows its delivery attempts.
      const remote = {
        actionId: action.id,
        incidentId: incident.id,
        kind: kind as RemoteAction['kind'],
        targetId,
        lift: false,
        actor: actingPerson(caller),
        checked,
      };
      if (!done) await enqueue(tx, ACTION_TOPIC, remote satisfies RemoteAction, action.id);
      else if (!checked)
        await enqueue(
          tx,
          CHECK_TOPIC,
          { actionId: action.id, kind: kind as ActionCheck['kind'], targetId } satisfies ActionCheck,
          action.id,
        );
    };
    // Only what this incident changes is its action: lifting it must not undo an earlier suspension or revocation.
    for (const account of accounts) {
      if (account.status === 'ACTIVE') {
        await tx
          .getRepository(Account)
          .update(
            { id: account.id },
            { status: 'SUSPENDED', statusChangedAt: now, statusReason: `Incydent ${incident.id}` },
          );
        await act('SUSPEND_ACCOUNT', account.id, true, !uncheckedAccounts.has(account.id));
      } else if (await suspensionHolds(tx, account.id)) {
        // Already suspended by another incident: this one holds it too, so lifting the other does not reactivate it.
        await act('SUSPEND_ACCOUNT', account.id, true, !uncheckedAccounts.has(account.id));
      }
    }
    for (const grant of grants) {
      if (grant.revokedAt) continue;
      await tx
        .getRepository(Grant)
        .update(
          { id: grant.id },
          { revokedAt: now, revokedByAccountId: caller.accountId, revocationReason: `Incydent ${incident.id}` },
        );
      await act('REVOKE_GRANT', grant.id, true, grantsChecked);
    }
    for (const channelId of freeze) await act('FREEZE_CHANNEL', channelId, false, channelsChecked);
    for (const documentId of takeDown) await act('TAKE_DOWN_DOCUMENT', documentId, false, documentsChecked);

    // reported at the same time to the system administrator and the DPO.
    for (const recipient of RECIPIENTS) {
      const notification = { id: crypto.randomUUID(), incidentId: incident.id, recipient, createdAt: now };
      await tx.getRepository(IncidentNotification).insert(notification);
      await enqueue(
        tx,
        NOTIFICATION_TOPIC,
        {
          notificationId: notification.id,
          recipient,
          incident: {
            id: incident.id,
            title,
            description,
            detectedAt: detectedAt.toISOString(),
            personalDataInvolved: input.personalDataInvolved,
            gdprDeadline: gdprDeadline(incident)?.toISOString() ?? null,
          },
          protectiveActions: {
            suspendAccountIds: suspend,
            revokeGrantIds: revoke,
            freezeChannelIds: freeze,
            takeDownDocumentIds: takeDown,
          },
        },
        notification.id,
      );
    }
    return incident;
  });
}

/** an incident of the editorial office does not reach grants on BIP channels. */
export async function assertGrantsOutsideBip(db: DataSource, asker: Asker, grantIds: string[]): Promise<void> {
  if (grantIds.length === 0) return;
  const grants = await db.getRepository(Grant).findBy({ id: In(grantIds) });
  for (const channelId of new Set(grants.map((g) => g.channelId).filter((id): id is string => id !== null))) {
    const channel = await channelFacts(asker.peers, channelId, asker.authorization, asker.service);
    if (channel && isBip(channel)) throw outsideBip('revoke grants on BIP');
  }
}

/**
 * an incident suspends only what a direct suspension by the same person could (the BIP admin's account
 * is not the editorial office's). Returns the accounts whose check could not be made now (an owner unreachable).
 */
async function assertSuspensionsAllowed(
  db: DataSource,
  asker: Asker,
  caller: Caller,
  accountIds: string[],
): Promise<Set<string>> {
  const unchecked = new Set<string>();
  if (accountIds.length === 0) return unchecked;
  for (const account of await db.getRepository(Account).findBy({ id: In(accountIds) })) {
    if (!(await unlessUnreachable(() => assertMayChangeStatus(db, asker, caller, account)))) unchecked.add(account.id);
  }
  return unchecked;
}

/** Runs a check with an owner; false when the owner could not be reached (the check is made later), true when it passed. */
export async function unlessUnreachable(check: () => Promise<void>): Promise<boolean> {
  try {
    await check();
    return true;
  } catch (error) {
    if (error instanceof PeerUnreachable) return false;
    throw error;
  }
}

/** Channels to freeze exist and are not BIP, checked with lifecycle before anything is done. */
export async function assertChannelsFreezable(asker: Asker, channelIds: string[]): Promise<void> {
  for (const channelId of channelIds) {
    const channel = await channelFacts(asker.peers, channelId, asker.authorization, asker.service);
    if (!channel) throw notFound(`No channel with id ${channelId}.`);
    if (isBip(channel)) throw outsideBip('freeze BIP channels');
  }
}

/** Documents to take down exist and are not on BIP, checked with content and lifecycle. */
export async function assertDocumentsTakeable(asker: Asker, documentIds: string[]): Promise<void> {
  if (documentIds.length === 0) return;
  const reps = documentIds.map((id) => ({ __typename: 'Document', id }));
  const data = await asker.peers.send(
    'content',
    DocumentChannelsDocument,
    { reps },
    { authorization: asker.authorization, service: asker.service },
  );
  const documents = entitiesOf(data._entities, 'Document');
  const missing = documentIds.filter((_, i) => !documents[i]);
  if (missing.length) throw notFound(`No document with id ${missing.join(', ')}.`);
  for (const channelId of new Set(documents.map((d) => d!.channel!.id))) {
    const channel = await channelFacts(asker.peers, channelId, asker.authorization, asker.service);
    if (channel && isBip(channel)) throw outsideBip('take documents down on BIP');
  }
}

export async function moveIncident(
  db: DataSource,
  caller: Caller,
  id: string,
  to: Exclude<IncidentState, 'OPEN'>,
  note: string,
): Promise<Incident> {
  const act = actLeadingTo(INCIDENT_WORKFLOW, to);
  if (!act) throw badInput('An incident is opened once; it can only become contained or closed.', 'state');
  assertMayTake(INCIDENT_WORKFLOW, act, caller);
  const incident = await db.getRepository(Incident).findOneBy({ id });
  if (!incident) throw notFound(`No incident with id ${id}.`);
  const { reason: why } = transition(INCIDENT_WORKFLOW, act, incident.state, caller, { reason: note });
  return inTransaction(db, async (tx) => {
    const now = new Date();
    const changes = { state: to, updatedAt: now, ...(to === 'CONTAINED' ? { containedAt: now } : { closedAt: now }) };
    const result = await tx.getRepository(Incident).update({ id, state: incident.state }, changes);
    if (result.affected === 0) throw conflict('The incident changed at the same moment; reload and try again.');
    await appendAudit(
      tx,
      auditRecord('access', caller, 'INCIDENT_STATE_CHANGED', { type: 'Incident', id }, why, {
        from: incident.state,
        to,
      }),
    );
    await enqueueLiveEvent(tx, 'incidentChanged', { incidentId: id });
    return Object.assign(incident, changes);
  });
}

/** How many incidents' suspensions in force hold the account (other than `except`). */
function suspensionHolds(tx: EntityManager, accountId: string, except?: string): Promise<number> {
  const holds = tx
    .getRepository(ProtectiveAction)
    .createQueryBuilder('a')
    .where("a.kind = 'SUSPEND_ACCOUNT' AND a.state = 'DONE' AND a.targetId = :accountId", { accountId });
  if (except) holds.andWhere('a.id <> :except', { except });
  return holds.getCount();
}

/** Lifting a protective action: only the editorial office, with a reason. */
export async function liftAction(
  db: DataSource,
  caller: Caller,
  actionId: string,
  reason: string,
): Promise<ProtectiveAction> {
  assertEditorialOffice(caller, 'lift protective actions');
  const why = reason.trim();
  if (!why) throw badInput('Give a reason for lifting the action.', 'reason');
  const action = await db.getRepository(ProtectiveAction).findOneBy({ id: actionId });
  if (!action) throw notFound(`No protective action with id ${actionId}.`);
  if (action.state !== 'DONE')
    throw conflict(`The action is ${action.state.toLowerCase()}; only an action that took effect can be lifted.`);
  return inTransaction(db, async (tx) => {
    const now = new Date();
    const local = action.kind === 'SUSPEND_ACCOUNT' || action.kind === 'REVOKE_GRANT';
    if (action.kind === 'SUSPEND_ACCOUNT') {
      // The account comes back only when no other incident's suspension still holds it.
      if ((await suspensionHolds(tx, action.targetId, action.id)) === 0) {
        await tx
          .getRepository(Account)
          .update({ id: action.targetId }, { status: 'ACTIVE', statusChangedAt: now, statusReason: why });
      }
    } else if (action.kind === 'REVOKE_GRANT') {
      await reinstateGrant(tx, action.targetId, caller.accountId, why);
    } else {
      const remote: RemoteAction = {
        actionId: action.id,
        incidentId: action.incidentId,
        kind: action.kind as RemoteAction['kind'],
        targetId: action.targetId,
        lift: true,
        actor: actingPerson(caller),
      };
      await enqueue(tx, ACTION_TOPIC, remote);
    }
    const changes = {
      state: local ? ('LIFTED' as const) : ('LIFTING' as const),
      liftedAt: local ? now : null,
      liftedByAccountId: caller.accountId,
      liftReason: why,
    };
    const result = await tx.getRepository(ProtectiveAction).update({ id: action.id, state: 'DONE' }, changes);
    if (result.affected === 0) throw conflict('The action changed at the same moment; reload and try again.');
    await appendAudit(
      tx,
      auditRecord('access', caller, 'PROTECTIVE_ACTION_LIFTED', { type: 'ProtectiveAction', id: action.id }, why, {
        kind: action.kind,
        targetId: action.targetId,
      }),
    );
    return Object.assign(action, changes);
  });
}

/** A revoked grant is not un-revoked (the record stands): an identical grant is made again. */
async function reinstateGrant(
  tx: EntityManager,
  grantId: string,
  byAccountId: string | null,
  why: string,
): Promise<void> {
  const grant = await tx.getRepository(Grant).findOneByOrFail({ id: grantId });
  const now = new Date();
  await tx.getRepository(Grant).insert({
    ...grant,
    id: crypto.randomUUID(),
    validFrom: now,
    basis: `Przywrócone po incydencie: ${why}`,
    grantedByAccountId: byAccountId,
    revokedAt: null,
    revokedByAccountId: null,
    revocationReason: null,
    createdAt: now,
  });
}

/** Marks remote actions as having taken effect (or been lifted) once their owner confirmed. */
export async function confirmRemote(db: DataSource, actions: RemoteAction[]): Promise<void> {
  await inTransaction(db, async (tx) => {
    const now = new Date();
    for (const action of actions) {
      if (action.lift)
        await tx
          .getRepository(ProtectiveAction)
          .update({ id: action.actionId, state: 'LIFTING' }, { state: 'LIFTED', liftedAt: now });
      else
        await tx
          .getRepository(ProtectiveAction)
          .update({ id: action.actionId, state: 'PENDING', liftedAt: IsNull() }, { state: 'DONE', doneAt: now });
    }
  });
}

/**
 * an action that its late check refused. A local one taken already is undone as lifting would undo it (the
 * account comes back only when no other incident holds it; a revoked grant is made again); none is in force after.
 */
export async function refuseAction(db: DataSource, actionId: string, reason: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const action = await tx.getRepository(ProtectiveAction).findOneBy({ id: actionId });
    if (!action || (action.state !== 'PENDING' && action.state !== 'DONE')) return;
    const now = new Date();
    const result = await tx
      .getRepository(ProtectiveAction)
      .update({ id: action.id, state: action.state }, { state: 'REFUSED', refusalReason: reason });
    if (result.affected === 0) return;
    if (
      action.state === 'DONE' &&
      action.kind === 'SUSPEND_ACCOUNT' &&
      (await suspensionHolds(tx, action.targetId)) === 0
    ) {
      await tx
        .getRepository(Account)
        .update({ id: action.targetId }, { status: 'ACTIVE', statusChangedAt: now, statusReason: reason });
    } else if (action.state === 'DONE' && action.kind === 'REVOKE_GRANT') {
      await reinstateGrant(tx, action.targetId, null, reason);
    }
    await appendAudit(
      tx,
      auditRecord('access', null, 'PROTECTIVE_ACTION_REFUSED', { type: 'ProtectiveAction', id: action.id }, reason, {
        kind: action.kind,
        targetId: action.targetId,
      }),
    );
  });
}
