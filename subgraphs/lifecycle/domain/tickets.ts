/** Technical assistance: vendor tickets per channel, their state and deadlines. */
import crypto from 'node:crypto';
import type { DataSource } from 'typeorm';
import { auditRecord, enqueueAudit } from '../../common/audit';
import type { Caller } from '../../common/caller';
import { badInput, conflict, forbidden, notFound } from '../../common/errors';
import { inTransaction } from '../../common/transaction';
import { Channel } from '../entities/channel';
import { TICKET_PRIORITIES, TICKET_STATES, Ticket, type TicketPriority, type TicketState } from '../entities/ticket';
import { actLeadingTo, assertMayTake, transition, type Workflow } from '../../common/workflow';
import { sentence, stateWord, withArticle } from '../../common/workflow';
import { assertNotBip } from './authority';

export type TicketAct = 'start' | 'resolve' | 'close' | 'reopen';

const EDITORIAL_OFFICE = ['EDITORIAL_OFFICE_MEMBER'] as const;

/**
 * The ticket workflow: the editorial office supervises assistance, so it moves every ticket. Tickets move
 * forward; one in progress or resolved may be reopened; a closed one stays closed. A note is welcome, never required.
 */
export const TICKET_WORKFLOW: Workflow<TicketState, TicketAct> = {
  states: TICKET_STATES,
  acts: {
    start: { from: ['OPEN'], to: 'IN_PROGRESS', who: EDITORIAL_OFFICE, needsReason: false },
    resolve: { from: ['OPEN', 'IN_PROGRESS'], to: 'RESOLVED', who: EDITORIAL_OFFICE, needsReason: false },
    close: { from: ['OPEN', 'RESOLVED'], to: 'CLOSED', who: EDITORIAL_OFFICE, needsReason: false },
    reopen: { from: ['IN_PROGRESS', 'RESOLVED'], to: 'OPEN', who: EDITORIAL_OFFICE, needsReason: false },
  },
  rules: {},
  may: () => 'supervise technical assistance (R-5.2.6)',
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
  input: { channelId: string; vendor: string; title: string; description: string; priority: TicketPriority; deadline: Date },
): Promise<Ticket> {
  const channel = await db.getRepository(Channel).findOneBy({ id: input.channelId });
  if (!channel) throw notFound(`No channel with id ${input.channelId}.`);
  // The editorial office supervises assistance; the head of the owning unit may report a fault too.
  if (!caller.roles.has('EDITORIAL_OFFICE_MEMBER') && !caller.headOf.includes(channel.ownerUnitId)) {
    throw forbidden("Only the editorial office or the head of the channel's unit may open assistance tickets.");
  }
  assertNotBip(channel, 'supervise technical assistance of BIP');
  if (!TICKET_PRIORITIES.includes(input.priority)) throw badInput(`Unknown priority "${input.priority}".`, 'priority');
  for (const field of ['vendor', 'title', 'description'] as const) if (!input[field]?.trim()) throw badInput(`"${field}" must not be empty.`, field);
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
      state: 'OPEN',
      openedByPersonId: caller.personId,
      openedAt: now,
      resolvedAt: null,
      updatedAt: now,
    });
    await tx.getRepository(Ticket).insert(ticket);
    await enqueueAudit(tx, auditRecord('lifecycle', caller, 'TICKET_OPENED', { type: 'Ticket', id: ticket.id }, ticket.title, { channelId: channel.id, vendor: ticket.vendor, priority: ticket.priority }));
    return ticket;
  });
}

export async function moveTicket(db: DataSource, caller: Caller, id: string, to: TicketState, note: string | null): Promise<Ticket> {
  const act = actLeadingTo(TICKET_WORKFLOW, to);
  if (!act) throw badInput(`Unknown ticket state "${to}".`, 'state');
  assertMayTake(TICKET_WORKFLOW, act, caller);
  const ticket = await db.getRepository(Ticket).findOneBy({ id });
  if (!ticket) throw notFound(`No ticket with id ${id}.`);
  assertNotBip(await db.getRepository(Channel).findOneByOrFail({ id: ticket.channelId }), 'supervise technical assistance of BIP');
  transition(TICKET_WORKFLOW, act, ticket.state, caller, { reason: note });
  return inTransaction(db, async (tx) => {
    const now = new Date();
    const changes = { state: to, updatedAt: now, resolvedAt: to === 'RESOLVED' ? now : to === 'OPEN' ? null : ticket.resolvedAt };
    const result = await tx.getRepository(Ticket).update({ id, state: ticket.state }, changes);
    if (result.affected === 0) throw conflict('The ticket changed at the same moment; reload and try again.');
    await enqueueAudit(tx, auditRecord('lifecycle', caller, 'TICKET_UPDATED', { type: 'Ticket', id }, note, { from: ticket.state, to }));
    return Object.assign(ticket, changes);
  });
}
