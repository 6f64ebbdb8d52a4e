/** The content subgraph: sections, documents and (later) revisions, publishing and search. */
import { runStandalone } from '../common/standalone';
import type { SubgraphModule } from '../common/server';
import { AUDIT_TOPIC, auditDelivery } from '../common/audit';
import { OutboxMessage } from '../common/outbox';
import { Attachment } from './entities/attachment';
import { Document, DocumentTag } from './entities/document';
import { IdempotencyKey } from './entities/idempotency';
import { Revision } from './entities/revision';
import { scheduler } from './domain/schedule';
import { Section } from './entities/section';
import { Initial1764000000000 } from './migrations/1764000000000-Initial';
import { resolvers } from './resolvers';
import { seed } from './seed';

export const content: SubgraphModule = {
  name: 'content',
  resolvers,
  entities: [Section, Document, DocumentTag, Revision, Attachment, IdempotencyKey, OutboxMessage],
  migrations: [Initial1764000000000],
  seed,
  background: (services, log) => [scheduler(services, log)],
  outbox: ({ peers, credentials }) => ({ [AUDIT_TOPIC]: auditDelivery(peers, credentials) }),
};

if (require.main === module) runStandalone(content);
