/** The content subgraph: sections, documents, their revisions and moves through the workflow, publishing and search. */
import path from 'node:path';
import { runStandalone } from '../common/standalone';
import type { SubgraphModule } from '../common/server';
import { AUDIT_TOPIC, auditDelivery } from '../common/audit';
import { OutboxMessage } from '../common/outbox';
import { Attachment } from './entities/attachment';
import { Upload } from './entities/upload';
import { Document, DocumentTag } from './entities/document';
import { DocumentHold } from './entities/document-hold';
import { IdempotencyKey } from './entities/idempotency';
import { Revision } from './entities/revision';
import { HEAVY_WORK } from './domain/heavy-work';
import { scheduler } from './domain/schedule';
import { attachmentStore } from './domain/attachments';
import { uploadsPruner } from './domain/uploads';
import { contentFiles } from './files';
import { groongaDelivery, SEARCH_TOPIC } from './domain/search/groonga';
import { Section } from './entities/section';
import { StatusChange } from './entities/status-change';
import { Initial1764000000000 } from './migrations/1764000000000-Initial';
import { PublicationRecord1765000000000 } from './migrations/1765000000000-PublicationRecord';
import { DocumentHolds1766400000000 } from './migrations/1766400000000-DocumentHolds';
import { LongTexts1766300000000 } from './migrations/1766300000000-LongTexts';
import { PolishSearch1766000000000 } from './migrations/1766000000000-PolishSearch';
import { GroongaSearch1766500000000 } from './migrations/1766500000000-GroongaSearch';
import { Uploads1766900000000 } from './migrations/1766900000000-Uploads';
import { ChampionLists1767000000000 } from './migrations/1767000000000-ChampionLists';
import { resolvers } from './resolvers';
import { seed } from './seed';

export const content: SubgraphModule = {
  name: 'content',
  resolvers,
  entities: [
    Section,
    Document,
    DocumentTag,
    Revision,
    StatusChange,
    Attachment,
    IdempotencyKey,
    OutboxMessage,
    DocumentHold,
    Upload,
  ],
  migrations: [
    Initial1764000000000,
    PublicationRecord1765000000000,
    PolishSearch1766000000000,
    LongTexts1766300000000,
    DocumentHolds1766400000000,
    GroongaSearch1766500000000,
    Uploads1766900000000,
    ChampionLists1767000000000,
  ],
  seed,
  background: (services, log) => [
    scheduler(services, log),
    uploadsPruner(services, attachmentStore({ services }), log),
  ],
  // Issue 12: files go up and down as streams, outside GraphQL (files.ts).
  files: contentFiles,
  // Issue 12: long diffs, bodies and files are worked on in threads (worker.ts), not on the event loop.
  worker: { tasks: HEAVY_WORK, entry: path.join(__dirname, 'worker') },
  outbox: ({ db, peers, credentials }) => ({
    [AUDIT_TOPIC]: auditDelivery(peers, credentials),
    [SEARCH_TOPIC]: groongaDelivery(db),
  }),
};

if (require.main === module) runStandalone(content);
