/**
 * Service requests and the editorial office's binding decisions, with the
 * request workflow as one table. A channel goes live, changes or retires only through an approved
 * request; a new service rejected or withdrawn never goes live (NOT_APPROVED, not RETIRED); BIP is
 * outside this flow, and no request of it makes a channel BIP or takes it out of BIP.
 */
import crypto from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { auditRecord, enqueueAudit } from '../../common/audit';
import type { Caller } from '../../common/caller';
import { sortKey } from '../../common/collation';
import { badInput, conflict, notFound } from '../../../platform/errors';
import { inTransaction } from '../../common/transaction';
import { changed, enqueueChange } from '../../common/changes';
import { CHANNEL_KINDS, Channel, type ChannelKind, type ChannelStatus } from '../entities/channel';
import {
  DECISIONS,
  REQUEST_STATES,
  ServiceDecision,
  ServiceRequest,
  type ChecklistItem,
  type Decision,
  type RequestKind,
  type RequestState,
} from '../entities/service-request';
import { assertMayTake, statesWords, stateWord, transition, type None, type Workflow } from '../../common/workflow';
import { assertDecidable, assertKindOutsideBip, assertNotBip } from './authority';
import { graphicLineStanding } from './graphic-line';
import { enqueueLiveEvent } from '../../common/live-events';

export type RequestAct = 'submit' | 'approve' | 'reject' | 'return' | 'resubmit' | 'withdraw';

/** the head of the unit the request is for acts for the unit. */
export type RequestRule = 'HEAD_OF_UNIT';

/** What the table keeps beside each act: the act in words, once done and after "Only <who> may". */
interface Words {
  done: string;
  may: string;
}

const DECIDE: Words = { done: 'decided', may: 'decide on service requests (R-5.2.3)' };
const EDITORIAL_OFFICE = ['EDITORIAL_OFFICE_MEMBER'] as const;

/**
 * The request workflow.: the unit's head submits a request, with its justification: the editorial
 * office approves, rejects or returns it, always with a rationale; the unit's head resubmits a returned one, or
 * withdraws an open one, saying why.
 */
export const REQUEST_WORKFLOW: Workflow<RequestState | None, RequestAct, RequestRule, Words> = {
  states: ['NONE', ...REQUEST_STATES],
  acts: {
    submit: {
      from: ['NONE'],
      to: 'SUBMITTED',
      who: ['HEAD_OF_UNIT'],
      needsReason: true,
      done: 'submitted',
      may: 'submit service requests for it (R-4.4)',
    },
    approve: { from: ['SUBMITTED'], to: 'APPROVED', who: EDITORIAL_OFFICE, needsReason: true, ...DECIDE },
    reject: { from: ['SUBMITTED'], to: 'REJECTED', who: EDITORIAL_OFFICE, needsReason: true, ...DECIDE },
    return: { from: ['SUBMITTED'], to: 'RETURNED', who: EDITORIAL_OFFICE, needsReason: true, ...DECIDE },
    resubmit: {
      from: ['RETURNED'],
      to: 'SUBMITTED',
      who: ['HEAD_OF_UNIT'],
      needsReason: false,
      done: 'resubmitted',
      may: 'resubmit its requests',
    },
    withdraw: {
      from: ['SUBMITTED', 'RETURNED'],
      to: 'WITHDRAWN',
      who: ['HEAD_OF_UNIT'],
      needsReason: true,
      done: 'withdrawn',
      may: 'withdraw its requests',
    },
  },
  rules: { HEAD_OF_UNIT: 'the head of the unit' },
  may: (act) => REQUEST_WORKFLOW.acts[act].may,
  wrongState: (current, act) => {
    const { done, from } = REQUEST_WORKFLOW.acts[act];
    return `The request is ${stateWord(current)}; it can be ${done} only when ${statesWords(from)}.`;
  },
  noReason: (act) => {
    const field =
      act === 'submit' ? 'justification' : act === 'resubmit' || act === 'withdraw' ? 'reason' : 'rationale';
    return { field, message: `"${field}" must not be empty.` };
  },
};

/** The act each decision is. */
const DECISION_ACT: Record<Decision, RequestAct> = { APPROVE: 'approve', REJECT: 'reject', RETURN: 'return' };

/** The head-of-unit rule, answered for a request's unit. */
const headOf = (caller: Caller, unitId: string) => ({ HEAD_OF_UNIT: caller.headOf.includes(unitId) });

/** The channel's state while a request of each kind is open. */
const CHANNEL_BEFORE: Record<RequestKind, ChannelStatus> = {
  NEW_SERVICE: 'PROPOSED',
  CHANGE: 'CHANGE_PENDING',
  RETIREMENT: 'LIVE',
};

