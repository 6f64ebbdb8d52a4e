/**
 * Issue 12: CPU-heavy steps (comparing long revisions, sanitising and indexing long bodies, checking uploaded
 * bytes) run in worker threads, so that the event loop keeps answering `/health` and everybody else meanwhile.
 * A subgraph names its tasks (plain functions) and a worker entry that serves them; the pool starts threads on
 * first use, up to WORKER_THREADS, queues tasks beyond that, and replaces a thread that crashed or overran.
 * With 0 threads the same functions run on the event loop (the way it was; benchmarks compare the two).
 *
 * The worker entry is the same module whether the platform runs from dist/ (compiled JavaScript) or from the
 * TypeScript sources (ts-jest): the entry's extension is this file's own, and from sources the thread compiles
 * each module it loads with the project's TypeScript (test runs only; dist/ never needs TypeScript).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker, parentPort } from 'node:worker_threads';
import { GraphQLError } from 'graphql';
import { DomainError, type ErrorCode } from '../../platform/errors';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Tasks = Record<string, (...args: any[]) => unknown>;
type Result<T extends Tasks, K extends keyof T> = Awaited<ReturnType<T[K]>>;

export interface WorkerPoolOptions {
  /** Threads at most; 0 runs every task on the event loop. */
  threads: number;
  /** A task still running after this long is abandoned and its thread replaced (a poisoned input, a bug). */
  taskTimeoutMs?: number;
  /** Heap of each thread: an input that would exhaust it crashes the thread, not the process. */
  maxHeapMb?: number;
}

interface Job {
  id: number;
  task: string;
  args: unknown[];
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Thread {
  worker: Worker;
  job: Job | null;
  /** Its modules are loaded and it serves tasks: a task's time counts from then, not from the thread's start. */
  ready: boolean;
  timer?: NodeJS.Timeout;
}

/** What a worker sends back: the task's value, or how it failed (a refusal of ours keeps its code and message). */
type Reply =
  | { ready: true }
  | { id: number; value: unknown }
  | { id: number; refusal: { message: string; extensions: Record<string, unknown> } }
  | { id: number; failure: string };

export class WorkerPool<T extends Tasks> {
  private readonly threads: Thread[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  /** `entry` is the worker module's path without extension (e.g. `path.join(__dirname, 'worker')`). */
  constructor(
    private readonly tasks: T,
    private readonly entry: string,
    private readonly options: WorkerPoolOptions,
  ) {}

  /** Threads running now (started on first use, none after close). */
  get threadCount(): number {
    return this.threads.length;
  }

  /** Runs a task in a thread; `onLoop` (or a pool of 0 threads) runs it here, for work too small to be worth the trip. */
  async run<K extends keyof T & string>(
    task: K,
    args: Parameters<T[K]>,
    where: { onLoop?: boolean } = {},
  ): Promise<Result<T, K>> {
    if (this.closed) throw new Error(`The worker pool is stopped; "${task}" was not run.`);
    if (where.onLoop || this.options.threads === 0) return (await this.tasks[task](...args)) as Result<T, K>;
    return new Promise<Result<T, K>>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, args, resolve: resolve as (value: unknown) => void, reject });
      this.dispatch();
    });
  }

  /** Stops every thread; queued and running tasks fail with a clear error. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error(`The worker pool stopped before "${job.task}" ran.`));
    await Promise.all(this.threads.map((thread) => this.retire(thread, 'the pool stopped')));
  }

  private dispatch(): void {
    while (this.queue.length) {
      let thread = this.threads.find((t) => t.job === null);
      if (!thread && this.threads.length < this.options.threads) thread = this.spawn();
      if (!thread) return;
      const job = this.queue.shift() as Job;
      thread.job = job;
      if (thread.ready) this.startClock(thread, job);
      thread.worker.postMessage({ id: job.id, task: job.task, args: job.args });
    }
  }

  private startClock(thread: Thread, job: Job): void {
    const timeoutMs = this.options.taskTimeoutMs ?? 30_000;
    thread.timer = setTimeout(
      () => void this.retire(thread, `"${job.task}" took longer than ${timeoutMs} ms`),
      timeoutMs,
    );
  }

  private spawn(): Thread {
    const worker = startWorker(this.entry, this.options.maxHeapMb ?? 512);
    const thread: Thread = { worker, job: null, ready: false };
    worker.on('message', (reply: Reply) => this.settle(thread, reply));
    worker.on('error', (error) => void this.retire(thread, error.message));
    worker.on('exit', (code) => void this.retire(thread, `it exited with code ${code}`));
    this.threads.push(thread);
    return thread;
  }

  private settle(thread: Thread, reply: Reply): void {
    if ('ready' in reply) {
      thread.ready = true;
      if (thread.job) this.startClock(thread, thread.job);
      return;
    }
    const job = thread.job;
    if (!job || job.id !== reply.id) return;
    clearTimeout(thread.timer);
    thread.job = null;
    if ('value' in reply) job.resolve(reply.value);
    else if ('refusal' in reply) {
      const { code, ...details } = reply.refusal.extensions;
      job.reject(new DomainError(code as ErrorCode, reply.refusal.message, details));
    } else job.reject(new Error(`"${job.task}" failed in a worker thread: ${reply.failure}`));
    this.dispatch();
  }

  /** Takes a thread out of the pool (crashed, overran, or the pool stops); its task fails, the others go on. */
  private async retire(thread: Thread, why: string): Promise<void> {
    const index = this.threads.indexOf(thread);
    if (index === -1) return;
    this.threads.splice(index, 1);
    clearTimeout(thread.timer);
    const job = thread.job;
    thread.job = null;
    job?.reject(new Error(`The worker thread running "${job.task}" stopped (${why}); the work was not done.`));
    await thread.worker.terminate();
    if (!this.closed) this.dispatch();
  }
}

