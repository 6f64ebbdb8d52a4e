/** Runs one subgraph as its own process (production: one process per subgraph behind a load balancer). */
import 'reflect-metadata';
import { runService } from '../../platform/run-service';
import { loadConfig } from './config';
import { Peers } from './peers';
import { startSubgraph, type SubgraphModule } from './server';
import { internalSecret } from './service-auth';

export function runStandalone(module: SubgraphModule): void {
  const config = loadConfig();
  runService(`mpi-${module.name}`, config.tracing, () => startSubgraph(module, config, new Peers({ ...config.urls }, internalSecret(config))));
}