/** What a decision does to the channel: nothing takes effect without approval. */
const CHANNEL_AFTER: Record<RequestKind, Record<Decision, ChannelStatus | null>> = {
  NEW_SERVICE: { APPROVE: 'LIVE', REJECT: 'NOT_APPROVED', RETURN: null },
  CHANGE: { APPROVE: 'LIVE', REJECT: 'LIVE', RETURN: null },
  RETIREMENT: { APPROVE: 'RETIRED', REJECT: 'LIVE', RETURN: null },
};

/** What a withdrawal does to the channel: a new service never went live; a change leaves it as it was. */
const CHANNEL_AFTER_WITHDRAWAL: Record<RequestKind, ChannelStatus | null> = {
  NEW_SERVICE: 'NOT_APPROVED',
  CHANGE: 'LIVE',
  RETIREMENT: null,
};

/** A request is open while it can still be withdrawn. */
const OPEN_STATES = REQUEST_WORKFLOW.acts.withdraw.from;

/**
 * Moves the channel a request is about from the state the request expects to `to`. A channel
 * frozen meanwhile stays frozen: the decision takes effect when the freeze is lifted.
 * Anything else means the channel changed under the request: CONFLICT, nothing written.
 */
async function moveChannel(
  tx: EntityManager,
  channelId: string,
  expected: ChannelStatus,
  to: ChannelStatus,
  changes: Partial<Channel> = {},
): Promise<void> {
  const channel = await tx.getRepository(Channel).findOneByOrFail({ id: channelId });
  const now = new Date();
  await enqueueChange(tx, changed('Channel', channelId));
  if (channel.status === expected) {
    const result = await tx
      .getRepository(Channel)
      .update({ id: channelId, status: expected }, { ...changes, status: to, updatedAt: now });
    if (result.affected === 1) return;
  } else if (channel.status === 'FROZEN' && channel.statusBeforeFreeze === expected) {
    await tx
      .getRepository(Channel)
      .update({ id: channelId, status: 'FROZEN' }, { ...changes, statusBeforeFreeze: to, updatedAt: now });
    return;
  }
  throw conflict(
    `The channel is ${channel.status.toLowerCase().replace('_', ' ')}, not ${expected.toLowerCase().replace('_', ' ')} as the request expects; reload and try again.`,
  );
}

export interface SubmitRequest {
  kind: RequestKind;
  unitId: string;
  channelId?: string | null;
  proposedName?: string | null;
  proposedKind?: ChannelKind | null;
  proposedAddress?: string | null;
  proposedSlug?: string | null;
  description: string;
  justification: string;
  graphicLineVersion: string;
  checklist: (Omit<ChecklistItem, 'note'> & { note?: string | null })[];
}

function text(value: string | null | undefined, field: string, max: number): string {
  const t = (value ?? '').trim();
  if (!t) throw badInput(`"${field}" must not be empty.`, field);
  if (t.length > max) throw badInput(`"${field}" is longer than ${max} characters.`, field);
  return t;
}

function address(value: string | null | undefined): string {
  const a = text(value, 'proposedAddress', 500);
  try {
    const url = new URL(a);
    if (url.protocol !== 'https:') throw new Error();
  } catch {
    throw badInput('"proposedAddress" must be an https:// address.', 'proposedAddress');
  }
  return a;
}

async function assertGraphicLine(db: DataSource, version: string): Promise<void> {
  const { standing, current } = await graphicLineStanding(db, version);
  if (standing === 'UNKNOWN') throw badInput(`There is no graphic-line version "${version}".`, 'graphicLineVersion');
  // a service deployed or changed now follows the current line, not one a higher version superseded.
  if (standing === 'SUPERSEDED')
    throw badInput(
      `Graphic-line version "${version}" is superseded by "${current}": check the service against "${current}" and declare that version.`,
      'graphicLineVersion',
    );
}

