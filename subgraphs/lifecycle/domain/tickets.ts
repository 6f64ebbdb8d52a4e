/** Technical assistance: vendor tickets per channel, their state and deadlines. */
import crypto from 'node:crypto';
import type { DataSource } from 'typeorm';
import { auditRecord, enqueueAudit } from '../../common/audit';
import type { Caller } from '../../common/caller';
import { badInput, conflict, notFound } from '../../../platform/errors';
import { inTransaction } from '../../common/transaction';
import { Channel } from '../entities/channel';
import { TICKET_PRIORITIES, TICKET_STATES, Ticket, type TicketPriority, type TicketState } from '../entities/ticket';
import { actLeadingTo, assertMayTake, transition, type None, type Workflow } from '../../common/workflow';
import { sentence, stateWord, withArticle } from '../../common/workflow';
import { assertNotBip } from './authority';

export type TicketAct = 'open' | 'start' | 'resolve' | 'close' | 'reopen';

/** The head of the unit that owns the ticket's channel. */
export type TicketRule = 'HEAD_OF_CHANNEL_UNIT';

const EDITORIAL_OFFICE = ['EDITORIAL_OFFICE_MEMBER'] as const;

/**
 * The ticket workflow: the editorial office supervises assistance, so it moves every ticket; the head of the
 * channel's unit may report a fault too. Tickets move forward; one in progress or resolved may be reopened; a closed
 * one stays closed. A note is welcome, never required.
 */
export const TICKET_WORKFLOW: Workflow<TicketState | None, TicketAct, TicketRule> = {
  states: ['NONE', ...TICKET_STATES],
  acts: {
    open: { from: ['NONE'], to: 'OPEN', who: [...EDITORIAL_OFFICE, 'HEAD_OF_CHANNEL_UNIT'], needsReason: false },
    start: { from: ['OPEN'], to: 'IN_PROGRESS', who: EDITORIAL_OFFICE, needsReason: false },
    resolve: { from: ['OPEN', 'IN_PROGRESS'], to: 'RESOLVED', who: EDITORIAL_OFFICE, needsReason: false },
    close: { from: ['OPEN', 'RESOLVED'], to: 'CLOSED', who: EDITORIAL_OFFICE, needsReason: false },
    reopen: { from: ['IN_PROGRESS', 'RESOLVED'], to: 'OPEN', who: EDITORIAL_OFFICE, needsReason: false },
  },
  rules: { HEAD_OF_CHANNEL_UNIT: "the head of the channel's unit" },
  may: (act) => (act === 'open' ? 'open assistance tickets' : 'supervise technical assistance (R-5.2.6)'),
  wrongState: (current, act) =>
    `${sentence(withArticle(stateWord(current)))} ticket cannot become ${stateWord(TICKET_WORKFLOW.acts[act].to)}.`,
  noReason: () => ({ field: 'note', message: 'Give a note for the record.' }),
};

export function isOverdue(ticket: Ticket, now = new Date()): boolean {
  return (ticket.state === 'OPEN' || ticket.state === 'IN_PROGRESS') && ticket.deadline < now;
}

export async function openTicket(
  db: DataSource,
  caller: Caller,
  input: {
    channelId: string;
    vendor: string;
    title: string;
    description: string;
    priority: TicketPriority;
    deadline: Date;
  },
): Promise<Ticket> {
  const channel = await db.getRepository(Channel).findOneBy({ id: input.channelId });
  if (!channel) throw notFound(`No channel with id ${input.channelId}.`);
  const rules = { HEAD_OF_CHANNEL_UNIT: caller.headOf.includes(channel.ownerUnitId) };
  const { to } = transition(TICKET_WORKFLOW, 'open', 'NONE', caller, { rules });
  assertNotBip(channel, 'supervise technical assistance of BIP');
  if (!TICKET_PRIORITIES.includes(input.priority)) throw badInput(`Unknown priority "${input.priority}".`, 'priority');
  for (const field of ['vendor', 'title', 'description'] as const)
    if (!input[field]?.trim()) throw badInput(`"${field}" must not be empty.`, field);
  const now = new Date();
  if (input.deadline <= now) throw badInput('"deadline" must be in the future.', 'deadline');
  return inTransaction(db, async (tx) => {
    const ticket = tx.getRepository(Ticket).create({
      id: crypto.randomUUID(),
      channelId: channel.id,
      vendor: input.vendor.trim(),
      title: input.title.trim(),
      description: input.description.trim(),
      priority: input.priority,
      deadline: input.deadline,
      state: to,
      openedByPersonId: caller.personId,
      openedAt: now,
      resolvedAt: null,
      updatedAt: now,
      overdueAnnouncedAt: null,
    });
    await tx.getRepository(Ticket).insert(ticket);
    await enqueueAudit(
      tx,
      auditRecord('lifecycle', caller, 'TICKET_OPENED', { type: 'Ticket', id: ticket.id }, ticket.title, {
        channelId: channel.id,
        vendor: ticket.vendor,
        priority: ticket.priority,
      }),
    );
    return ticket;
  });
}

export async function moveTicket(
  db: DataSource,
  caller: Caller,
  id: string,
  to: TicketState,
  note: string | null,
): Promise<Ticket> {
  const act = actLeadingTo(TICKET_WORKFLOW, to);
  if (!act) throw badInput(`Unknown ticket state "${to}".`, 'state');
  assertMayTake(TICKET_WORKFLOW, act, caller);
  const ticket = await db.getRepository(Ticket).findOneBy({ id });
  if (!ticket) throw notFound(`No ticket with id ${id}.`);
  assertNotBip(
    await db.getRepository(Channel).findOneByOrFail({ id: ticket.channelId }),
    'supervise technical assistance of BIP',
  );
  transition(TICKET_WORKFLOW, act, ticket.state, caller, { reason: note });
  return inTransaction(db, async (tx) => {
    const now = new Date();
    const reopened = to === 'OPEN' && ticket.state === 'RESOLVED';
    const changes = {
      state: to,
      updatedAt: now,
      resolvedAt: to === 'RESOLVED' ? now : to === 'OPEN' ? null : ticket.resolvedAt,
      // Issue 14: a reopened ticket past its deadline is announced as overdue again.
      overdueAnnouncedAt: reopened ? null : ticket.overdueAnnouncedAt,
    };
    const result = await tx.getRepository(Ticket).update({ id, state: ticket.state }, changes);
    if (result.affected === 0) throw conflict('The ticket changed at the same moment; reload and try again.');
    await enqueueAudit(
      tx,
      auditRecord('lifecycle', caller, 'TICKET_UPDATED', { type: 'Ticket', id }, note, { from: ticket.state, to }),
    );
    return Object.assign(ticket, changes);
  });
}
