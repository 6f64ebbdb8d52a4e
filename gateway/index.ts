/** The gateway: the committed supergraph, served over HTTP, calling the four subgraphs. */
import 'reflect-metadata';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { KeyvAdapter } from '@apollo/utils.keyvadapter';
import KeyvRedis from '@keyv/redis';
import Redis from 'ioredis';
import Keyv from 'keyv';
import { createTokenVerifier } from '../subgraphs/common/auth';
import { loadConfig, type PlatformConfig, type SubgraphName } from '../subgraphs/common/config';
import { formatError } from '../subgraphs/common/errors';
import { createLogger } from '../subgraphs/common/logger';
import { gatewayContext, type GatewayContext } from './context';
import { Peers } from '../subgraphs/common/peers';
import { serviceCredentials } from '../subgraphs/common/service-auth';
import { SubgraphDataSource } from './datasource';
import { serve } from './http';
import { UsageRecorder, partnerGate } from './partners';
import { operationLimits } from './limits';
import { GatewayMetrics } from './metrics';
import { PlanWarmer } from './plan-warming';
import { supergraphFromFile } from './supergraph';

export interface RunningGateway {
  url: string;
  usage: UsageRecorder;
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
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphFromFile(config.supergraphPath, log),
    buildService: ({ name, url }) => new SubgraphDataSource(subgraphUrls[name as SubgraphName] ?? url ?? ''),
    logger: log,
  });
  // With REDIS_URL, state replicas must share lives in Redis: automatic persisted queries and partner rate limits.
  const redis = config.redisUrl ? new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 }) : undefined;
  const apqStore = config.redisUrl ? new Keyv({ store: new KeyvRedis(config.redisUrl), namespace: 'mpi-apq' }) : undefined;
  const limits = operationLimits(config);
  const server = new ApolloServer<GatewayContext>({
    gateway,
    ...limits,
    includeStacktraceInErrorResponses: false,
    formatError: formatError(development, (error) => log.error({ err: error }, 'unexpected error')),
    persistedQueries: apqStore ? { cache: new KeyvAdapter(apqStore) } : undefined,
  });
  const peers = new Peers({ ...subgraphUrls });
  const credentials = serviceCredentials(config, 'gateway');
  const usage = new UsageRecorder(peers, credentials, log);
  usage.start();
  const http = await serve(server, {
    host: config.host,
    port,
    context: ((verify) => (req) => verify({ req }))(gatewayContext(await createTokenVerifier(config))),
    gate: partnerGate({ peers, credentials, redis, usage }),
    metrics: new GatewayMetrics(),
  });
  const warmer = new PlanWarmer(server, peers, credentials, log);
  warmer.start(config.planWarmIntervalMs);
  log.info({ url: http.url }, 'gateway ready');
  return {
    url: http.url,
    usage,
    warmer,
    async stop() {
      await warmer.stop();
      await usage.stop();
      await http.close();
      await apqStore?.disconnect();
      redis?.disconnect();
    },
  };
}

if (require.main === module) {
  startGateway(loadConfig()).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
