/**
 * The subgraph process of `npm start` (PLATFORM_PROCESSES=2): the four subgraphs on their configured ports,
 * so that the gateway in the parent process (scripts/start.ts) has a core to itself. Tells the parent over IPC
 * when they listen, passes the in-process change bus on to it, and stops when the parent says so or is gone.
 */
import { inProcessChanges, type LiveEvent } from '../platform/changes';
import { startTracing, stopTracing } from '../platform/tracing';
import { ConfigError, loadConfig, type SubgraphName } from '../platform/config';
import { Peers } from '../platform/peers';
import type { RunningSubgraph } from '../subgraphs/common/server';
import { internalSecret } from '../platform/service-auth';
import { startSubgraphs, stopSubgraphs, urlsOf } from './subgraphs';
import { logUnhandledRejections } from '../platform/unhandled-rejections';

/** What the subgraph process tells its parent. */
export type SubgraphsProcessMessage =
  | { type: 'ready'; urls: Record<SubgraphName, string> }
  | { type: 'mpi-changes'; tags: string[] }
  | { type: 'mpi-events'; events: LiveEvent[] };

/** What the parent tells the subgraph process. */
export interface StopMessage {
  type: 'stop';
}

function tell(message: SubgraphsProcessMessage): void {
  if (process.connected) process.send?.(message);
}

async function main(): Promise<void> {
  if (!process.send) {
    console.error('dist/scripts/subgraphs-process.js is started by npm start (scripts/start.ts), not on its own.');
    process.exit(2);
  }
  const config = loadConfig();
  logUnhandledRejections('mpi-subgraphs', config.logLevel);
  startTracing('mpi-subgraphs', config.tracing);
  // Without REDIS_URL the change bus stays inside a process, and the gateway's response cache is in the parent.
  if (!config.redisUrl) {
    inProcessChanges().subscribe((tags) => tell({ type: 'mpi-changes', tags }));
    // Live updates are served by the gateway, in the parent, too.
    inProcessChanges().subscribeEvents((events) => tell({ type: 'mpi-events', events }));
  }

  let stopping = false;
  let starting: Promise<Record<SubgraphName, RunningSubgraph>> | undefined;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    // A failed start is reported by main() below; here only what did start is stopped.
    Promise.resolve(starting)
      .then(
        (subgraphs) => subgraphs && stopSubgraphs(subgraphs),
        () => undefined,
      )
      .then(stopTracing)
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error('Stopping the subgraphs failed:', error);
          process.exit(1);
        },
      );
  };
  process.on('message', (message: StopMessage) => {
    if (message?.type === 'stop') stop();
  });
  process.once('disconnect', stop); // the parent is gone: never outlive it
  process.on('SIGTERM', stop);
  // Ctrl-C reaches the whole process group; the parent stops the gateway first and then tells this process.
  process.on('SIGINT', () => {});

  starting = startSubgraphs(config, new Peers({ ...config.urls }, internalSecret(config)));
  const subgraphs = await starting;
  tell({ type: 'ready', urls: urlsOf(subgraphs) });
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