/** Starts a thread on the worker entry: compiled JavaScript as it is, TypeScript sources through the compiler. */
function startWorker(entry: string, maxHeapMb: number): Worker {
  const options = { resourceLimits: { maxOldGenerationSizeMb: maxHeapMb } };
  if (path.extname(__filename) !== '.ts') return new Worker(`${entry}.js`, options);
  const hook = `
    const fs = require('node:fs');
    const ts = require(${JSON.stringify(require.resolve('typescript'))});
    const { options } = ts.convertCompilerOptionsFromJson(${JSON.stringify(compilerOptions())}, ${JSON.stringify(projectRoot())});
    require.extensions['.ts'] = (module, file) =>
      module._compile(ts.transpileModule(fs.readFileSync(file, 'utf8'), { fileName: file, compilerOptions: options }).outputText, file);
    require(${JSON.stringify(`${entry}.ts`)});`;
  return new Worker(hook, { ...options, eval: true });
}

const projectRoot = () => path.resolve(__dirname, '..', '..');

function compilerOptions(): Record<string, unknown> {
  const tsconfig = JSON.parse(fs.readFileSync(path.join(projectRoot(), 'tsconfig.json'), 'utf8')) as {
    compilerOptions: Record<string, unknown>;
  };
  return { ...tsconfig.compilerOptions, sourceMap: false, inlineSourceMap: true };
}

/** In a worker entry: answers the pool's requests with `tasks`, one at a time. */
export function serveTasks(tasks: Tasks): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks runs in a worker thread (started by WorkerPool).');
  port.on('message', async ({ id, task, args }: { id: number; task: string; args: unknown[] }) => {
    try {
      const run = tasks[task];
      if (!run) throw new Error(`no task "${task}"`);
      port.postMessage({ id, value: await run(...args) });
    } catch (error) {
      if (error instanceof GraphQLError && error.extensions.code) {
        port.postMessage({ id, refusal: { message: error.message, extensions: error.extensions } });
      } else port.postMessage({ id, failure: error instanceof Error ? error.message : String(error) });
    }
  });
  port.postMessage({ ready: true });
}
