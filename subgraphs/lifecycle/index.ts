/** The lifecycle subgraph: the channels of MPI and (later) service requests, decisions, assistance, graphic line, report. */
import { runStandalone } from '../common/standalone';
import type { SubgraphModule } from '../common/server';
import { Channel } from './entities/channel';
import { Initial1764000000000 } from './migrations/1764000000000-Initial';
import { resolvers } from './resolvers';
import { seed } from './seed';

export const lifecycle: SubgraphModule = {
  name: 'lifecycle',
  resolvers,
  entities: [Channel],
  migrations: [Initial1764000000000],
  seed,
};

if (require.main === module) runStandalone(lifecycle);
