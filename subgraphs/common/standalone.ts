/** Runs one subgraph as its own process (production: one process per subgraph behind a load balancer). */
import 'reflect-metadata';
import { runService } from '../../platform/run-service';
import { loadConfig } from '../../platform/config';
import { Peers } from '../../platform/peers';
import { startSubgraph, type SubgraphModule } from './server';
import { internalSecret } from '../../platform/service-auth';

export function runStandalone(module: SubgraphModule): void {
  const config = loadConfig();
  runService(`mpi-${module.name}`, config.tracing, () =>
    startSubgraph(module, config, new Peers({ ...config.urls }, internalSecret(config))),
  );
}
