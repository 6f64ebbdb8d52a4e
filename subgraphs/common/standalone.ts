/** Runs one subgraph as its own process (production: one process per subgraph behind a load balancer). */
import 'reflect-metadata';
import { startTracing, stopTracing } from '../../platform/tracing';
import { loadConfig } from './config';
import { Peers } from './peers';
import { startSubgraph, type SubgraphModule } from './server';
import { internalSecret } from './service-auth';

export function runStandalone(module: SubgraphModule): void {
  const config = loadConfig();
  startTracing(`mpi-${module.name}`, config.tracing);
  startSubgraph(module, config, new Peers({ ...config.urls }, internalSecret(config)))
    .then((running) => {
      const stop = () => void running.stop().then(stopTracing).then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
