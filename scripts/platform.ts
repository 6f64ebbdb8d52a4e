/**
 * Starts the whole platform in one process: the four subgraphs, each its own HTTP server with its
 * own database, then the gateway over them. Used by `npm start` and by the tests.
 */
import 'reflect-metadata';
import { startGateway, type RunningGateway } from '../gateway';
import { SUBGRAPH_NAMES, type PlatformConfig, type SubgraphName } from '../subgraphs/common/config';
import { Peers } from '../subgraphs/common/peers';
import { startSubgraph, type RunningSubgraph, type SubgraphModule } from '../subgraphs/common/server';
import { access } from '../subgraphs/access';
import { content } from '../subgraphs/content';
import { lifecycle } from '../subgraphs/lifecycle';
import { organisation } from '../subgraphs/organisation';

export const SUBGRAPHS: Record<SubgraphName, SubgraphModule> = { organisation, access, lifecycle, content };

export interface RunningPlatform {
  gatewayUrl: string;
  gateway: RunningGateway;
  subgraphUrls: Record<SubgraphName, string>;
  subgraphs: Record<SubgraphName, RunningSubgraph>;
  stop(): Promise<void>;
}

/** `ephemeralPorts` lets the OS pick free ports (tests run side by side). */
export async function startPlatform(config: PlatformConfig, options: { ephemeralPorts?: boolean } = {}): Promise<RunningPlatform> {
  const peers = new Peers({ ...config.urls });
  const started: RunningSubgraph[] = [];
  try {
    for (const name of SUBGRAPH_NAMES) {
      started.push(await startSubgraph(SUBGRAPHS[name], config, peers, options.ephemeralPorts ? 0 : config.ports[name]));
    }
    const subgraphs = Object.fromEntries(started.map((s) => [s.name, s])) as Record<SubgraphName, RunningSubgraph>;
    const urls = Object.fromEntries(started.map((s) => [s.name, s.url])) as Record<SubgraphName, string>;
    const gateway = await startGateway(config, urls, options.ephemeralPorts ? 0 : config.gatewayPort);
    return {
      gatewayUrl: gateway.url,
      gateway,
      subgraphUrls: urls,
      subgraphs,
      async stop() {
        await gateway.stop();
        await Promise.all(started.map((s) => s.stop()));
      },
    };
  } catch (error) {
    await Promise.allSettled(started.map((s) => s.stop()));
    throw error;
  }
}
