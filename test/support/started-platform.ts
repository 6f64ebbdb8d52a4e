/**
 * The platform as an operator runs it: `dist/scripts/start.js` (what `npm start` runs) in processes of its own, on
 * free ports, built first when the sources changed. For tests about the running processes themselves: how they
 * start and stop, and how much memory they hold (the in-process test platform shares Jest's heap and cannot say).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');

export interface StartedPlatform {
  main: ChildProcess;
  gatewayUrl: string;
  /** The subgraphs' child process (PLATFORM_PROCESSES=2, the default), or 0 when everything runs in `main`. */
  subgraphsPid: number;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Builds dist/ when the sources changed since the last build (as `npm start` does). */
export function buildIfChanged(): void {
  execFileSync(process.execPath, ['scripts/build-if-changed.js'], { cwd: ROOT, stdio: 'inherit', timeout: 180_000 });
}

/** The suite's environment without what would point the platform at the suite's own databases. */
export function environmentWithout(names: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name, value]) => !names.includes(name) && value !== undefined),
  ) as Record<string, string>;
}

/** Starts dist/scripts/start.js on free ports over `dataDir` and waits for its "gateway ready" line. */
export async function startPlatformProcesses(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<StartedPlatform> {
  const ports = Object.fromEntries(
    ['GATEWAY', 'METRICS', 'ORGANISATION', 'ACCESS', 'LIFECYCLE', 'CONTENT'].map((name) => [`${name}_PORT`, '0']),
  );
  const main = spawn(process.execPath, ['dist/scripts/start.js'], {
    cwd: ROOT,
    // npm start's own default: SQLite with the sample data, whatever database the suite runs on, unless `env` says.
    env: {
      ...environmentWithout(['DATABASE_URL', 'REDIS_URL']),
      ...ports,
      NODE_ENV: 'development',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      PLATFORM_PROCESSES: '2',
      ...env,
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
  const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(main.pid)], { encoding: 'utf8' }).trim();
  const subgraphsPid = children ? Number(children.split(/\s+/)[0]) : 0;
  return { main, gatewayUrl, subgraphsPid, output: () => output, exit };
}

/** `npm run token`, as an operator runs it in another terminal (same DATA_DIR, nothing else set). */
export function tokenFor(dataDir: string, account: string, env: Record<string, string> = {}): string {
  const clean = environmentWithout(['DATABASE_URL', 'REDIS_URL', 'NODE_ENV']);
  return execFileSync(process.execPath, ['dist/scripts/token.js', '--account', account], {
    cwd: ROOT,
    env: { ...clean, DATA_DIR: dataDir, ...env },
    encoding: 'utf8',
  }).trim();
}

/** A process's resident set size in bytes, from /proc (Linux), or 0 once it has ended. */
export function residentBytes(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = /^VmRSS:\s+(\d+) kB/m.exec(status);
    return kib ? Number(kib[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
