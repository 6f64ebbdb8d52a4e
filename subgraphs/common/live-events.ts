/**
 * Live events (issue 14): an act that dashboards watch is written to the acting subgraph's outbox in the act's
 * own transaction, and the relay publishes it on the change bus (platform/changes.ts), from which every gateway
 * serves its subscriptions (gateway/subscriptions/). Only ids travel: each subscriber reads the rest with its own
 * rights. The event's id is its outbox message's id, so a redelivered event is recognised and dropped.
 */
import crypto from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { ChangeBus, LiveEvent } from '../../platform/changes';
import { enqueue, type OutboxHandler } from './outbox';

export const LIVE_TOPIC = 'live';

/** The acts subscribers may watch, each named like the subscription field that reports it. */
export type LiveEventType =
  | 'incidentChanged'
  | 'serviceRequestChanged'
  | 'ticketOverdue'
  | 'annualReportChanged'
  | 'documentPublished'
  | 'inboxChanged';

/** Records a live event inside the act's transaction. */
export function enqueueLiveEvent(
  manager: EntityManager,
  type: LiveEventType,
  ids: Record<string, string>,
): Promise<void> {
  const id = crypto.randomUUID();
  return enqueue(manager, LIVE_TOPIC, { id, type, ids } satisfies LiveEvent, id);
}

/** The relay's handler: the batch's events, in the order they were recorded, in one announcement. */
export function liveEventsDelivery(bus: ChangeBus): OutboxHandler {
  return async (messages) => {
    await bus.publishEvents(messages.map((message) => JSON.parse(message.payload) as LiveEvent));
  };
}
