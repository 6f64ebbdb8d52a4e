/** The gateway: the committed supergraph, served over HTTP, calling the four subgraphs. */
import 'reflect-metadata';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { createTokenVerifier } from '../subgraphs/common/auth';
import { loadConfig, type PlatformConfig, type SubgraphName } from '../subgraphs/common/config';
import { formatError } from '../subgraphs/common/errors';
import { createLogger } from '../subgraphs/common/logger';
import { gatewayContext, type GatewayContext } from './context';
import { SubgraphDataSource } from './datasource';
import { supergraphFromFile } from './supergraph';

export interface RunningGateway {
  url: string;
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
  const server = new ApolloServer<GatewayContext>({
    gateway,
    includeStacktraceInErrorResponses: false,
    formatError: formatError(development, (error) => log.error({ err: error }, 'unexpected error')),
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port, host: config.host },
    context: gatewayContext(await createTokenVerifier(config)),
  });
  const graphqlUrl = new URL('graphql', url).toString();
  log.info({ url: graphqlUrl }, 'gateway ready');
  return { url: graphqlUrl, stop: () => server.stop() };
}

if (require.main === module) {
  startGateway(loadConfig()).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
