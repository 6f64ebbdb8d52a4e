/**
 * The servers a benchmark starts as child processes, each in its own process group so that a
 * server that itself starts processes (subgraph workers) is stopped as one unit. Whatever happens
 * to the bench (an error, Ctrl-C, a plain exit), nothing it started is left running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

const OUTPUT_KEPT = 64 * 1024;
export const STOP_GRACE_MS = 15_000;

export class ServerProcess {
  private output = '';
  private exitCode: number | string | null | undefined;
  readonly exited: Promise<number | string | null>;

  constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-OUTPUT_KEPT);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitCode = code ?? signal;
        running.delete(this);
        resolve(this.exitCode);
      });
    });
  }

  get hasExited(): boolean {
    return this.exitCode !== undefined;
  }

  /** What the process printed (the last 64 KB), for error messages and notes. */
  tail(lines = 20): string {
    return this.output.trimEnd().split('\n').slice(-lines).join('\n');
  }

  /** Log lines the server wrote (pino JSON lines at warn or above; the start banner is not one). */
  logLines(): string[] {
    return this.output.split('\n').filter((line) => line.startsWith('{'));
  }

  /**
   * SIGINT to the whole group (a clean stop, as Ctrl-C in a terminal would), SIGKILL if it is not gone in time.
   * Says whether it had to be killed.
   */
  async stop(): Promise<'stopped' | 'killed'> {
    let outcome: 'stopped' | 'killed' = 'stopped';
    if (!this.hasExited) {
      killGroup(this, 'SIGINT');
      const late = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), STOP_GRACE_MS).unref());
      if ((await Promise.race([this.exited, late])) === 'late') outcome = 'killed';
    }
    // Also ends anything the process started and left behind in its group.
    killGroup(this, 'SIGKILL');
    await this.exited;
    return outcome;
  }

  /** Synchronous, for process 'exit'. */
  kill(): void {
    killGroup(this, 'SIGKILL');
  }

  get pid(): number | undefined {
    return this.child.pid;
  }
}

const running = new Set<ServerProcess>();

function killGroup(server: ServerProcess, signal: NodeJS.Signals): void {
  if (server.pid === undefined) return;
  try {
    process.kill(-server.pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

let guarded = false;

/** Kills every child on exit, and stops them cleanly on Ctrl-C or SIGTERM before exiting. */
function guardExit(): void {
  if (guarded) return;
  guarded = true;
  process.on('exit', () => {
    for (const server of running) server.kill();
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping ${running.size} server process(es)`);
      void stopAll().finally(() => process.exit(130));
    });
  }
}

export async function stopAll(): Promise<void> {
  await Promise.allSettled([...running].map((server) => server.stop()));
}

/** Starts `node <script>` with the given environment, in its own process group. */
export function startNode(name: string, script: string, env: NodeJS.ProcessEnv, cwd: string): ServerProcess {
  guardExit();
  const child = spawn(process.execPath, [script], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const server = new ServerProcess(name, child);
  running.add(server);
  child.once('error', (error) => console.error(`${name}: ${error.message}`));
  return server;
}

/**
 * Polls `ready` until it returns true. Fails at once with the server's output if the process exits,
 * and after `timeoutMs` with the last reason `ready` gave.
 */
export async function waitUntilReady(
  server: ServerProcess,
  what: string,
  ready: () => Promise<true | string>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (server.hasExited) {
      throw new Error(`${server.name} exited before it ${what}.\nIts last output:\n${server.tail()}`);
    }
    try {
      const answer = await ready();
      if (answer === true) return;
      last = answer;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
      if (error instanceof Error && error.cause) last += ` (${String(error.cause)})`;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `${server.name} had not ${what} after ${timeoutMs / 1000} s (last attempt: ${last}).\n` +
      `Its last output:\n${server.tail() || '(nothing)'}`,
  );
}

/** Distinct TCP ports free on `host` right now (held together while they are picked, so none repeats). */
export async function freePorts(count: number, host: string): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const server = net.createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, host, resolve));
      ports.push((server.address() as net.AddressInfo).port);
    }
    return ports;
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}
