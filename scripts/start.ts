/**
 * `npm start`: the whole platform on loopback with the embedded SQLite databases and sample data.
 * PLATFORM_PROCESSES=2 (default) runs the four subgraphs in a child process and the gateway in this one, a core
 * each; PLATFORM_PROCESSES=1 runs everything in this process, as the tests do. Either way it is one unit:
 * Ctrl-C or SIGTERM stops everything, and if the subgraph process dies, `npm start` ends with an error.
 */
import { startTracing, stopTracing } from '../platform/tracing';
import { ConfigError, loadConfig, type PlatformConfig } from '../subgraphs/common/config';
import { describeExit, forkSubgraphs } from './fork-subgraphs';

/** What a stop has to stop at this moment; it grows as the platform starts. */
let stopStarted: () => Promise<unknown> = async () => {};
let stopping = false;

function stop(): void {
  if (stopping) return;
  stopping = true;
  stopStarted()
    .then(stopTracing)
    .then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
}

/** PLATFORM_PROCESSES=1. */
async function startInOneProcess(config: PlatformConfig): Promise<string> {
  const { startPlatform } = await import('./platform');
  const platform = await startPlatform(config);
  stopStarted = () => platform.stop();
  return platform.gatewayUrl;
}

/** PLATFORM_PROCESSES=2: the gateway's code loads here while the child starts the subgraphs. */
async function startInTwoProcesses(config: PlatformConfig): Promise<string> {
  const subgraphs = forkSubgraphs();
  stopStarted = () => subgraphs.stop();
  let stopGateway: () => Promise<unknown> = async () => {};
  let ready = false;
  void subgraphs.exited.then((exit) => {
    if (stopping || !ready) return; // a stop in progress, or a failed start that `ready` reports
    stopping = true;
    const what = `The subgraph process (pid ${subgraphs.pid}) ended unexpectedly: it ${describeExit(exit)}.`;
    console.error(`\n${what} Stopping the gateway.`);
    stopGateway().finally(() => process.exit(1));
  });

  const [{ startGateway }, urls] = await Promise.all([import('../gateway'), subgraphs.ready]);
  ready = true;
  const gateway = await startGateway(config, urls);
  stopGateway = () => gateway.stop();
  stopStarted = async () => {
    await gateway.stop();
    const exit = await subgraphs.stop();
    if (exit.code !== 0) throw new Error(`The subgraph process ${describeExit(exit)} while stopping.`);
  };
  return gateway.url;
}

async function main(): Promise<void> {
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const config = loadConfig();
  // With two processes this one is the gateway; the subgraph process traces as mpi-subgraphs.
  startTracing(config.processes === 1 ? 'mpi-platform' : 'mpi-gateway', config.tracing);
  const gatewayUrl = config.processes === 1 ? await startInOneProcess(config) : await startInTwoProcesses(config);
  if (stopping) return;
  const storage = config.database.kind === 'sqlite' ? `SQLite files in ${config.dataDir}` : 'MySQL/MariaDB';
  console.log(`\nMPI gateway ready at ${gatewayUrl}  (storage: ${storage})`);
  console.log('Get a token for a sample account: npm run -s token -- --account anna.kowalczyk');
  console.log('Stop with Ctrl-C.\n');
}

main().catch(async (error: unknown) => {
  if (stopping) return; // Ctrl-C during start: stop() ends the process
  stopping = true;
  console.error(error instanceof ConfigError ? error.message : error);
  await stopStarted().catch(() => undefined);
  process.exit(1);
});
