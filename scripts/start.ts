/**
 * `npm start`: the whole platform on loopback with the embedded SQLite databases and sample data.
 * PLATFORM_PROCESSES=2 (default) runs the four subgraphs in a child process and the gateway in this one, a core
 * each; PLATFORM_PROCESSES=1 runs everything in this process, as the tests do. Either way it is one unit:
 * Ctrl-C or SIGTERM stops everything, and if the subgraph process dies, `npm start` ends with an error.
 */
import { serveLocalJwks, type LocalIdentity } from '../platform/local-identity';
import { startTracing, stopTracing } from '../platform/tracing';
import { ConfigError, loadConfig, type PlatformConfig } from '../platform/config';
import { internalSecret } from '../platform/service-auth';
import { describeExit, forkSubgraphs } from './fork-subgraphs';
import { logUnhandledRejections } from '../platform/unhandled-rejections';

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

/**
 * LOCAL_IDENTITY=on (`npm run start:production-local`): production mode on one machine. A stand-in for
 * Sezam serves the local key as a JWKS (platform/local-identity.ts) and the settings production
 * requires are filled in from DATA_DIR, before the configuration is read and the subgraphs are forked.
 */
async function startLocalIdentity(): Promise<LocalIdentity> {
  if (process.env.JWT_JWKS_URL)
    throw new ConfigError([
      'LOCAL_IDENTITY=on serves its own JWKS: unset JWT_JWKS_URL (or unset LOCAL_IDENTITY to use Sezam)',
    ]);
  const local = loadConfig({ ...process.env, NODE_ENV: 'development' });
  const identity = await serveLocalJwks(local.dataDir, local.host, 0);
  process.env.JWT_JWKS_URL = identity.jwksUrl;
  process.env.INTERNAL_SECRET ??= new TextDecoder().decode(await internalSecret(local));
  // Production's response cache needs Redis (changes cross processes through it); without one, no cache.
  if (!process.env.REDIS_URL) process.env.RESPONSE_CACHE ??= 'off';
  return identity;
}

/** What the operator can do next, true for the mode the platform runs in. */
function banner(config: PlatformConfig, gatewayUrl: string, identity?: LocalIdentity): string[] {
  const storage = config.database.kind === 'sqlite' ? `SQLite files in ${config.dataDir}` : 'MySQL/MariaDB';
  const lines = [`MPI gateway ready at ${gatewayUrl}  (${config.env} mode, storage: ${storage})`];
  if (identity) {
    lines.push(
      `Production mode on this machine: tokens are verified against the local JWKS at ${identity.jwksUrl}`,
      '(a stand-in for Sezam; never for a real deployment). Errors are masked as in production.',
      'Get a token for a sample account: npm run -s token -- --account anna.kowalczyk',
    );
  } else if (config.jwt.jwksUrl) {
    lines.push(`Tokens come from Sezam and are verified against ${config.jwt.jwksUrl.href}.`);
  } else {
    lines.push('Get a token for a sample account: npm run -s token -- --account anna.kowalczyk');
  }
  if (!config.responseCache) lines.push('Response cache off (RESPONSE_CACHE=off).');
  return [...lines, 'Stop with Ctrl-C.'];
}

async function main(): Promise<void> {
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const identity = process.env.LOCAL_IDENTITY === 'on' ? await startLocalIdentity() : undefined;
  if (identity) stopStarted = () => identity.stop();
  const config = loadConfig();
  logUnhandledRejections('mpi-platform', config.logLevel);
  // With two processes this one is the gateway; the subgraph process traces as mpi-subgraphs.
  startTracing(config.processes === 1 ? 'mpi-platform' : 'mpi-gateway', config.tracing);
  const gatewayUrl = config.processes === 1 ? await startInOneProcess(config) : await startInTwoProcesses(config);
  if (identity) {
    const stopPlatform = stopStarted;
    stopStarted = async () => {
      await stopPlatform();
      await identity.stop();
    };
  }
  if (stopping) return;
  console.log(`\n${banner(config, gatewayUrl, identity).join('\n')}\n`);
}

main().catch(async (error: unknown) => {
  if (stopping) return; // Ctrl-C during start: stop() ends the process
  stopping = true;
  console.error(error instanceof ConfigError ? error.message : error);
  await stopStarted().catch(() => undefined);
  process.exit(1);
});
