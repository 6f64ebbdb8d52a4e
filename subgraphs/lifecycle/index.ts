/** The lifecycle subgraph: channels and their map, service requests and decisions, assistance, the graphic line, the annual report. */
import { runStandalone } from '../common/standalone';
import type { SubgraphModule } from '../common/server';
import { AUDIT_TOPIC, auditDelivery } from '../common/audit';
import { OutboxMessage } from '../common/outbox';
import { AnnualReport } from './entities/annual-report';
import { Channel, ChannelLink } from './entities/channel';
import { GraphicLineVersion } from './entities/graphic-line';
import { ServiceDecision, ServiceRequest } from './entities/service-request';
import { Ticket } from './entities/ticket';
import { Initial1764000000000 } from './migrations/1764000000000-Initial';
import { ChannelNotApproved1766100000000 } from './migrations/1766100000000-ChannelNotApproved';
import { TicketOverdueAnnounced1766700000000 } from './migrations/1766700000000-TicketOverdueAnnounced';
import { overdueWatch } from './domain/overdue-tickets';
import { resolvers } from './resolvers';
import { seed } from './seed';

export const lifecycle: SubgraphModule = {
  name: 'lifecycle',
  resolvers,
  entities: [
    Channel,
    ChannelLink,
    ServiceRequest,
    ServiceDecision,
    Ticket,
    GraphicLineVersion,
    AnnualReport,
    OutboxMessage,
  ],
  migrations: [Initial1764000000000, ChannelNotApproved1766100000000, TicketOverdueAnnounced1766700000000],
  seed,
  outbox: ({ peers, credentials }) => ({ [AUDIT_TOPIC]: auditDelivery(peers, credentials) }),
  background: (services, log) => [overdueWatch(services, log)],
};

if (require.main === module) runStandalone(lifecycle);
