/** The gateway: the committed supergraph, served over HTTP, calling the four subgraphs. */
import 'reflect-metadata';
import path from 'node:path';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { KeyvAdapter } from '@apollo/utils.keyvadapter';
import KeyvRedis from '@keyv/redis';
import Redis from 'ioredis';
import Keyv from 'keyv';
import { createTokenVerifier } from '../platform/auth';
import { SUBGRAPH_NAMES, loadConfig, type PlatformConfig, type SubgraphName } from '../platform/config';
import { formatError } from '../platform/errors';
import { createLogger } from '../platform/logger';
import { changeBus } from '../platform/changes';
import type { GatewayContext } from './context';
import { execute } from './execute';
import { pipeline, type Stage } from './pipeline';
import { memoryStore, redisStore } from './response-cache-store';
import { compression } from './stages/compression';
import { cors } from './stages/cors';
import { httpCaching } from './stages/http-caching';
import { identification } from './stages/identification';
import { rateLimits } from './stages/rate-limits';
import { requestBody } from './stages/request-body';
import { ResponseCache } from './stages/response-cache';
import { responseSize } from './stages/response-size';
import { tracing } from './stages/tracing';
import { Peers } from '../platform/peers';
import { internalSecret, serviceCredentials } from '../platform/service-auth';
import { CircuitBreaker } from './circuit-breaker';
import { SubgraphDataSource } from './datasource';
import { AttachmentFiles } from './attachment-files';
import { operationResolution } from './operation-resolution';
import { Readiness } from './readiness';
import { serve } from './http';
import { UsageRecorder, partnerGate } from './partners';
import { operationLimits } from '../platform/operation-limits';
import { RateLimits } from './rate-limits';
import { clientAddress } from './client-address';
import { runService } from '../platform/run-service';
import { tracingPlugin } from '../platform/tracing';
import { dateTimeInputs } from './date-time-inputs';
import { costLimit } from './cost-limit';
import { GatewayMetrics, serveMetrics } from './metrics';
import { PlanWarmer } from './plan-warming';
import { supergraphFromFile } from './supergraph';
import { LiveUpdates } from './subscriptions';
import { FieldUsage } from './field-usage';
import { fieldUsage } from './stages/field-usage';
import { IDE_FILES, loadGraphqlIde } from './graphql-ide';
import { graphqlIde } from './stages/graphql-ide';
import { projectRoot } from '../platform/schema-file';

export interface RunningGateway {
  url: string;
  /** Where Prometheus scrapes the gateway: METRICS_PORT, apart from the public port. */
  metricsUrl: string;
  usage: UsageRecorder;
  /** Issue 14: fields used per client and day, sent to the access subgraph every FIELD_USAGE_FLUSH_INTERVAL_MS. */
  fieldUsage: FieldUsage;
  warmer: PlanWarmer;
  stop(): Promise<void>;
}

