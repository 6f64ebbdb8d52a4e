/** `npm start`: the whole platform on loopback with the embedded SQLite databases and sample data. */
import { ConfigError, loadConfig } from '../subgraphs/common/config';
import { startPlatform } from './platform';

async function main(): Promise<void> {
  const config = loadConfig();
  const platform = await startPlatform(config);
  const storage = config.database.kind === 'sqlite' ? `SQLite files in ${config.dataDir}` : 'MySQL/MariaDB';
  console.log(`\nMPI gateway ready at ${platform.gatewayUrl}  (storage: ${storage})`);
  console.log('Get a token for a sample account: npm run -s token -- --account anna.kowalczyk');
  console.log('Stop with Ctrl-C.\n');
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    platform.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
