/**
 * Builds and starts one subgraph: its database (migrated, seeded when asked), its federated
 * schema, and an HTTP server on loopback. Each subgraph's index.ts only describes itself.
 */
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { DataSource, EntitySchema, MixedList } from 'typeorm';
import { createTokenVerifier } from './auth';
import { remoteAccounts, remotePeople, type AccountDirectory, type PersonDirectory } from './caller';
import type { PlatformConfig, SubgraphName } from './config';
import { SubgraphContext } from './context';
import { openDatabase, type QueryCounter } from './database';
import { formatError } from './errors';
import { createLogger } from './logger';
import type { Peers } from './peers';
import { readSchema } from './schema-file';

export interface SubgraphModule {
  name: SubgraphName;
  resolvers: GraphQLResolverMap<SubgraphContext>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>;
  /** Loads the Kraków sample data into an empty database, in one transaction. */
  seed(db: DataSource): Promise<void>;
  /** The subgraph that owns accounts (or people) answers from its own database. */
  accounts?(db: DataSource): AccountDirectory;
  people?(db: DataSource): PersonDirectory;
}

export interface RunningSubgraph {
  name: SubgraphName;
  url: string;
  db: DataSource;
  queries: QueryCounter;
  stop(): Promise<void>;
}

export async function startSubgraph(
  module: SubgraphModule,
  config: PlatformConfig,
  peers: Peers,
  port = config.ports[module.name],
): Promise<RunningSubgraph> {
  const log = createLogger(module.name, config.logLevel);
  const { dataSource: db, queries } = await openDatabase(config, module, log);
  if (config.sampleData) await module.seed(db);

  const verifier = await createTokenVerifier(config);
  const accounts = module.accounts?.(db) ?? remoteAccounts(peers);
  const people = module.people?.(db) ?? remotePeople(peers);
  const development = config.env === 'development';

  const server = new ApolloServer<SubgraphContext>({
    schema: buildSubgraphSchema({
      typeDefs: readSchema(module.name),
      resolvers: module.resolvers as GraphQLResolverMap<unknown>,
    }),
    includeStacktraceInErrorResponses: false,
    // No Apollo Studio here: federated tracing would only add work to every response.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    formatError: formatError(development, (error) => log.error({ err: error }, 'unexpected error')),
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port, host: config.host },
    context: async ({ req }) => {
      const authorization = req.headers.authorization;
      const claims = await verifier.verify(authorization);
      return new SubgraphContext(db, peers, claims, authorization, accounts, people);
    },
  });
  const graphqlUrl = new URL('graphql', url).toString();
  peers.setUrl(module.name, graphqlUrl);
  log.info({ url: graphqlUrl }, `${module.name} subgraph ready`);

  return {
    name: module.name,
    url: graphqlUrl,
    db,
    queries,
    async stop() {
      await server.stop();
      await db.destroy();
    },
  };
}
