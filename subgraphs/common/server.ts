/**
 * Builds and starts one subgraph: its database (migrated, seeded when asked), its federated
 * schema, and an HTTP server on loopback. Each subgraph's index.ts only describes itself.
 */
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { DataSource, EntitySchema, MixedList } from 'typeorm';
import { createTokenVerifier } from '../../platform/auth';
import { remoteAccounts, remotePeople, type AccountDirectory, type PersonDirectory } from './caller';
import type { PlatformConfig, SubgraphName } from '../../platform/config';
import { SubgraphContext, type SubgraphServices } from './context';
import { databaseReadiness, openDatabase, type QueryCounter } from './database';
import { formatError } from '../../platform/errors';
import { createLogger, type Logger } from '../../platform/logger';
import { Relay, type OutboxHandler } from './outbox';
import type { Peers } from '../../platform/peers';
import {
  SERVICE_HEADER,
  internalSecret,
  serviceCredentials,
  type ServiceCredentials,
} from '../../platform/service-auth';
import { CALLER_HEADER, verifyCaller } from '../../platform/caller-context';
import { operationLimits } from '../../platform/operation-limits';
import { tracingPlugin } from '../../platform/tracing';
import { cacheHintsPlugin } from './cache-hints';
import { CHANGES_TOPIC, changesDelivery } from './changes';
import { LIVE_TOPIC, liveEventsDelivery } from './live-events';
import { changeBus } from '../../platform/changes';
import { serveSubgraph, type FileRoutes } from './http';
import { readSchema } from '../../platform/schema-file';
import { WorkerPool, type Tasks } from './worker-pool';

/**
 * A subgraph's resolvers, typed as `buildSubgraphSchema` takes them (the package exports the function, not the
 * type: it is read off the function rather than imported from its dist/ folder).
 */
type SchemaModule = Extract<Parameters<typeof buildSubgraphSchema>[0], readonly unknown[]>[number];
export type Resolvers = NonNullable<Extract<SchemaModule, { typeDefs: unknown }>['resolvers']>;

export interface SubgraphModule {
  name: SubgraphName;
  resolvers: Resolvers;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>;
  /** Loads the Kraków sample data into an empty database, in one transaction. */
  seed(db: DataSource): Promise<void>;
  /** The subgraph that owns accounts (or people) answers from its own database. */
  accounts?(db: DataSource): AccountDirectory;
  people?(db: DataSource): PersonDirectory;
  /** Work the subgraph does on its own, started with the server and stopped with it (e.g. scheduled publishing). */
  background?(services: SubgraphServices, log: Logger): BackgroundJob[];
  /** Handlers for the topics of this subgraph's outbox, if it has one. */
  outbox?(deps: OutboxDeps): Record<string, OutboxHandler>;
  /** CPU-heavy tasks run in worker threads (issue 12): the tasks, and the worker entry serving them, without extension. */
  worker?: { tasks: Tasks; entry: string };
  /** Routes besides /graphql (the content subgraph's uploads and downloads). */
  files?(services: SubgraphServices, log: Logger): FileRoutes;
}

export interface OutboxDeps {
  db: DataSource;
  peers: Peers;
  credentials: ServiceCredentials;
  config: PlatformConfig;
  log: Logger;
}

export interface BackgroundJob {
  start(): void;
  stop(): Promise<void>;
}

export interface RunningSubgraph {
  name: SubgraphName;
  url: string;
  db: DataSource;
  queries: QueryCounter;
  /** GraphQL requests this subgraph has answered (tests count the hops of one act). */
  requests: { count: number };
  relay?: Relay;
  /** Its worker threads, if it has any (tests look at them). */
  workers?: WorkerPool<Tasks>;
  stop(): Promise<void>;
}