export async function submitRequest(db: DataSource, caller: Caller, input: SubmitRequest): Promise<ServiceRequest> {
  // the unit's head submits. Asked in each kind's turn, after what that kind checks first: a change to a
  // BIP channel is refused for BIP's own reason.
  const rules = headOf(caller, input.unitId);
  const submit = () => transition(REQUEST_WORKFLOW, 'submit', 'NONE', caller, { rules, reason: input.justification });
  const description = text(input.description, 'description', 5000);
  const justification = text(input.justification, 'justification', 5000);
  await assertGraphicLine(db, input.graphicLineVersion);
  if (input.checklist.length === 0)
    throw badInput('State the graphic-line checklist (R-6): at least one item.', 'checklist');
  const checklist = input.checklist.map((c) => ({
    item: text(c.item, 'checklist.item', 300),
    compliant: c.compliant,
    note: c.note?.trim() || null,
  }));
  const now = new Date();

  let channel: Channel | null = null;
  if (input.kind === 'NEW_SERVICE') {
    submit();
    if (!input.proposedKind || !CHANNEL_KINDS.includes(input.proposedKind))
      throw badInput('Say what kind of channel the new service is.', 'proposedKind');
    assertKindOutsideBip(null, input.proposedKind);
  } else {
    if (!input.channelId) throw badInput('A change or retirement names the channel.', 'channelId');
    channel = await db.getRepository(Channel).findOneBy({ id: input.channelId });
    if (!channel) throw notFound(`No channel with id ${input.channelId}.`);
    assertNotBip(channel, 'decide on changes to BIP', 'take them to the BIP admin');
    assertKindOutsideBip(channel, input.proposedKind);
    if (channel.ownerUnitId !== input.unitId) throw badInput('The channel is owned by another unit.', 'unitId');
    submit();
    if (channel.status !== 'LIVE')
      throw conflict(
        `The channel is ${channel.status.toLowerCase().replace('_', ' ')}: only a live channel can be changed or retired.`,
      );
    if (await db.getRepository(ServiceRequest).existsBy({ channelId: channel.id, state: In([...OPEN_STATES]) })) {
      throw conflict('A request about this channel is already open; wait for its decision or withdraw it.');
    }
  }

  return inTransaction(db, async (tx) => {
    if (input.kind === 'NEW_SERVICE') {
      const name = text(input.proposedName, 'proposedName', 200);
      const slug = sortKey(input.proposedSlug || name)
        .replace(/ /g, '-')
        .slice(0, 100);
      if (await tx.getRepository(Channel).existsBy({ slug }))
        throw conflict(`A channel with the slug "${slug}" already exists.`);
      channel = tx.getRepository(Channel).create({
        id: crypto.randomUUID(),
        name,
        sortName: sortKey(name),
        slug,
        kind: input.proposedKind as ChannelKind,
        address: address(input.proposedAddress),
        status: 'PROPOSED',
        statusBeforeFreeze: null,
        frozenByIncidents: null,
        supervision: 'EDITORIAL_OFFICE',
        ownerUnitId: input.unitId,
        graphicLineVersion: input.graphicLineVersion,
        createdAt: now,
        updatedAt: now,
      });
      await tx.getRepository(Channel).insert(channel);
      await enqueueChange(tx, changed('Channel', channel.id));
    } else if (input.kind === 'CHANGE') {
      if (input.proposedAddress) address(input.proposedAddress);
      await moveChannel(tx, channel!.id, 'LIVE', 'CHANGE_PENDING');
    }
    const request = tx.getRepository(ServiceRequest).create({
      id: crypto.randomUUID(),
      kind: input.kind,
      state: REQUEST_WORKFLOW.acts.submit.to,
      unitId: input.unitId,
      channelId: channel!.id,
      proposedName: input.proposedName?.trim() || null,
      proposedKind: input.proposedKind ?? null,
      proposedAddress: input.proposedAddress?.trim() || null,
      description,
      justification,
      graphicLineVersion: input.graphicLineVersion,
      checklist: JSON.stringify(checklist),
      submittedByPersonId: caller.personId,
      submittedByAccountId: caller.accountId,
      submittedAt: now,
      updatedAt: now,
    });
    await tx.getRepository(ServiceRequest).insert(request);
    await enqueueAudit(
      tx,
      auditRecord('lifecycle', caller, 'REQUEST_SUBMITTED', { type: 'ServiceRequest', id: request.id }, justification, {
        kind: input.kind,
        channelId: channel!.id,
        unitId: input.unitId,
      }),
    );
    await enqueueLiveEvent(tx, 'serviceRequestChanged', { serviceRequestId: request.id });
    return request;
  });
}

async function loadRequest(db: DataSource, id: string): Promise<ServiceRequest> {
  const request = await db.getRepository(ServiceRequest).findOneBy({ id });
  if (!request) throw notFound(`No service request with id ${id}.`);
  return request;
}

async function moveRequest(tx: EntityManager, request: ServiceRequest, to: RequestState, now: Date): Promise<void> {
  const result = await tx
    .getRepository(ServiceRequest)
    .update({ id: request.id, state: request.state }, { state: to, updatedAt: now });
  if (result.affected === 0) throw conflict('The request changed at the same moment; reload and try again.');
}

