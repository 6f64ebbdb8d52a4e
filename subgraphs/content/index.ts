/** The content subgraph: sections, documents and (later) revisions, publishing and search. */
import { runStandalone } from '../common/standalone';
import type { SubgraphModule } from '../common/server';
import { Document } from './entities/document';
import { Section } from './entities/section';
import { Initial1764000000000 } from './migrations/1764000000000-Initial';
import { resolvers } from './resolvers';
import { seed } from './seed';

export const content: SubgraphModule = {
  name: 'content',
  resolvers,
  entities: [Section, Document],
  migrations: [Initial1764000000000],
  seed,
};

if (require.main === module) runStandalone(content);