/** How much larger than a client's request a subgraph's may be (the gateway adds entity representations). */
const SUBGRAPH_BODY_FACTOR = 8;

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
  const credentials = serviceCredentials(config, module.name);
  // Every outbox also carries "what changed" to the gateways' response caches, and live events to their subscribers.
  const changes = changeBus(config);
  const own = module.outbox?.({ db, peers, credentials, config, log });
  const handlers = own
    ? { ...own, [CHANGES_TOPIC]: changesDelivery(changes), [LIVE_TOPIC]: liveEventsDelivery(changes) }
    : undefined;
  const relay = handlers
    ? new Relay(db, handlers, log, { intervalMs: config.outboxIntervalMs, batchSize: 100 })
    : undefined;
  const workers =
    module.worker && new WorkerPool(module.worker.tasks, module.worker.entry, { threads: config.workerThreads });
  const services: SubgraphServices = {
    name: module.name,
    config,
    db,
    peers,
    credentials,
    relay,
    accounts: module.accounts?.(db) ?? remoteAccounts(peers),
    people: module.people?.(db) ?? remotePeople(peers, credentials),
    workers,
  };
  const development = config.env === 'development';

  const schema = buildSubgraphSchema({
    typeDefs: readSchema(module.name),
    resolvers: module.resolvers,
  });
  // The gateway's limits and masking here too: a peer, or anybody who got hold of a signature, meets the same line.
  const limits = operationLimits(config);
  const server = new ApolloServer<SubgraphContext>({
    schema,
    ...limits,
    includeStacktraceInErrorResponses: false,
    // Whoever started the subgraph stops it, in order (npm start, runStandalone, tests).
    stopOnTerminationSignals: false,
    plugins: [
      ...limits.plugins,
      // No Apollo Studio here: federated tracing would only add work to every response.
      ApolloServerPluginInlineTraceDisabled(),
      cacheHintsPlugin(schema),
      tracingPlugin(),
      // What a person's act put in the outbox (audit entries, changes, actions) leaves before its answer does.
      // A service's act (itself an outbox delivery) only starts its own: awaiting it could wait on the caller's relay.
      {
        requestDidStart: async () => ({
          willSendResponse: async ({ operation, contextValue }) => {
            if (operation?.operation !== 'mutation' || !relay) return;
            if (contextValue.service) void relay.deliver();
            else await relay.deliver();
          },
        }),
      },
      ApolloServerPluginCacheControl(),
    ],
    formatError: formatError(development, (error) => log.error({ err: error }, 'unexpected error'), module.name),
  });
  await server.start();
  const requests = { count: 0 };
  const secret = await internalSecret(config);
  const { url, close } = await serveSubgraph(server, {
    name: `${module.name} subgraph`,
    subgraph: module.name,
    host: config.host,
    port,
    requests,
    log,
    secret,
    // The gateway's own requests carry entity representations besides what its client sent: room for them.
    maxBodyBytes: SUBGRAPH_BODY_FACTOR * config.limits.maxRequestBytes,
    files: module.files?.(services, log),
    ready: () => databaseReadiness(db),
    context: async (req, scope) => {
      const authorization = req.headers.authorization;
      const claims = await verifier.verify(authorization);
      const serviceHeader = req.headers[SERVICE_HEADER];
      const service = await credentials.verify(Array.isArray(serviceHeader) ? serviceHeader[0] : serviceHeader);
      const handed = req.headers[CALLER_HEADER];
      const handedCaller =
        typeof handed === 'string' && claims && authorization
          ? await verifyCaller(secret, handed, { requestId: scope.requestId, authorization, login: claims.login })
          : null;
      // Handed on: the next peers called for this request get the same context.
      if (handedCaller) scope.callerContext = handed as string;
      return new SubgraphContext(services, claims, authorization, service, scope, handedCaller);
    },
  });
  const graphqlUrl = url;
  peers.setUrl(module.name, graphqlUrl);
  relay?.start();
  const jobs = module.background?.(services, log) ?? [];
  for (const job of jobs) job.start();
  log.info({ url: graphqlUrl }, `${module.name} subgraph ready`);

  return {
    name: module.name,
    url: graphqlUrl,
    db,
    queries,
    requests,
    relay,
    workers,
    async stop() {
      for (const job of jobs) await job.stop();
      await relay?.stop();
      await changes.close();
      await close();
      await server.stop();
      await workers?.close();
      await db.destroy();
    },
  };
}
