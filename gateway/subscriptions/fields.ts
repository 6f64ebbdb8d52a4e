/**
 * Every subscription field in one table (gateway/subscriptions/schema.graphql): which live events it reports, which
 * query shows whether the subscriber may watch it, and which query reads an event's payload. Both queries run through
 * the supergraph with the subscriber's own credentials, so the subgraphs' rules decide, here as in any query.
 */
import type { LiveEvent } from '../../platform/changes';
import type { LiveEventType } from '../../subgraphs/common/live-events';

/** The query field that reads an event's payload, and its one argument taken from the event's ids. */
export interface PayloadRoot {
  field: string;
  argument?: { name: string; type: string; value: string | number };
}

export interface SubscriptionField {
  /** The live events it reports. */
  events: readonly LiveEventType[];
  /** A selection that fails with FORBIDDEN for whoever may not watch (asked when subscribing and with every event). */
  rights?: string;
  /** Where the payload is read; `null`: the event says too little (not delivered). */
  payload(event: LiveEvent): PayloadRoot | null;
  /** Whether the event is one the subscriber asked for (by the field's arguments). */
  wanted?(args: Record<string, unknown>, event: LiveEvent): boolean;
}

/** The editorial office's own query: it fails for anybody else. */
const EDITORIAL_OFFICE = 'editorialInbox { id }';

const byId =
  (field: string, key: string) =>
  (event: LiveEvent): PayloadRoot | null =>
    event.ids[key] ? { field, argument: { name: 'id', type: 'ID!', value: event.ids[key] } } : null;

export const SUBSCRIPTION_FIELDS: Record<string, SubscriptionField> = {
  inboxChanged: {
    events: ['incidentChanged', 'serviceRequestChanged', 'ticketOverdue', 'annualReportChanged', 'inboxChanged'],
    rights: EDITORIAL_OFFICE,
    payload: () => ({ field: 'editorialInbox' }),
  },
  incidentChanged: {
    events: ['incidentChanged'],
    // those who may read incidents (the editorial office, the system administrator, the DPO).
    rights: 'incidents(first: 1) { pageInfo { hasNextPage } }',
    payload: byId('incident', 'incidentId'),
  },
  serviceRequestChanged: {
    events: ['serviceRequestChanged'],
    rights: EDITORIAL_OFFICE,
    payload: byId('serviceRequest', 'serviceRequestId'),
  },
  ticketOverdue: {
    events: ['ticketOverdue'],
    rights: EDITORIAL_OFFICE,
    payload: byId('ticket', 'ticketId'),
  },
  annualReportChanged: {
    events: ['annualReportChanged'],
    rights: EDITORIAL_OFFICE,
    payload: (event) => {
      const year = Number(event.ids.year);
      return Number.isInteger(year)
        ? { field: 'annualReport', argument: { name: 'year', type: 'Int!', value: year } }
        : null;
    },
  },
  documentPublished: {
    events: ['documentPublished'],
    payload: byId('document', 'documentId'),
    wanted: (args, event) =>
      args.channelId === undefined || args.channelId === null || args.channelId === event.ids.channelId,
  },
};