export async function startGateway(
  config: PlatformConfig,
  subgraphUrls: Record<SubgraphName, string> = config.urls,
  port = config.gatewayPort,
): Promise<RunningGateway> {
  const log = createLogger('gateway', config.logLevel);
  const development = config.env === 'development';
  // Every request to a subgraph is signed with it (platform/request-signature.ts).
  const secret = await internalSecret(config);
  // One breaker per subgraph, kept across supergraph reloads (which build the data sources again).
  const breakers = {} as Record<SubgraphName, CircuitBreaker>;
  for (const name of SUBGRAPH_NAMES) breakers[name] = new CircuitBreaker(config.breaker);
  const failed = (error: unknown, subgraph: string) =>
    log.warn({ err: error, subgraph, breaker: breakers[subgraph as SubgraphName]?.state }, 'subgraph call failed');
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphFromFile(config.supergraphPath, log),
    buildService: ({ name, url }) =>
      new SubgraphDataSource(subgraphUrls[name as SubgraphName] ?? url ?? '', secret, {
        name,
        shareInFlight: config.subgraphDedupe,
        timeoutMs: config.subgraphTimeoutMs[name as SubgraphName],
        breaker: breakers[name as SubgraphName],
        onFailure: failed,
      }),
    logger: log,
  });
  // With REDIS_URL, state replicas must share lives in Redis: automatic persisted queries, rate limits, the response cache.
  // No offline queue: while Redis is away, commands fail at once and the gateway answers without it.
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false })
    : undefined;
  let redisDown = false;
  redis?.on('error', (error: Error) => {
    if (!redisDown)
      log.warn(
        { err: error },
        'Redis unreachable: answering without the response cache, shared APQ and rate limits until it is back',
      );
    redisDown = true;
  });
  redis?.on('ready', () => (redisDown = false));
  if (redis) await readyOrTimeout(redis, 5000, log);
  const apqStore = config.redisUrl
    ? new Keyv({ store: new KeyvRedis(config.redisUrl), namespace: `${config.redisPrefix}-apq` })
    : undefined;
  // Without Redis an unknown APQ hash is a miss (the client sends the query again), never a crash.
  apqStore?.on('error', () => undefined);
  const limits = operationLimits(config);
  const peers = new Peers({ ...subgraphUrls }, secret);
  const credentials = serviceCredentials(config, 'gateway');
  // A cached answer of an APQ hash another replica executed: its text is in the shared APQ store (Apollo's "apq:" keys).
  const apqText = apqStore ? (hash: string) => apqStore.get<string>(`apq:${hash}`) : undefined;
  const fields = new FieldUsage(peers, credentials, log, apqText);
  const server = new ApolloServer<GatewayContext>({
    gateway,
    ...limits,
    plugins: [
      ...limits.plugins,
      operationResolution(),
      costLimit(gateway, config.limits.maxCost),
      dateTimeInputs(),
      tracingPlugin(),
      fields.plugin(),
      // Issue 14: never Apollo's landing page (it loads from Apollo's CDN); with GRAPHQL_IDE on, our own IDE answers.
      ApolloServerPluginLandingPageDisabled(),
    ],
    // Off in production unless GRAPHQL_IDE=on (the IDE's documentation and completion need it); from our config, not
    // from Apollo's own reading of NODE_ENV.
    introspection: config.env !== 'production' || config.graphqlIde,
    // Whoever started the gateway stops it, in order (npm start, tests); a second stop() would never settle.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    formatError: formatError(development, (error) => log.error({ err: error }, 'unexpected error')),
    persistedQueries: apqStore ? { cache: new KeyvAdapter(apqStore) } : undefined,
  });
  await server.start();
  fields.start(config.fieldUsageFlushMs);
  const usage = new UsageRecorder(peers, credentials, log);
  usage.start();
  const metrics = new GatewayMetrics();
  const changes = changeBus(config);
  let cache: ResponseCache | undefined;
  if (config.responseCache) {
    cache = new ResponseCache(redis ? redisStore(redis, config.redisPrefix) : memoryStore(), metrics, log);
    cache.listen(changes, redis);
    let first = true;
    gateway.onSchemaLoadOrUpdate(() => {
      if (!first) void cache?.clear();
      first = false;
    });
  }
  // The request path, stage by stage (ARCHITECTURE.md, "The front door").
  const verifier = await createTokenVerifier(config);
  const root = projectRoot();
  const ide = config.graphqlIde
    ? loadGraphqlIde(path.join(root, 'dist-ide'), path.join(root, 'docs', 'examples'))
    : undefined;
  if (ide?.missing) log.warn(ide.missing);
  const addressOf = clientAddress(config.trustedProxies);
  const front = {
    cors: cors({ origins: config.corsOrigins, allowLocalhost: development }),
    body: requestBody(config.limits),
    identification: identification(verifier),
    rateLimits: rateLimits(
      new RateLimits({ redis, prefix: config.redisPrefix }),
      { anonymous: config.rateLimits.anonymousPerMinute, account: config.rateLimits.accountPerMinute },
      addressOf,
    ),
  };
  const stages: Stage[] = [
    tracing(),
    front.cors,
    compression(),
    front.body,
    partnerGate({ peers, credentials, usage }),
    front.identification,
    front.rateLimits,
    ...(ide ? [graphqlIde(ide)] : []),
    httpCaching(),
    fieldUsage(fields),
    ...(cache ? [cache.stage()] : []),
    responseSize(config.limits.maxResponseBytes),
  ];
  // Issue 14: subscriptions, served here (gateway/subscriptions/), from the same change bus.
  const live = new LiveUpdates({
    server,
    gateway,
    verifier,
    changes,
    log,
    stages: [front.cors, front.body, front.identification, front.rateLimits],
    window: { maxEvents: config.liveUpdates.replayEvents, maxAgeMs: config.liveUpdates.replayMs },
    heartbeatMs: config.liveUpdates.heartbeatMs,
    streamsPerClient: config.liveUpdates.streamsPerClient,
    addressOf,
  });
  // Issue 12: files go up and down as streams, outside GraphQL.
  const files = new AttachmentFiles({
    contentUrl: subgraphUrls.content,
    secret,
    stages: [front.cors, front.identification, front.rateLimits],
    timeoutMs: config.subgraphTimeoutMs.content,
    log,
  });
  const readiness = new Readiness(subgraphUrls, breakers, config.subgraphTimeoutMs);
  const http = await serve({
    host: config.host,
    port,
    handle: pipeline(stages, execute(server)),
    metrics,
    ready: () => readiness.answer(),
    streams: live,
    files,
    onError: (error) => log.error({ err: error }, 'request failed'),
    filesUnder: ide ? IDE_FILES : undefined,
  });
  const metricsServer = await serveMetrics(metrics, config.host, config.metricsPort, (error) =>
    log.error({ err: error }, 'metrics failed'),
  ).catch(async (error: unknown) => {
    await http.close();
    throw error;
  });
  const warmer = new PlanWarmer(server, peers, credentials, log);
  warmer.start(config.planWarmIntervalMs);
  log.info({ url: http.url, metrics: metricsServer.url }, 'gateway ready');
  return {
    url: http.url,
    metricsUrl: metricsServer.url,
    usage,
    fieldUsage: fields,
    warmer,
    async stop() {
      readiness.stop();
      await warmer.stop();
      await usage.stop();
      live.stop();
      files.stop();
      await fields.stop();
      await http.close();
      await metricsServer.close();
      await server.stop();
      cache?.stop();
      await changes.close();
      await apqStore?.disconnect();
      redis?.disconnect();
    },
  };
}

/** Waits for Redis at start-up; if it is not there, the gateway starts anyway and uses it once it is. */
async function readyOrTimeout(redis: Redis, ms: number, log: ReturnType<typeof createLogger>): Promise<void> {
  if (redis.status === 'ready') return;
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  if (!ready) log.warn('Redis is not reachable yet: APQ, rate limits and the response cache wait for it');
}

if (require.main === module) {
  const config = loadConfig();
  runService('mpi-gateway', config.tracing, () => startGateway(config));
}
