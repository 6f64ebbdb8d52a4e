/**
 * `npm start` as one unit on two cores (issue 10, part 7): the four subgraphs in a child process, the gateway
 * in the main one. It answers a federated query, Ctrl-C (SIGINT) stops both processes and exits 0, and if the
 * subgraph process dies, the gateway stops and the command ends with an error. Runs what `npm start` runs:
 * dist/scripts/start.js, built first when the sources changed.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const FEED = '{ documents(first: 3) { nodes { title responsibleUnit { name } channel { name } } } }';

interface Started {
  main: ChildProcess;
  gatewayUrl: string;
  subgraphsPid: number;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let dataDir: string;

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build-if-changed.js'], { cwd: ROOT, stdio: 'inherit', timeout: 180_000 });
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

/** Starts dist/scripts/start.js on free ports and waits for its "gateway ready" line. */
async function start(extra: Record<string, string> = {}): Promise<Started> {
  const ports = Object.fromEntries(
    ['GATEWAY', 'METRICS', 'ORGANISATION', 'ACCESS', 'LIFECYCLE', 'CONTENT'].map((name) => [`${name}_PORT`, '0']),
  );
  const main = spawn(process.execPath, ['dist/scripts/start.js'], {
    cwd: ROOT,
    // npm start's own default: SQLite with the sample data, whatever database the suite runs on.
    env: {
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'DATABASE_URL' && name !== 'REDIS_URL')),
      ...ports,
      NODE_ENV: 'development',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      PLATFORM_PROCESSES: '2',
      ...extra,
    },
  });
  let output = '';
  main.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  main.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    main.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const gatewayUrl = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const ready = /MPI gateway ready at (\S+)/.exec(output);
      if (ready) {
        clearInterval(timer);
        resolve(ready[1]);
      } else if (main.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`npm start ended before it was ready:\n${output}`));
      }
    }, 50);
  });
  const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(main.pid)], { encoding: 'utf8' });
  const subgraphsPid = Number(children.trim().split(/\s+/)[0]);
  return { main, gatewayUrl, subgraphsPid, output: () => output, exit };
}

async function feed(url: string, query = FEED, authorization?: string): Promise<{ data?: Record<string, any>; errors?: { message: string }[] }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: Record<string, any>; errors?: { message: string }[] };
}

/** `npm run token`, as an operator runs it in another terminal (same DATA_DIR, nothing else set). */
function token(account: string, env: Record<string, string> = {}): string {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !['DATABASE_URL', 'REDIS_URL', 'NODE_ENV'].includes(name)));
  return execFileSync(process.execPath, ['dist/scripts/token.js', '--account', account], { cwd: ROOT, env: { ...clean, DATA_DIR: dataDir, ...env }, encoding: 'utf8' }).trim();
}

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
      expect((await feed(platform.gatewayUrl, '{ viewer { login } }', bearer)).data?.viewer).toEqual({ login: 'anna.kowalczyk' });
      // Production's masking: no suggestions.
      const typo = await feed(platform.gatewayUrl, '{ documents(first: 1) { nodes { titl } } }');
      expect(typo.errors?.[0].message).not.toMatch(/Did you mean/);
      // A key this JWKS does not hold is refused, and token says why instead of signing.
      const other = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-other-key-'));
      try {
        const stranger = `Bearer ${token('anna.kowalczyk', { DATA_DIR: other })}`;
        expect((await feed(platform.gatewayUrl, '{ viewer { login } }', stranger)).errors?.[0].message).toMatch(/not valid for this platform/);
        expect(() => token('anna.kowalczyk', { DATA_DIR: other, JWT_JWKS_URL: jwks! })).toThrow(/does not hold this machine's local key/);
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
