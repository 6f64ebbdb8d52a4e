/**
 * Starts the whole platform in one process: the four subgraphs, each its own HTTP server with its
 * own database, then the gateway over them. Used by the tests and by `npm start` with PLATFORM_PROCESSES=1.
 */
import 'reflect-metadata';
import { startGateway, type RunningGateway } from '../gateway';
import type { PlatformConfig, SubgraphName } from '../platform/config';
import { Peers } from '../platform/peers';
import type { RunningSubgraph } from '../subgraphs/common/server';
import { internalSecret } from '../platform/service-auth';
import { startSubgraphs, stopSubgraphs, urlsOf } from './subgraphs';

export { SUBGRAPHS } from './subgraphs';

export interface RunningPlatform {
  gatewayUrl: string;
  gateway: RunningGateway;
  subgraphUrls: Record<SubgraphName, string>;
  subgraphs: Record<SubgraphName, RunningSubgraph>;
  stop(): Promise<void>;
}

/** `ephemeralPorts` lets the OS pick free ports (tests run side by side). */
export async function startPlatform(
  config: PlatformConfig,
  options: { ephemeralPorts?: boolean } = {},
): Promise<RunningPlatform> {
  const peers = new Peers({ ...config.urls }, internalSecret(config));
  const subgraphs = await startSubgraphs(config, peers, { ephemeralPorts: options.ephemeralPorts });
  try {
    const urls = urlsOf(subgraphs);
    // What the outboxes owe from migrations and sample data goes out before the gateway opens, so that
    // no announcement of an old change arrives while its first answers are being cached.
    // (Each relay began its first pass when it started.)
    await Promise.all(Object.values(subgraphs).map((subgraph) => subgraph.relay?.idle()));
    const gateway = await startGateway(config, urls, options.ephemeralPorts ? 0 : config.gatewayPort);
    return {
      gatewayUrl: gateway.url,
      gateway,
      subgraphUrls: urls,
      subgraphs,
      async stop() {
        await gateway.stop();
        await stopSubgraphs(subgraphs);
      },
    };
  } catch (error) {
    await stopSubgraphs(subgraphs).catch(() => undefined);
    throw error;
  }
}
