/**
 * `npm run token -- --account <login> [--ttl <hours>]`: prints a bearer token for a sample
 * account, signed with the local key (DATA_DIR/keys): for the embedded default, and for production mode
 * on one machine (`npm run start:production-local`, whose JWKS serves that key). Production tokens come from Sezam.
 */
import { jwksHoldsLocalKey } from '../platform/local-identity';
import { issueLocalToken } from '../platform/auth';
import { loadConfig } from '../platform/config';

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const login = argument('account');
  const hours = Number(argument('ttl') ?? 8);
  if (!login || !Number.isFinite(hours) || hours <= 0) {
    console.error(
      'Usage: npm run -s token -- --account <login> [--ttl <hours>]\n  e.g. npm run -s token -- --account anna.kowalczyk',
    );
    process.exit(2);
  }
  const config = loadConfig();
  // Production mode on one machine serves the local key as its JWKS: tokens signed with it are accepted there.
  if (config.jwt.jwksUrl && !(await jwksHoldsLocalKey(config.jwt.jwksUrl, config.dataDir))) {
    console.error(
      `JWT_JWKS_URL (${config.jwt.jwksUrl.href}) does not hold this machine's local key: tokens come from Sezam.`,
    );
    process.exit(2);
  }
  if (hours * 3600 > config.jwt.maxLifetimeSeconds) {
    console.error(
      `--ttl ${hours} is longer than the platform accepts (JWT_MAX_LIFETIME_SECONDS=${config.jwt.maxLifetimeSeconds}).`,
    );
    process.exit(2);
  }
  console.log(await issueLocalToken(config, login, Math.round(hours * 3600)));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