export async function decideRequest(
  db: DataSource,
  caller: Caller,
  input: { requestId: string; decision: Decision; rationale: string; conditions?: string | null },
): Promise<ServiceDecision> {
  if (!DECISIONS.includes(input.decision)) throw badInput(`Unknown decision "${input.decision}".`, 'decision');
  const act = DECISION_ACT[input.decision];
  assertMayTake(REQUEST_WORKFLOW, act, caller);
  const rationale = text(input.rationale, 'rationale', 5000);
  const request = await loadRequest(db, input.requestId);
  const { to } = transition(REQUEST_WORKFLOW, act, request.state, caller, { reason: rationale });
  assertDecidable(await db.getRepository(Channel).findOneByOrFail({ id: request.channelId }), request, input.decision);
  return inTransaction(db, async (tx) => {
    const now = new Date();
    await moveRequest(tx, request, to, now);
    const channelStatus = CHANNEL_AFTER[request.kind][input.decision];
    if (channelStatus) {
      const changes: Partial<Channel> = {};
      if (request.kind === 'CHANGE' && input.decision === 'APPROVE') {
        if (request.proposedName)
          Object.assign(changes, { name: request.proposedName, sortName: sortKey(request.proposedName) });
        if (request.proposedKind) changes.kind = request.proposedKind;
        if (request.proposedAddress) changes.address = request.proposedAddress;
        changes.graphicLineVersion = request.graphicLineVersion;
      }
      await moveChannel(tx, request.channelId, CHANNEL_BEFORE[request.kind], channelStatus, changes);
    }
    const decision = tx.getRepository(ServiceDecision).create({
      id: crypto.randomUUID(),
      requestId: request.id,
      decision: input.decision,
      rationale,
      conditions: input.conditions?.trim() || null,
      decidedByAccountId: caller.accountId,
      decidedByPersonId: caller.personId,
      decidedAt: now,
    });
    await tx.getRepository(ServiceDecision).insert(decision);
    await enqueueAudit(
      tx,
      auditRecord('lifecycle', caller, 'REQUEST_DECIDED', { type: 'ServiceRequest', id: request.id }, rationale, {
        decision: input.decision,
        conditions: decision.conditions,
        channelId: request.channelId,
      }),
    );
    await enqueueLiveEvent(tx, 'serviceRequestChanged', { serviceRequestId: request.id });
    return decision;
  });
}

export async function resubmitRequest(
  db: DataSource,
  caller: Caller,
  id: string,
  changes: {
    description?: string | null;
    justification?: string | null;
    checklist?: (Omit<ChecklistItem, 'note'> & { note?: string | null })[] | null;
  },
): Promise<ServiceRequest> {
  const request = await loadRequest(db, id);
  const rules = headOf(caller, request.unitId);
  const { to } = transition(REQUEST_WORKFLOW, 'resubmit', request.state, caller, { rules });
  const updates: Partial<ServiceRequest> = { state: to, updatedAt: new Date() };
  if (changes.description !== undefined) updates.description = text(changes.description, 'description', 5000);
  if (changes.justification !== undefined) updates.justification = text(changes.justification, 'justification', 5000);
  if (changes.checklist) updates.checklist = JSON.stringify(changes.checklist);
  return inTransaction(db, async (tx) => {
    const result = await tx.getRepository(ServiceRequest).update({ id, state: request.state }, updates);
    if (result.affected === 0) throw conflict('The request changed at the same moment; reload and try again.');
    await enqueueAudit(
      tx,
      auditRecord(
        'lifecycle',
        caller,
        'REQUEST_SUBMITTED',
        { type: 'ServiceRequest', id },
        'resubmitted after return',
        {},
      ),
    );
    await enqueueLiveEvent(tx, 'serviceRequestChanged', { serviceRequestId: id });
    return Object.assign(request, updates);
  });
}

export async function withdrawRequest(
  db: DataSource,
  caller: Caller,
  id: string,
  reason: string,
): Promise<ServiceRequest> {
  const request = await loadRequest(db, id);
  const rules = headOf(caller, request.unitId);
  const { to } = transition(REQUEST_WORKFLOW, 'withdraw', request.state, caller, { rules, reason });
  const why = text(reason, 'reason', 1000);
  return inTransaction(db, async (tx) => {
    const now = new Date();
    await moveRequest(tx, request, to, now);
    const channelStatus = CHANNEL_AFTER_WITHDRAWAL[request.kind];
    if (channelStatus) await moveChannel(tx, request.channelId, CHANNEL_BEFORE[request.kind], channelStatus);
    await enqueueAudit(
      tx,
      auditRecord('lifecycle', caller, 'REQUEST_WITHDRAWN', { type: 'ServiceRequest', id }, why, {}),
    );
    await enqueueLiveEvent(tx, 'serviceRequestChanged', { serviceRequestId: id });
    return Object.assign(request, { state: to, updatedAt: now });
  });
}
