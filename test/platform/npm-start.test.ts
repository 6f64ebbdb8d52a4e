/**
 * `npm start` as one unit on two cores (issue 10, part 7): the four subgraphs in a child process, the gateway
 * in the main one. It answers a federated query, Ctrl-C (SIGINT) stops both processes and exits 0, and if the
 * subgraph process dies, the gateway stops and the command ends with an error. Runs what `npm start` runs:
 * dist/scripts/start.js, built first when the sources changed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildIfChanged, startPlatformProcesses, tokenFor, type StartedPlatform } from '../support/started-platform';

const FEED = '{ documents(first: 3) { nodes { title responsibleUnit { name } channel { name } } } }';

let dataDir: string;

beforeAll(() => {
  buildIfChanged();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-npm-start-'));
}, 200_000);

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const start = (extra: Record<string, string> = {}): Promise<StartedPlatform> => startPlatformProcesses(dataDir, extra);

async function feed(
  url: string,
  query = FEED,
  authorization?: string,
): Promise<{ data?: Record<string, any>; errors?: { message: string }[] }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: Record<string, any>; errors?: { message: string }[] };
}

const token = (account: string, env: Record<string, string> = {}) => tokenFor(dataDir, account, env);

describe('npm start runs the subgraphs in a child process and the gateway in the main one, as one unit', () => {
  test('it answers a federated query; Ctrl-C stops both processes and exits 0', async () => {
    const platform = await start();
    try {
      expect(platform.subgraphsPid).toBeGreaterThan(0);
      expect((await feed(platform.gatewayUrl)).data?.documents.nodes).toHaveLength(3);
      platform.main.kill('SIGINT');
      expect(await platform.exit).toEqual({ code: 0, signal: null });
      expect(alive(platform.subgraphsPid)).toBe(false);
    } finally {
      platform.main.kill('SIGKILL');
    }
  });

  test('if the subgraph process dies, the gateway stops and npm start exits with an error saying so', async () => {
    const platform = await start();
    try {
      process.kill(platform.subgraphsPid, 'SIGKILL');
      expect((await platform.exit).code).toBe(1);
      expect(platform.output()).toMatch(/subgraph process \(pid \d+\) ended unexpectedly/);
    } finally {
      platform.main.kill('SIGKILL');
    }
  });
});

describe('issue 12: production mode on one machine (npm run start:production-local)', () => {
  test('issue 12: production settings with a local JWKS stand-in; npm run token signs for it; the banner says so', async () => {
    const platform = await start({ NODE_ENV: 'production', LOCAL_IDENTITY: 'on' });
    try {
      const jwks = /local JWKS at (\S+)/.exec(platform.output())?.[1];
      expect(platform.output()).toMatch(/production mode/);
      expect(platform.output()).not.toMatch(/Tokens come from Sezam/);
      expect(jwks).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\.well-known\/jwks\.json$/);
      const bearer = `Bearer ${token('anna.kowalczyk', { JWT_JWKS_URL: jwks! })}`;
      expect((await feed(platform.gatewayUrl, '{ viewer { login } }', bearer)).data?.viewer).toEqual({
        login: 'anna.kowalczyk',
      });
      // Production's masking: no suggestions.
      const typo = await feed(platform.gatewayUrl, '{ documents(first: 1) { nodes { titl } } }');
      expect(typo.errors?.[0].message).not.toMatch(/Did you mean/);
      // A key this JWKS does not hold is refused, and token says why instead of signing.
      const other = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-other-key-'));
      try {
        const stranger = `Bearer ${token('anna.kowalczyk', { DATA_DIR: other })}`;
        expect((await feed(platform.gatewayUrl, '{ viewer { login } }', stranger)).errors?.[0].message).toMatch(
          /not valid for this platform/,
        );
        expect(() => token('anna.kowalczyk', { DATA_DIR: other, JWT_JWKS_URL: jwks! })).toThrow(
          /does not hold this machine's local key/,
        );
      } finally {
        fs.rmSync(other, { recursive: true, force: true });
      }
      platform.main.kill('SIGINT');
      expect(await platform.exit).toEqual({ code: 0, signal: null });
    } finally {
      platform.main.kill('SIGKILL');
    }
  });
});
